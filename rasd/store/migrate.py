"""Run the packaged Alembic migrations (``rasd/store/migrations``) on open.

No ``alembic.ini``: the configuration is built here and the migrations run on a
connection handed to ``migrations/env.py``, inside one write transaction, so a
schema change is all or nothing in both backends (SQLite and PostgreSQL both have
transactional DDL). Two processes opening a new database at once do not race:
SQLite's ``BEGIN IMMEDIATE`` and a PostgreSQL advisory lock let one migrate while
the other waits, then finds the schema current.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from rasd.store.engine import read_tx, write_tx
from rasd.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: key of the PostgreSQL advisory lock held while migrating
_PG_LOCK = 0x7261_7364  # "rasd"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision this rasd knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise StoreError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at (``None``: not a rasd database yet)."""
    return MigrationContext.configure(conn).get_current_revision()


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except (CommandError, RevisionError):
        return False


def upgrade(engine: Engine) -> None:
    """Bring the database to :func:`head_revision` (a no-op when it is there)."""
    with read_tx(engine) as conn:
        if current_revision(conn) == head_revision():
            return
    with write_tx(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        current = current_revision(conn)
        if current == head_revision():
            return
        script = ScriptDirectory.from_config(_config())
        if current is not None and not _known(script, current):
            raise StoreError(
                f"the database schema is at revision {current!r}, which this rasd does not know "
                f"(its newest is {head_revision()!r}): it was written by a newer rasd; upgrade rasd"
            )
        cfg = _config()
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:
            raise StoreError(f"database migration failed: {exc}") from exc
