"""Migrations, URLs, identity and the pipeline version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from rasd.model import Article
from rasd.store import StoreError, open_store, pipeline_version
from rasd.store.engine import read_tx, resolve_url, write_tx
from rasd.store.identity import canonical_url, identity_of
from rasd.store.migrate import current_revision, head_revision
from rasd.store.schema import metadata

SEARCH_TABLES = {"article_fts", "article_search"}


def _not_search(name: str | None, type_: str, parent: object) -> bool:
    return not (name or "").startswith(tuple(SEARCH_TABLES)) and name != "alembic_version"


def test_migrations_create_exactly_the_schema_module(db_url: str) -> None:
    with open_store(db_url) as store, read_tx(store.engine) as conn:
        assert current_revision(conn) == head_revision()
        ctx = MigrationContext.configure(conn, opts={"include_name": _not_search, "compare_type": True})
        diffs = compare_metadata(ctx, metadata)
    assert diffs == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store, read_tx(store.engine) as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_schema_from_a_newer_rasd_is_refused(db_url: str) -> None:
    with open_store(db_url) as store, write_tx(store.engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StoreError, match="newer rasd"):
        open_store(db_url)


def test_urls_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASD_DB", raising=False)
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h:5433/db") == "postgresql+psycopg://u@h:5433/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    default = resolve_url(None)
    assert default.startswith("sqlite:///") and default.endswith("/rasd/rasd.db")
    monkeypatch.setenv("RASD_DB", "sqlite:///from-env.db")
    assert resolve_url(None) == "sqlite:///from-env.db"
    with pytest.raises(StoreError, match="unsupported"):
        open_store("mysql://x@y/z")


def test_in_memory_sqlite_works(tmp_path: Path) -> None:
    with open_store("sqlite://") as store:
        assert store.add_article(Article(id="x", text="نص"))[1] is True
        assert store.stats()["articles"] == 1


def test_canonical_urls() -> None:
    assert canonical_url("HTTP://News.Example:80/a/b/?utm_medium=x&z=1&a=2#top") == "https://news.example/a/b/?a=2&z=1"
    assert canonical_url("https://news.example/a/") == canonical_url("http://news.example/a")
    assert canonical_url("https://news.example/a?id=1") != canonical_url("https://news.example/a?id=2")
    assert canonical_url("https://news.example/خبر") == "https://news.example/%D8%AE%D8%A8%D8%B1"
    assert canonical_url("ftp://x/y") is None and canonical_url("not a url") is None and canonical_url("") is None
    long_url = "https://news.example/" + "a" * 3000
    assert identity_of(Article(id="l", text="t", url=long_url)).key.startswith("urlsha:")
    assert identity_of(Article(id="n", text="t", url="mailto:x@y")).key.startswith("text:")


def test_pipeline_version_has_package_version_and_rules_hash() -> None:
    assert re.fullmatch(r".+\+[0-9a-f]{12}", pipeline_version())
    assert pipeline_version() == pipeline_version()
