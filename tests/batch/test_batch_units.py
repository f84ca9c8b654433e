"""The parts of ``rasd batch`` that need no Spark: line numbering, names, the pipeline
version, the task functions on plain tuples, and the CLI without pyspark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd import pipeline
from rasd.batch import records
from rasd.batch.records import (
    UNKNOWN_DATE,
    Extractor,
    JsonlReader,
    LineBase,
    ParquetReader,
    display_path,
    event_record,
    line_bases,
    signal_record,
)
from rasd.batch.version import pipeline_version
from rasd.cli import app
from rasd.ingest import read_path

REPO_ROOT = Path(__file__).resolve().parents[2]
EN_TEXT = "Warplanes struck the village of Kafranbel in southern Idlib on Monday, killing three civilians."
runner = CliRunner()


def test_line_bases_number_lines_across_blocks_of_each_file() -> None:
    bases = line_bases([("f", 200, 5, 900), ("f", 0, 3, 100), ("g", 0, 2, 50), ("f", 100, 4, 500)])
    assert bases[("f", 0)] == LineBase(1, 100)
    assert bases[("f", 100)] == LineBase(4, 500)
    assert bases[("f", 200)] == LineBase(8, 900)
    assert bases[("g", 0)] == LineBase(1, 50)


def test_display_path() -> None:
    assert display_path("file:/data/a%20b/%D8%A3.jsonl") == "/data/a b/أ.jsonl"
    assert display_path("hdfs://nn:8020/news/x.jsonl") == "hdfs://nn:8020/news/x.jsonl"


def test_the_pipeline_version_is_the_stores() -> None:
    from rasd.store import pipeline_version as store_version

    assert pipeline_version() == store_version()
    base, digest = pipeline_version().split("+")
    assert base and len(digest) == 12 and int(digest, 16) >= 0


def _row(line: bytes, lineno: int, file: str = "file:/in/news.jsonl") -> tuple[bytes, str, int, int]:
    return (line, file, 0, lineno - 1)


def test_jsonl_reader_builds_the_article_rasd_extract_reads(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "t", "text": EN_TEXT, "published": "2019-05-14", "url": "https://x.test/a",
                         "source": "X"}).encode(), b"", b"{broken", b'{"id": "n"}']
    src = tmp_path / "news.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    want = list(read_path(src))
    rows = [_row(line, i) for i, line in enumerate(lines, 1)]
    got = list(JsonlReader({("file:/in/news.jsonl", 0): LineBase(1, 0)})(rows))
    assert len(got) == 3  # the blank line is passed over
    kind, key, source, article_id, title, text, published, url, outlet, language, _reason = got[0]
    art = want[0]
    assert (kind, key, article_id, title, text, published, url, outlet, language) == (
        "article", art.id, art.id, art.title, art.text, art.published, art.url, art.source, art.language)  # type: ignore[union-attr]
    assert art.id == "news-1" and source == "/in/news.jsonl:1"  # type: ignore[union-attr]
    assert [(g[0], g[2], g[-1]) for g in got[1:]] == [
        ("skip", "/in/news.jsonl:3", want[1].reason), ("skip", "/in/news.jsonl:4", want[2].reason)]  # type: ignore[union-attr]


def test_parquet_reader_reads_a_row_as_the_jsonl_reader_reads_an_object() -> None:
    fields = ("docno", "title", "text", "time")
    rows = [("file:/p/a.parquet", 0, 17.0, "t", EN_TEXT, datetime(2019, 5, 14, 8, 0, tzinfo=UTC)),
            ("file:/p/a.parquet", 1, None, "t", None, None)]
    got = list(ParquetReader(fields)(rows))
    assert got[0][:4] == ("article", "17", "/p/a.parquet:row 1", "17")
    assert got[0][6] == date(2019, 5, 14)
    assert got[1][0] == "skip" and got[1][2] == "/p/a.parquet:row 2" and "missing 'text'" in got[1][-1]


def test_extractor_rows_round_trip_to_the_records_of_extract() -> None:
    article_row = ("article", "a1", "/in/x.jsonl:1", "a1", "", EN_TEXT, date(2019, 5, 14), None, None, "en", None)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    out = list(Extractor("v1", stamp)([article_row, ("skip", "/in/x.jsonl:2", "/in/x.jsonl:2", *[None] * 7, "bad")]))
    result = pipeline.extract(records.Article(id="a1", text=EN_TEXT, published=date(2019, 5, 14), language="en"))
    assert result.events
    events = [r[3] for r in out if r[0] == "event"]
    names = [n for n, _ in records.EVENT_COLUMNS]
    assert [event_record(dict(zip(names, e))) for e in events] == [e.to_record() for e in result.events]
    assert all(r[2] == (e.event_date.isoformat() if e.event_date else UNKNOWN_DATE) for r, e in zip((r for r in out if r[0] == "event"), result.events))
    signal_names = [n for n, _ in records.SIGNAL_COLUMNS]
    assert [signal_record(dict(zip(signal_names, r[4]))) for r in out if r[0] == "signal"] == [
        s.to_record() for s in result.signals]
    manifest = [r[6] for r in out if r[0] == "manifest"]
    assert [(m[0], m[3], m[4], m[5]) for m in manifest] == [("a1", "v1", "ok", len(result.events)),
                                                           ("/in/x.jsonl:2", "v1", "skipped", 0)]
    skip = next(r for r in out if r[0] == "skip")
    assert skip[2] == UNKNOWN_DATE and skip[5][3:5] == ("read", "bad")


def test_batch_help_needs_no_spark() -> None:
    res = runner.invoke(app, ["batch", "--help"])
    assert res.exit_code == 0
    for option in ("--output", "--master", "--incremental", "--full", "--pg"):
        assert option in res.output


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env=env, check=False)


def test_importing_rasd_and_other_commands_do_not_import_pyspark() -> None:
    res = _python(
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "import rasd.cli, rasd.batch, rasd.cli_batch, rasd.batch.records\n"
        "r = CliRunner().invoke(rasd.cli.app, ['batch', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('pyspark' in sys.modules, 'py4j' in sys.modules)\n"
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "False False"


def test_batch_without_pyspark_says_what_to_install(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": EN_TEXT}) + "\n", encoding="utf-8")
    res = _python(
        "import sys\n"
        "sys.modules['pyspark'] = None  # as if pyspark were not installed\n"
        "from rasd.cli import app\n"
        f"app(['batch', {str(src)!r}, '--output', {str(tmp_path / 'out')!r}])\n"
    )
    assert res.returncode == 2
    assert "pip install 'rasd[spark]'" in res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["--conf", "novalue"]])
def test_bad_options_are_usage_errors(args: list[str], tmp_path: Path) -> None:
    res = runner.invoke(app, ["batch", str(tmp_path / "x.jsonl"), "--output", str(tmp_path / "o"), *args])
    assert res.exit_code == 2
