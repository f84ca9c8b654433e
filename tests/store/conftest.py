"""Store fixtures: the same tests run on SQLite (a file in tmp) and on a real PostgreSQL server.

The server is a throwaway cluster (:class:`rasd.store.pgtemp.TempPostgres`) started once
per session: ``initdb`` in a temporary folder, listening on a free port of 127.0.0.1
only, its unix socket in that folder, stopped and deleted at the end. As root (CI),
the folder is handed to the ``postgres`` user and the server runs through ``runuser``.
Each test gets a fresh database on it (the server is ``tests/conftest.py``'s ``pg_server``).
Without ``initdb`` (no ``postgresql`` package) the PostgreSQL cases skip, saying why.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasd.store import Store, open_store
from rasd.store.pgtemp import TempPostgres

BACKENDS = ["sqlite", "postgresql"]
_db_numbers = itertools.count(1)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    pg: TempPostgres = request.getfixturevalue("pg_server")
    return pg.create_database(f"test_{next(_db_numbers)}")


@pytest.fixture
def other_db_url(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second empty database of the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'other.db'}"
    pg: TempPostgres = request.getfixturevalue("pg_server")
    return pg.create_database(f"test_{next(_db_numbers)}")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()
