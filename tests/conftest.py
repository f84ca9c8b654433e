"""Shared fixtures: where ``../shared`` is, small input files written on the fly, and one
throwaway PostgreSQL server for the store, API and batch tests."""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's ``shared`` folder beside the repository; tests that need it skip without it."""
    shared = REPO_ROOT.parent / "shared"
    if not (shared / "eval" / "score.py").is_file():
        pytest.skip(f"needs the project's shared folder at {shared} (absent here)")
    return shared


@pytest.fixture
def data_dir() -> Path:
    """``tests/data``: small input files kept with the tests."""
    return DATA_DIR


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A PostgreSQL server for the whole session (:class:`rasd.store.pgtemp.TempPostgres`: initdb in
    a temporary folder, 127.0.0.1 only, stopped and deleted at the end; through ``runuser`` as
    root). Each user creates its own databases on it. Skips, saying why, without PostgreSQL."""
    from rasd.store.pgtemp import SUPERUSER, TempPostgres, find_pg_bin  # rasd.store only when used

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
