"""The first schema: sources, runs, articles (+ full-text index), events, signals, evidence,
incidents and their members, quarantine.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written out here, not imported from ``rasd.store.schema``: a migration is a fixed
step; ``tests/store/test_schema.py`` checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "sources", _id(),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "runs", _id(),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(20), nullable=False, server_default="running"),
        sa.Column("command", sa.Text),
        *(sa.Column(c, sa.Integer, nullable=False, server_default="0")
          for c in ("stored", "present", "reextracted", "quarantined", "events")),
        sa.CheckConstraint("status IN ('running', 'finished', 'failed')", name="ck_runs_status"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "articles", _id(),
        sa.Column("identity", sa.String(2100), nullable=False),
        sa.Column("external_id", sa.String(500), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id")),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.String(10)),
        sa.Column("input_name", sa.Text),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("ingested_at", TS, nullable=False),
        sa.Column("pipeline_version", sa.String(100)),
        sa.Column("extracted_at", TS),
        sa.UniqueConstraint("identity", name="uq_articles_identity"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_articles_source_id", "articles", ["source_id"])
    op.create_index("ix_articles_text_hash", "articles", ["text_hash"])
    op.create_index("ix_articles_pipeline_version", "articles", ["pipeline_version"])
    op.create_table(
        "events", _id(),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("sub_event_type", sa.String(100), nullable=False),
        sa.Column("actor1", sa.String(200)),
        sa.Column("assoc_actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("country", sa.String(3)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("admin1_code", sa.String(50)),
        sa.Column("admin2", sa.String(200)),
        sa.Column("admin3", sa.String(200)),
        sa.Column("location", sa.String(300)),
        sa.Column("location_ar", sa.String(300)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer, nullable=False),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("civilian_targeting", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="machine"),
        sa.Column("reviewed_at", TS),
        sa.CheckConstraint("status IN ('machine', 'confirmed', 'edited', 'rejected')", name="ck_events_status"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_type_date", "events", ["event_type", "event_date"])
    op.create_index("ix_events_country_admin1", "events", ["country", "admin1_code"])
    op.create_table(
        "signals", _id(),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
        sa.Column("actor", sa.String(200)),
        sa.Column("country", sa.String(3)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("admin1_code", sa.String(50)),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("direction", sa.String(50), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_signals_article_id", "signals", ["article_id"])
    op.create_table(
        "evidence", _id(),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE")),
        sa.Column("signal_id", sa.Integer, sa.ForeignKey("signals.id", ondelete="CASCADE")),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.CheckConstraint("(event_id IS NULL) <> (signal_id IS NULL)", name="ck_evidence_owner"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_evidence_event_id", "evidence", ["event_id"])
    op.create_index("ix_evidence_signal_id", "evidence", ["signal_id"])
    op.create_table(
        "incidents", _id(),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("method", sa.String(100)),
        sa.Column("undone_at", TS),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "incident_members", _id(),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("merged_at", TS, nullable=False),
        sa.Column("undone_at", TS),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_incident_members_incident_id", "incident_members", ["incident_id"])
    op.create_index("ix_incident_members_event_id", "incident_members", ["event_id"])
    op.create_index("uq_incident_members_active_event", "incident_members", ["event_id"], unique=True,
                    sqlite_where=sa.text("undone_at IS NULL"), postgresql_where=sa.text("undone_at IS NULL"))
    op.create_table(
        "quarantine", _id(),
        sa.Column("input_name", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.UniqueConstraint("input_name", "reason", name="uq_quarantine_input_reason"),
        sqlite_autoincrement=True,
    )
    _create_search_index()


def _create_search_index() -> None:
    """The full-text index over the normalised article text (see rasd.store.fts)."""
    if op.get_bind().dialect.name == "sqlite":
        # contentless: the index only; the text itself is stored once, in articles.text
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(body, content='', "
                   "tokenize='unicode61 remove_diacritics 0')")
    else:
        op.create_table(
            "article_search",
            sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("doc", postgresql.TSVECTOR, nullable=False),
        )
        op.create_index("ix_article_search_doc", "article_search", ["doc"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE article_fts")
    else:
        op.drop_table("article_search")
    for table in ("quarantine", "incident_members", "incidents", "evidence", "signals", "events", "articles", "runs",
                  "sources"):
        op.drop_table(table)
