"""Database URLs and engines: the embedded SQLite default and PostgreSQL.

URLs (``--db``):

* none: ``$RASD_DB`` if set, else the embedded file ``rasd.db`` in
  ``platformdirs.user_data_dir("rasd")`` (``~/.local/share/rasd/rasd.db`` on Linux);
* ``sqlite:///relative.db``, ``sqlite:////absolute.db``, or a bare file path;
* ``postgresql://user@host/db`` or ``postgres://…`` (read with psycopg 3, the
  ``postgresql+psycopg://`` driver, which is what they are rewritten to);
  any other SQLAlchemy PostgreSQL URL is used as given.

SQLite runs in WAL mode (readers never block the writer nor the writer the
readers) with ``synchronous=NORMAL`` (a committed transaction survives the process
being killed; only a power cut can lose the last few), foreign keys on, and one
writer at a time: write transactions start with ``BEGIN IMMEDIATE``, so a second
writer waits for the lock (up to :data:`BUSY_TIMEOUT_S`) at the start of its
transaction instead of failing half-way through it. Read transactions start with
a plain ``BEGIN`` and see one consistent snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from rasd.store.errors import StoreError

ENV_VAR = "RASD_DB"
DB_FILE = "rasd.db"
#: how long a writer waits for another process's write transaction to end
BUSY_TIMEOUT_S = 60
_WRITE = "rasd_write"


def default_url() -> str:
    """The embedded SQLite file under the user's data directory."""
    return f"sqlite:///{Path(user_data_dir('rasd')) / DB_FILE}"


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url`` (see the module docstring for what is accepted)."""
    url = (url or os.environ.get(ENV_VAR) or "").strip() or default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def backend_of(url: str) -> str:
    """``sqlite`` or ``postgresql`` (anything else is a :class:`StoreError`)."""
    try:
        name = make_url(url).get_backend_name()
    except ArgumentError as exc:
        raise StoreError(f"{url}: not a database URL ({exc})") from exc
    if name not in ("sqlite", "postgresql"):
        raise StoreError(f"{url}: unsupported database {name!r} (use sqlite:///FILE or postgresql://…)")
    return name


def make_engine(url: str) -> Engine:
    """An engine for a resolved URL, set up for its backend."""
    backend = backend_of(url)
    if backend == "postgresql":
        try:
            return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2)
        except ModuleNotFoundError as exc:
            raise StoreError(f"PostgreSQL needs the psycopg driver: pip install 'rasd[postgres]' ({exc})") from exc
    database = make_url(url).database
    memory = not database or database == ":memory:"
    if not memory:
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        except OSError as exc:
            raise StoreError(f"{url}: cannot create the database folder ({exc.strerror or exc})") from exc
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
    if memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)
    _configure_sqlite(engine, memory=memory)
    return engine


def _configure_sqlite(engine: Engine, *, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver's own BEGIN handling off: we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed when the block ends, rolled back if it raises."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """A read transaction (one consistent snapshot); rolled back at the end."""
    with engine.connect() as conn, conn.begin():
        yield conn
