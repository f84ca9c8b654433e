"""The :class:`Store`: one interface over SQLite and PostgreSQL.

Every public method is one transaction: it is committed whole or not at all.
:meth:`Store.add_result` stores an article *and* its extraction in one
transaction, which is what makes ingestion safe to kill at any moment (see
:mod:`rasd.store.ingestion`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import TracebackType

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from rasd.model import Article, Result, Signal
from rasd.store import articles as art
from rasd.store import incidents as inc
from rasd.store import queries, runs
from rasd.store.engine import backend_of, make_engine, read_tx, resolve_url, write_tx
from rasd.store.errors import StoreError
from rasd.store.identity import identity_of
from rasd.store.migrate import upgrade
from rasd.store.records import (
    Incident,
    QuarantineEntry,
    Run,
    RunCounts,
    SearchHit,
    StoredArticle,
    StoredEvent,
)
from rasd.store.schema import EVENT_STATUSES, articles, events


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``.

    ``None``: ``$RASD_DB``, else the embedded SQLite file under the user's data
    directory (see :mod:`rasd.store.engine` for the URLs accepted).
    """
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"{_safe(resolved)}: cannot open the database ({exc.orig or exc})") from exc
    return Store(engine, resolved)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


class Store:
    """Articles, events with evidence, signals, incidents, runs and quarantine in one database."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.backend = backend_of(url)
        self._source_ids: dict[str, int] = {}

    @property
    def safe_url(self) -> str:
        """The database URL without its password, for messages."""
        return _safe(self.url)

    def __repr__(self) -> str:
        return f"Store({self.safe_url!r})"

    # --- articles and extraction ---------------------------------------------------------

    def add_article(self, article: Article, source: str | None = None, *, input_name: str | None = None,
                    run_id: int | None = None) -> tuple[int, bool]:
        """Store ``article`` once: ``(id, created)``; ``created`` is ``False`` when an article
        of the same identity (canonical URL, else text hash) was already stored (a no-op).
        ``source`` names the outlet (default: ``article.source``)."""
        with write_tx(self.engine) as conn:
            return art.add_article(conn, article, source=source, input_name=input_name, run_id=run_id,
                                   source_cache=self._source_ids)

    def add_result(self, result: Result, pipeline_version: str, *, source: str | None = None,
                   input_name: str | None = None, run_id: int | None = None) -> tuple[int, bool]:
        """Store an article and its extraction together, in one transaction: ``(id, created)``.
        An article already stored is left as it is (its events too)."""
        with write_tx(self.engine) as conn:
            article_id, created = art.add_article(conn, result.article, source=source, input_name=input_name,
                                                  run_id=run_id, source_cache=self._source_ids)
            if created:
                art.save_extraction(conn, article_id, result, pipeline_version, fresh=True)
            return article_id, created

    def save_extraction(self, article_id: int, result: Result, pipeline_version: str) -> None:
        """Replace article ``article_id``'s events, evidence and signals by ``result`` in one
        transaction (events a person reviewed are kept; see :func:`rasd.store.articles.save_extraction`)."""
        with write_tx(self.engine) as conn:
            if conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is None:
                raise StoreError(f"no article with id {article_id}")
            art.save_extraction(conn, article_id, result, pipeline_version)

    def find_article(self, article: Article) -> tuple[int, str | None] | None:
        """``(id, pipeline_version)`` of the stored article with ``article``'s identity, or ``None``."""
        key = identity_of(article).key
        with read_tx(self.engine) as conn:
            return art.find_article(conn, key)

    def article(self, article_id: int) -> StoredArticle | None:
        with read_tx(self.engine) as conn:
            return art.load_article(conn, article_id)

    def stale_articles(self, pipeline_version: str, *, force: bool = False) -> list[int]:
        """Ids of articles not extracted with ``pipeline_version`` (every article with ``force``)."""
        with read_tx(self.engine) as conn:
            return art.stale_article_ids(conn, pipeline_version, force=force)

    # --- events and signals ---------------------------------------------------------------

    def events(self, *, article_id: int | None = None, event_type: str | None = None,
               sub_event_type: str | None = None, country: str | None = None, admin1_code: str | None = None,
               date_from: date | None = None, date_to: date | None = None,
               status: str | Iterable[str] | None = None, ids: Iterable[int] | None = None,
               limit: int | None = None, offset: int = 0) -> list[StoredEvent]:
        """Stored events matching every filter given, with their evidence, by article and order."""
        q = queries.event_query(article_id=article_id, event_type=event_type, sub_event_type=sub_event_type,
                                country=country, admin1_code=admin1_code, date_from=date_from, date_to=date_to,
                                status=status, ids=ids, limit=limit, offset=offset)
        with read_tx(self.engine) as conn:
            return queries.load_events(conn, q)

    def signals(self, article_id: int | None = None) -> list[tuple[int, Signal]]:
        with read_tx(self.engine) as conn:
            return queries.load_signals(conn, article_id)

    def set_event_status(self, event_id: int, status: str) -> None:
        """Record a review decision on an event (``machine``, ``confirmed``, ``edited``, ``rejected``)."""
        if status not in EVENT_STATUSES:
            raise ValueError(f"event status must be one of {EVENT_STATUSES}, not {status!r}")
        with write_tx(self.engine) as conn:
            done = conn.execute(update(events).where(events.c.id == event_id)
                                .values(status=status, reviewed_at=None if status == "machine" else art.now()))
            if not done.rowcount:
                raise StoreError(f"no event with id {event_id}")

    # --- search and counts ------------------------------------------------------------------

    def search(self, q: str, limit: int = 20) -> list[SearchHit]:
        """Articles containing every word of ``q``, Arabic-normalised (see :mod:`rasd.store.fts`)."""
        with read_tx(self.engine) as conn:
            return queries.search(conn, q, limit)

    def stats(self) -> dict[str, int]:
        """Counts of sources, articles, events, incidents, signals and quarantined inputs."""
        with read_tx(self.engine) as conn:
            return queries.stats(conn)

    # --- runs and quarantine -----------------------------------------------------------------

    def start_run(self, command: str | None = None) -> int:
        """Record the start of an ingestion run; its id."""
        with write_tx(self.engine) as conn:
            return runs.start_run(conn, command)

    def finish_run(self, run_id: int, counts: RunCounts | dict[str, int] | None = None,
                   status: str = "finished") -> None:
        with write_tx(self.engine) as conn:
            runs.finish_run(conn, run_id, counts, status)

    def runs(self, limit: int | None = None) -> list[Run]:
        with read_tx(self.engine) as conn:
            return runs.list_runs(conn, limit)

    def quarantine(self, input_name: str, reason: str, run_id: int | None = None) -> None:
        """Record that ``input_name`` (a path, ``path:line`` or URL) could not be stored, and why."""
        with write_tx(self.engine) as conn:
            runs.add_quarantine(conn, input_name, reason, run_id)

    def quarantined(self, *, run_id: int | None = None, limit: int | None = None) -> list[QuarantineEntry]:
        with read_tx(self.engine) as conn:
            return runs.list_quarantine(conn, run_id=run_id, limit=limit)

    # --- incidents ------------------------------------------------------------------------------

    def create_incident(self, members: Iterable[tuple[int, str]], *, method: str | None = None) -> int:
        """A new incident of ``(event id, reason)`` members; its id. An event already in an
        active incident raises :class:`StoreError` (undo that membership first)."""
        try:
            with write_tx(self.engine) as conn:
                return inc.create_incident(conn, members, method=method)
        except IntegrityError as exc:
            raise StoreError(f"cannot create the incident: an event is unknown or already in an incident ({exc.orig})") from exc

    def add_to_incident(self, incident_id: int, event_id: int, reason: str) -> None:
        try:
            with write_tx(self.engine) as conn:
                inc.add_member(conn, incident_id, event_id, reason)
        except IntegrityError as exc:
            raise StoreError(f"cannot add event {event_id} to incident {incident_id} ({exc.orig})") from exc

    def incidents(self, *, include_undone: bool = False, event_id: int | None = None,
                  limit: int | None = None) -> list[Incident]:
        """Incidents, newest first, each with its members and their reasons."""
        with read_tx(self.engine) as conn:
            return inc.list_incidents(conn, include_undone=include_undone, event_id=event_id, limit=limit)

    def incident(self, incident_id: int) -> Incident | None:
        with read_tx(self.engine) as conn:
            found = inc.list_incidents(conn, include_undone=True, ids=[incident_id])
        return found[0] if found else None

    def undo_incident(self, incident_id: int) -> bool:
        """Undo a merge: the incident and its memberships are marked undone (kept as history)."""
        with write_tx(self.engine) as conn:
            return inc.undo_incident(conn, incident_id)

    def undo_member(self, incident_id: int, event_id: int) -> bool:
        """Take one event back out of an incident (kept as history)."""
        with write_tx(self.engine) as conn:
            return inc.undo_member(conn, incident_id, event_id)

    # --- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
