"""API fixtures: the app over a real store, on SQLite and on a real PostgreSQL server.

The store's own PostgreSQL fixture (``tests/store/conftest.py``) is scoped to its folder, so
this folder starts its server the same way, with the store's helper
(:class:`rasd.store.pgtemp.TempPostgres`): a throwaway cluster on a free port of 127.0.0.1.
Without PostgreSQL installed the PostgreSQL cases skip, saying why.

Stores are filled by ingesting the invented articles of ``tests/e2e/data/articles.jsonl`` (the
same the browser tests use) through the real pipeline (``rasd.store.ingestion.ingest_paths``):
9 articles, 9 events (6 in Deir-ez-Zor), 1 trend signal.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx vs httpx2
    from fastapi.testclient import TestClient

# rasd.store (issue 4) is imported inside the fixtures, so that without it the test modules
# skip (each starts with pytest.importorskip("rasd.store")) instead of failing to collect.

ARTICLES = Path(__file__).resolve().parents[1] / "e2e" / "data" / "articles.jsonl"
BACKENDS = ["sqlite", "postgresql"]
_numbers = itertools.count(1)


def new_url(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}"
    pg = request.getfixturevalue("pg_server")
    return pg.create_database(f"api_{next(_numbers)}")


def filled_store(url: str) -> Any:
    from rasd.store import open_store
    from rasd.store.ingestion import ingest_paths

    store = open_store(url)
    report = ingest_paths(store, [ARTICLES])
    assert report.counts.quarantined == 0, report.quarantined
    return store


@pytest.fixture(scope="module", params=BACKENDS)
def read_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over a filled store that the tests only read (one per module and backend)."""
    from rasd.api import create_app

    store = filled_store(new_url(request.param, request, tmp_path_factory))
    try:
        yield TestClient(create_app(store))
    finally:
        store.close()


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over a fresh filled store (tests that write)."""
    from rasd.api import create_app

    store = filled_store(new_url(request.param, request, tmp_path_factory))
    try:
        yield TestClient(create_app(store))
    finally:
        store.close()


@pytest.fixture
def token(client: TestClient) -> str:
    """A reviewer token named ``tester`` in the client's store."""
    from rasd.api.review import create_token

    return create_token(client.app.state.store.engine, "tester")[1]


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
