"""Store fixtures: the same tests run on SQLite (a file in tmp) and on a real PostgreSQL server.

The server is a throwaway cluster (:class:`rasd.store.pgtemp.TempPostgres`) started once
per session: ``initdb`` in a temporary folder, listening on a free port of 127.0.0.1
only, its unix socket in that folder, stopped and deleted at the end. As root (CI),
the folder is handed to the ``postgres`` user and the server runs through ``runuser``.
Each test gets a fresh database on it. Without ``initdb`` (no ``postgresql`` package)
the PostgreSQL cases skip, saying why.
"""

from __future__ import annotations

import itertools
import os
import pwd
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasd.store import Store, open_store
from rasd.store.pgtemp import SUPERUSER, TempPostgres, find_pg_bin

BACKENDS = ["sqlite", "postgresql"]
_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TempPostgres]:
    """A PostgreSQL server for the whole session (skips when PostgreSQL is not installed)."""
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL server not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin); "
                    "install the Debian postgresql package (.ci/run does) to run the PostgreSQL cases")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the PostgreSQL server as")
    with TempPostgres(fast=True) as pg:
        yield pg


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
