"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

The migrations in ``rasd/store/migrations/versions`` create exactly these tables
(a test compares them); this module is what the code queries against. The
full-text index is backend-specific and lives outside this metadata (see
:mod:`rasd.store.fts`): an FTS5 table ``article_fts`` in SQLite, a table
``article_search`` with a ``tsvector`` and a GIN index in PostgreSQL.

Every table has an integer id that is never reused (``AUTOINCREMENT`` in SQLite),
so ids handed out (to a review queue, an API URL) never come to mean another row.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

#: review states of an event: as extracted, confirmed by a person, edited by a person, rejected
EVENT_STATUSES = ("machine", "confirmed", "edited", "rejected")
#: states of an ingestion run; a run that never finished (killed) stays ``running``
RUN_STATUSES = ("running", "finished", "failed")

metadata = MetaData()


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


sources = Table(
    "sources", metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

runs = Table(
    "runs", metadata,
    _id(),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(20), nullable=False, server_default="running"),
    Column("command", Text),
    Column("stored", Integer, nullable=False, server_default="0"),
    Column("present", Integer, nullable=False, server_default="0"),
    Column("reextracted", Integer, nullable=False, server_default="0"),
    Column("quarantined", Integer, nullable=False, server_default="0"),
    Column("events", Integer, nullable=False, server_default="0"),
    CheckConstraint("status IN ('running', 'finished', 'failed')", name="ck_runs_status"),
    sqlite_autoincrement=True,
)

articles = Table(
    "articles", metadata,
    _id(),
    # url:<canonical URL> or text:<sha256 of the normalised text> (rasd.store.identity)
    Column("identity", String(2100), nullable=False),
    Column("external_id", String(500), nullable=False),  # Article.id: file stem, docno, feed id
    Column("source_id", Integer, ForeignKey("sources.id"), index=True),
    Column("url", Text),  # as received
    Column("canonical_url", Text),
    Column("title", Text, nullable=False, server_default=""),
    Column("text", Text, nullable=False),  # exactly as received: every span points into it
    Column("text_hash", String(64), nullable=False, index=True),  # sha256 of the normalised text
    Column("published", Date),
    Column("language", String(10)),
    Column("input_name", Text),  # the file (or path:line) it was read from
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # the pipeline version of the stored extraction; NULL: not extracted (yet, or it failed)
    Column("pipeline_version", String(100), index=True),
    Column("extracted_at", DateTime(timezone=True)),
    UniqueConstraint("identity", name="uq_articles_identity"),
    sqlite_autoincrement=True,
)

events = Table(
    "events", metadata,
    _id(),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # order within the article's extraction
    Column("pipeline_version", String(100), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("sub_event_type", String(100), nullable=False),
    Column("actor1", String(200)),
    Column("assoc_actor1", String(200)),
    Column("actor2", String(200)),
    Column("country", String(3)),
    Column("admin1", String(200)),
    Column("admin1_code", String(50)),
    Column("admin2", String(200)),
    Column("admin3", String(200)),
    Column("location", String(300)),
    Column("location_ar", String(300)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer, nullable=False),
    Column("event_date", Date, index=True),
    Column("time_precision", Integer, nullable=False),
    Column("fatalities", Integer, nullable=False),
    Column("civilian_targeting", Boolean, nullable=False),
    Column("status", String(20), nullable=False, server_default="machine"),
    Column("reviewed_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('machine', 'confirmed', 'edited', 'rejected')", name="ck_events_status"),
    sqlite_autoincrement=True,
)
Index("ix_events_type_date", events.c.event_type, events.c.event_date)
Index("ix_events_country_admin1", events.c.country, events.c.admin1_code)
# migration 0002: the API's filters, map layers and actor lists read from these alone
Index("ix_events_status", events.c.status)
Index("ix_events_place_cover", events.c.country, events.c.admin1_code, events.c.admin1, events.c.admin2,
      events.c.status, events.c.fatalities, events.c.event_date)
Index("ix_events_actor_cover", events.c.actor1, events.c.assoc_actor1, events.c.actor2, events.c.status,
      events.c.fatalities)
# migration 0003: a place filter read in date order
Index("ix_events_admin1_date", events.c.admin1, events.c.event_date)
Index("ix_events_admin1_code_date", events.c.admin1_code, events.c.event_date)

signals = Table(
    "signals", metadata,
    _id(),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("pipeline_version", String(100), nullable=False),
    Column("actor", String(200)),
    Column("country", String(3)),
    Column("admin1", String(200)),
    Column("admin1_code", String(50)),
    Column("kind", String(100), nullable=False),
    Column("direction", String(50), nullable=False),
    sqlite_autoincrement=True,
)

evidence = Table(
    "evidence", metadata,
    _id(),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), index=True),
    Column("signal_id", Integer, ForeignKey("signals.id", ondelete="CASCADE"), index=True),
    Column("role", String(30), nullable=False),
    Column("start", Integer, nullable=False),  # offsets into articles.text: text[start:end] == evidence.text
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    CheckConstraint("(event_id IS NULL) <> (signal_id IS NULL)", name="ck_evidence_owner"),
    sqlite_autoincrement=True,
)

incidents = Table(
    "incidents", metadata,
    _id(),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("method", String(100)),  # what merged it (algorithm name and version)
    Column("undone_at", DateTime(timezone=True)),  # the whole merge undone
    sqlite_autoincrement=True,
)

incident_members = Table(
    "incident_members", metadata,
    _id(),
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("merged_at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
    sqlite_autoincrement=True,
)
# an event belongs to at most one incident at a time (undone memberships are history)
Index("uq_incident_members_active_event", incident_members.c.event_id, unique=True,
      sqlite_where=text("undone_at IS NULL"), postgresql_where=text("undone_at IS NULL"))

quarantine = Table(
    "quarantine", metadata,
    _id(),
    Column("input_name", Text, nullable=False),  # path, path:line or URL
    Column("reason", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),  # the last run that met it
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="1"),
    UniqueConstraint("input_name", "reason", name="uq_quarantine_input_reason"),
    sqlite_autoincrement=True,
)
