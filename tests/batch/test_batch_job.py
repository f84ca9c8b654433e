"""``rasd batch`` on a local Spark (``local[2]``): the same events as ``rasd extract``,
bad records in the skips table, incremental reruns, replaced outputs, crash recovery."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from batch_support import (
    ODD_LINES,
    batch_events,
    batch_signals,
    batch_skips,
    expected,
    table_rows,
)
from typer.testing import CliRunner

from rasd.cli import app

pytest.importorskip("pyspark", reason="needs pyspark: pip install 'rasd[spark]'")

from rasd.batch.job import read_manifest, run_batch

runner = CliRunner()


@pytest.fixture(scope="module")
def first_run(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``rasd batch`` (the CLI) over the corpus, once for the tests of this module that only read its output."""
    out = tmp_path_factory.mktemp("first") / "out"
    res = runner.invoke(app, ["batch", str(corpus), "--output", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_events_and_signals_identical_to_rasd_extract(first_run: Path, corpus: Path) -> None:
    events, signals, _ = expected([corpus])
    assert len(events) > 10
    assert batch_events(first_run) == events
    assert batch_signals(first_run) == signals


def test_events_identical_to_rasd_extract_output_file(first_run: Path, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    res = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-f", "jsonl"])
    assert res.exit_code == 1  # the corpus has broken lines: rasd extract reports them
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert batch_events(first_run) == sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in lines)


def test_bad_lines_are_skipped_with_their_reason_and_line(first_run: Path, corpus: Path) -> None:
    _, _, errors = expected([corpus])
    skips = batch_skips(first_run)
    assert skips == errors
    assert len(skips) == sum(1 for _, reason in ODD_LINES if reason)
    for (_, reason), want in zip(sorted(skips, key=lambda s: s[0]), [r for _, r in ODD_LINES if r]):
        assert want in reason
    rows = table_rows(first_run, "skips")
    assert {r["stage"] for r in rows} == {"read"}
    assert {r["date"] for r in rows} == {"__unknown__"}
    assert all(r["key"] == r["source"] and r["source"].startswith(str(corpus) + ":") for r in rows)


def test_odd_but_readable_lines_become_articles(first_run: Path, corpus: Path) -> None:
    manifest = {r["key"]: r for r in table_rows(first_run, "manifest")}
    line_of_no_id = 1 + corpus.read_bytes().split(b"\n").index(next(ln for ln, _ in ODD_LINES if b'"no id"' in ln))
    assert manifest[f"articles-{line_of_no_id}"]["status"] == "ok"  # the JSONL reader's default id
    assert manifest["cp1256"]["status"] == "ok"  # windows-1256 Arabic, read from the raw bytes
    events = {e["article_id"] for e in table_rows(first_run, "events")}
    assert {"cp1256", f"articles-{line_of_no_id}"} <= events


def test_outputs_are_partitioned_by_date(first_run: Path) -> None:
    parts = {p.name for p in (first_run / "events").iterdir() if p.is_dir()}
    assert parts and all(p.startswith("date=") for p in parts)
    for row in table_rows(first_run, "events"):
        assert row["date"] == (row["event_date"].isoformat() if row["event_date"] else "__unknown__")
    for row in table_rows(first_run, "signals"):
        assert row["date"] == (row["published"].isoformat() if row["published"] else "__unknown__")
    assert (first_run / "skips" / "date=__unknown__").is_dir()


def test_manifest_lists_every_record_once_with_the_pipeline_version(first_run: Path, corpus: Path) -> None:
    from rasd.batch.version import pipeline_version

    rows = table_rows(first_run, "manifest")
    n_records = sum(1 for ln in corpus.read_bytes().splitlines() if ln.strip())
    assert len(rows) == len({r["key"] for r in rows}) == n_records
    assert {r["pipeline_version"] for r in rows} == {pipeline_version()}
    by_status = {s: sum(1 for r in rows if r["status"] == s) for s in ("ok", "skipped")}
    assert by_status["skipped"] == len(table_rows(first_run, "skips"))
    assert sum(r["events"] for r in rows) == len(table_rows(first_run, "events"))


def _copy_lines(src: Path, dst: Path, lines: slice) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(b"\n".join(src.read_bytes().split(b"\n")[lines]) + b"\n")
    return dst


def test_incremental_runs_process_only_new_records(spark: Any, corpus: Path, tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    first = _copy_lines(corpus, inp / "a.jsonl", slice(0, 22))
    r1 = run_batch(spark, str(inp), str(out))
    n1 = r1.processed + r1.skipped
    assert n1 == r1.input_records > 0

    r2 = run_batch(spark, str(inp), str(out))
    assert (r2.processed, r2.skipped, r2.events, r2.up_to_date) == (0, 0, 0, n1)
    assert not (out / "manifest").joinpath(f"run={r2.run_id}").exists()

    second = _copy_lines(corpus, inp / "b.jsonl", slice(22, None))  # the rest, and its broken lines
    r3 = run_batch(spark, str(inp), str(out))
    n_new = sum(1 for ln in second.read_bytes().splitlines() if ln.strip())
    assert r3.processed + r3.skipped == n_new
    assert r3.up_to_date == n1
    assert r3.replaced_partitions == {"events": 0, "signals": 0, "skips": 0}
    manifest = table_rows(out, "manifest")
    assert {r["key"] for r in manifest if r["run"] == r3.run_id} == {
        r["key"] for r in manifest} - {r["key"] for r in manifest if r["run"] == r1.run_id}

    events, signals, errors = expected([first, second])
    assert batch_events(out) == events
    assert batch_signals(out) == signals
    assert [reason for _, reason in batch_skips(out)] == [reason for _, reason in errors] or \
        sorted(reason for _, reason in batch_skips(out)) == sorted(reason for _, reason in errors)


def test_new_version_replaces_outputs_and_dead_runs_are_recovered(spark: Any, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    events, signals, errors = expected([corpus])
    run_batch(spark, str(corpus), str(out), version="0.0.1+olderrules00")
    assert batch_events(out) == events

    # a new pipeline version: every record is out of date, processed again, its rows replaced
    r = run_batch(spark, str(corpus), str(out))
    assert r.processed + r.skipped == r.input_records
    assert r.replaced_partitions["events"] > 0 and r.replaced_partitions["skips"] == 1
    assert batch_events(out) == events  # replaced, not doubled
    assert batch_signals(out) == signals
    assert batch_skips(out) == errors
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())
    runs = read_manifest(spark, str(out)).groupBy("run").count().collect()
    assert sorted(c for _, c in runs) == [r.input_records, r.input_records]

    # a run killed after writing its outputs, before its manifest, and in the middle of moving a partition
    shutil.rmtree(out / "manifest" / f"run={r.run_id}")
    part = min(p for p in (out / "events").iterdir() if p.is_dir())
    parked = out / "_staging" / "20000101T000000000000Z" / "old" / "events" / part.name
    parked.parent.mkdir(parents=True)
    part.rename(parked)
    again = run_batch(spark, str(corpus), str(out))
    assert again.processed + again.skipped == r.input_records  # the records of the dead run, redone
    assert part.is_dir() and not (out / "_staging" / "20000101T000000000000Z").exists()
    assert batch_events(out) == events
    assert batch_skips(out) == errors

    full = run_batch(spark, str(corpus), str(out), incremental=False)
    assert full.processed + full.skipped == full.input_records
    assert [p.name for p in (out / "manifest").iterdir() if p.name.startswith("run=")] == [f"run={full.run_id}"]
    assert batch_events(out) == events


def test_line_numbers_hold_when_a_file_is_split_into_many_tasks(spark: Any, corpus: Path, tmp_path: Path) -> None:
    spark.conf.set("spark.sql.files.maxPartitionBytes", "8192")
    spark.conf.set("spark.sql.files.openCostInBytes", "0")
    try:
        out = tmp_path / "out"
        r = run_batch(spark, str(corpus), str(out))
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
        spark.conf.unset("spark.sql.files.openCostInBytes")
    assert corpus.stat().st_size > 8 * 8192  # many splits
    events, _, errors = expected([corpus])
    assert batch_skips(out) == errors
    assert batch_events(out) == events
    assert r.input_records == sum(1 for ln in corpus.read_bytes().splitlines() if ln.strip())


def test_gzip_input(spark: Any, corpus: Path, tmp_path: Path) -> None:
    gz = tmp_path / "articles.jsonl.gz"
    gz.write_bytes(gzip.compress(corpus.read_bytes()))
    out = tmp_path / "out"
    run_batch(spark, str(gz), str(out))
    events, signals, errors = expected([gz])
    assert batch_events(out) == events
    assert batch_signals(out) == signals
    assert batch_skips(out) == errors


def test_parquet_input(spark: Any, corpus: Path, tmp_path: Path) -> None:
    objs = []
    for line in corpus.read_bytes().splitlines():
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if isinstance(obj, dict) and obj.get("text") and obj.get("published") != "yesterday":
            objs.append({k: obj.get(k) for k in ("id", "title", "text", "published", "url", "source")})
    objs.append({"id": "empty", "title": "nothing", "text": "   ", "published": None, "url": None, "source": None})
    src = tmp_path / "parquet" / "articles.parquet"
    src.parent.mkdir()
    pq.write_table(pa.Table.from_pylist(objs), src)
    jsonl = tmp_path / "articles.jsonl"  # same stem, so the same default id for the row without one
    jsonl.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    out = tmp_path / "out"
    r = run_batch(spark, str(src.parent), str(out))
    assert r.input_format == "parquet"
    events, signals, _ = expected([jsonl])
    assert batch_events(out) == events
    assert batch_signals(out) == signals
    skips = table_rows(out, "skips")
    assert [(s["source"].rsplit(":", 1)[1], s["reason"]) for s in skips] == [
        (f"row {len(objs)}", "missing 'text' (or 'html'): the line has no article text")]
    manifest = {m["key"] for m in table_rows(out, "manifest")}
    no_id = next(i for i, o in enumerate(objs, 1) if not o["id"])
    assert f"articles-{no_id}" in manifest and objs[0]["id"] in manifest


def test_missing_input_is_a_clean_error(spark: Any, tmp_path: Path) -> None:
    res = runner.invoke(app, ["batch", str(tmp_path / "nothing-here.jsonl"), "--output", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "no such file or directory" in res.output

