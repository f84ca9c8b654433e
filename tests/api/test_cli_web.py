"""``rasd token``, ``rasd trends`` and ``rasd serve``'s refusal paths, through the real command line app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rasd.store", reason="needs the store (rasd/store, issue 4)")
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import open_store
from rasd.store.ingestion import ingest_paths

ARTICLES = Path(__file__).resolve().parents[1] / "e2e" / "data" / "articles.jsonl"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        ingest_paths(store, [ARTICLES])
    return url


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_token_create_list_revoke(db: str) -> None:
    made = run("token", "create", "Layla Haddad", "--db", db)
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[0]
    assert token.startswith("rasd_") and len(token) > 40
    listed = run("token", "list", "--db", db)
    assert "Layla Haddad" in listed.stdout and "active" in listed.stdout and token not in listed.stdout
    from rasd.api.review import check_token

    with open_store(db) as store:
        assert check_token(store.engine, token) == (1, "Layla Haddad")
    assert run("token", "revoke", "1", "--db", db).exit_code == 0
    assert "revoked" in run("token", "list", "--db", db).stdout
    assert run("token", "revoke", "1", "--db", db).exit_code == 1
    with open_store(db) as store:
        assert check_token(store.engine, token) is None
    assert run("token", "create", "bad;name", "--db", db).exit_code == 2


def test_trends_table_and_json(db: str) -> None:
    table = run("trends", "--db", db)
    assert table.exit_code == 0, table.output
    assert "Week of 2025-08-04 by admin1" in table.stdout and "Deir-ez-Zor" in table.stdout
    assert "New actor pairs" in table.stdout
    data = json.loads(run("trends", "--db", db, "--by", "actor", "--format", "json", "--week", "2025-08-03").stdout)
    assert data["week"] == "2025-07-28" and data["dimension"] == "actor"
    assert {t["actor"] for t in data["trends"]} >= {"ISIS", "SDF"}
    only = json.loads(run("trends", "--db", db, "--format", "json", "--admin1", "Deir-ez-Zor", "--by", "admin2").stdout)
    assert all(t["admin1"] == "Deir-ez-Zor" for t in only["trends"])
    assert run("trends", "--db", db, "--country", "LBN").stdout.strip() == "No events match."


def test_trends_bad_options(db: str) -> None:
    assert run("trends", "--db", db, "--week", "someday").exit_code == 2
    assert run("trends", "--db", db, "--event-type", "Battle").exit_code == 2
    assert run("trends", "--db", db, "--by", "planet").exit_code == 2
    assert run("trends", "--db", db, "--dyads-by", "actor").exit_code == 2


def test_unopenable_database_is_a_clean_error(tmp_path: Path) -> None:
    for cmd in (["trends"], ["token", "list"], ["serve"]):
        done = run(*cmd, "--db", "mysql://nobody@127.0.0.1/x")
        assert done.exit_code == 2 and "error:" in done.output
