"""The rasd store: articles, events with evidence, signals, incidents, ingestion runs and
a quarantine, in SQLite (the embedded default) or PostgreSQL, behind one interface.

    from rasd.store import open_store, pipeline_version
    with open_store("sqlite:///events.db") as store:        # None: the embedded default file
        article_id, created = store.add_article(article, source="BBC")
        store.save_extraction(article_id, extract(article), pipeline_version())
        store.search("داعش"), store.stats()

Modules: ``engine`` (URLs, SQLite WAL / one writer), ``schema`` (tables), ``migrate``
and ``migrations/`` (Alembic, run on open), ``identity`` (canonical URL or text hash),
``fts`` (Arabic-normalised full-text search), ``articles``/``queries``/``runs``/
``incidents`` (SQL, one module per concern), ``store`` (the :class:`Store`),
``ingestion`` (files → store, behind ``rasd ingest``). SQL lives only here.
"""

from rasd.store.engine import default_url, resolve_url
from rasd.store.errors import StoreError
from rasd.store.records import (
    Incident,
    IncidentMember,
    QuarantineEntry,
    Run,
    RunCounts,
    SearchHit,
    StoredArticle,
    StoredEvent,
)
from rasd.store.store import Store, open_store
from rasd.store.version import pipeline_version

__all__ = [
    "Incident", "IncidentMember", "QuarantineEntry", "Run", "RunCounts", "SearchHit", "Store", "StoreError",
    "StoredArticle", "StoredEvent", "default_url", "open_store", "pipeline_version", "resolve_url",
]
