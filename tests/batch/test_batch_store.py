"""``rasd batch --pg``: the run's articles and extractions loaded into the rasd store
(a throwaway PostgreSQL server on 127.0.0.1, :class:`rasd.store.pgtemp.TempPostgres`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from batch_support import EN_TEXT, canonical, expected, table_rows
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import open_store
from rasd.store.pgtemp import TempPostgres, free_port

pytest.importorskip("pyspark", reason="needs pyspark: pip install 'rasd[spark]'")

from rasd.batch.job import run_batch

runner = CliRunner()


def _stored_events(url: str) -> tuple[list[str], set[str]]:
    store = open_store(url)
    try:
        stored = store.events()
        return canonical([s.event.to_record() for s in stored]), {s.pipeline_version for s in stored}
    finally:
        store.close()


def test_pg_loads_the_runs_articles_and_extractions(spark: Any, pg_server: TempPostgres, corpus: Path,
                                                   tmp_path: Path) -> None:
    url = pg_server.create_database("batch_load")
    out = tmp_path / "out"
    nul = tmp_path / "in" / "nul.jsonl"  # PostgreSQL text cannot hold NUL: the store refuses this article
    nul.parent.mkdir()
    nul.write_text(json.dumps({"id": "has-nul", "text": EN_TEXT + "\u0000", "published": "2019-05-14"}) + "\n",
                   encoding="utf-8")
    (nul.parent / "articles.jsonl").write_bytes(corpus.read_bytes())

    r = run_batch(spark, str(nul.parent), str(out), store_url=url)
    assert r.store_failed == 1 and r.stored == r.processed - 1 > 20
    events, signals, _ = expected([corpus])
    got, versions = _stored_events(url)
    assert got == events  # every event of every article but the refused one
    assert versions == {r.pipeline_version}
    store = open_store(url)
    try:
        assert store.stats()["articles"] == r.stored
        assert canonical([s.to_record() for _, s in store.signals()]) == signals
    finally:
        store.close()
    failed = [s for s in table_rows(out, "skips") if s["stage"] == "store"]
    assert [s["key"] for s in failed] == ["has-nul"] and failed[0]["reason"].startswith("not stored:")
    assert "has-nul" in {e["article_id"] for e in table_rows(out, "events")}  # the Parquet output keeps its events

    # the next incremental run tries the failed one again, and only it
    again = run_batch(spark, str(nul.parent), str(out), store_url=url)
    assert (again.processed, again.store_failed, again.stored) == (1, 1, 0)

    # a new pipeline version re-extracts everything: the store's events are replaced, not doubled
    newer = run_batch(spark, str(nul.parent), str(out), store_url=url, version="9.9.9+newerrules00")
    assert newer.stored == r.stored
    got, versions = _stored_events(url)
    assert got == events and versions == {"9.9.9+newerrules00"}


def test_pg_that_cannot_be_opened_is_a_clean_error(spark: Any, corpus: Path, tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"  # no server listens there
    res = runner.invoke(app, ["batch", str(corpus), "--output", str(tmp_path / "out"), "--pg", url])
    assert res.exit_code == 2, res.output
    assert "error:" in res.output and "127.0.0.1" in res.output
    assert not (tmp_path / "out").exists()
