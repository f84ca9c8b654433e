"""``rasd ingest``/``rasd stats`` and the ingestion library on both backends: idempotence,
quarantine of bad inputs, re-extraction."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from store_corpus import articles, write_jsonl, write_txt_folder
from store_dump import canonical_dump
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import Store, open_store
from rasd.store.ingestion import ingest_paths, reextract_stored

runner = CliRunner()


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_reingest_is_a_noop(store: Store, db_url: str, tmp_path: Path) -> None:
    folder = write_txt_folder(tmp_path / "in", 12)
    write_jsonl(folder / "more.jsonl", articles(8))
    first = ingest_paths(store, [folder], version="v1")
    assert (first.counts.stored, first.counts.present, first.counts.quarantined) == (20, 0, 0)
    assert first.counts.events > 0 and first.counts.events == store.stats()["events"]
    dump = canonical_dump(db_url)
    stats = store.stats()
    second = ingest_paths(store, [folder, folder / "more.jsonl"], version="v1")
    assert (second.counts.stored, second.counts.present, second.counts.events) == (0, 28, 0)
    assert store.stats() == stats and canonical_dump(db_url) == dump
    assert stats["sources"] == 3  # the JSONL lines' outlets
    assert [r.status for r in store.runs()] == ["finished", "finished"]


def test_same_story_at_two_urls_is_one_article(store: Store, tmp_path: Path) -> None:
    recs = articles(3)
    dup = dict(recs[0], id="copy", url=recs[0]["url"].replace("https://", "http://").replace("utm_source=feed", "fbclid=abc"))
    report = ingest_paths(store, [write_jsonl(tmp_path / "a.jsonl", [*recs, dup])])
    assert (report.counts.stored, report.counts.present) == (3, 1)


def test_bad_inputs_are_quarantined_and_the_rest_stored(store: Store, tmp_path: Path) -> None:
    folder = write_txt_folder(tmp_path / "in", 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.html").write_bytes(b"  \n\t ")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes("café crème brûlée à la carte".encode("latin-1"))
    good = articles(2, with_urls=False, start=100)
    lines = [json.dumps(good[0], ensure_ascii=False), "{not json", json.dumps({"id": "no-text", "title": "t"}),
             json.dumps({"id": "nul", "text": "a\u0000b"}), json.dumps({"id": "bad-date", "text": "x", "published": "soon"}),
             "[1, 2]", json.dumps(good[1], ensure_ascii=False)]
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(folder / "broken.jsonl.gz", "wb") as fh:
        fh.write(b'{"id": "z", "text": "fine"}\n')
    (folder / "broken.jsonl.gz").write_bytes((folder / "broken.jsonl.gz").read_bytes()[:-12])  # truncated stream

    report = ingest_paths(store, [folder, tmp_path / "missing.txt"])
    reasons = dict(report.quarantined)
    expected = {
        f"{folder}/empty.txt": "empty",
        f"{folder}/blank.html": "empty",
        f"{folder}/binary.txt": "binary",
        f"{folder}/latin1.txt": "not UTF-8",
        f"{folder}/lines.jsonl:2": "not valid JSON",
        f"{folder}/lines.jsonl:3": "missing 'text'",
        f"{folder}/lines.jsonl:5": "bad 'published' date",
        f"{folder}/lines.jsonl:6": "expected a JSON object",
        f"{folder}/lines.jsonl: article nul": "NUL characters",
        f"{folder}/broken.jsonl.gz": "cannot be read",
        f"{tmp_path}/missing.txt": "no such file",
    }
    assert set(reasons) == set(expected), reasons
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    assert (report.counts.stored, report.counts.present) == (3 + 2, 0)  # the txt files, the good JSONL lines
    assert report.counts.quarantined == len(expected) == store.stats()["quarantined"]
    assert {q.input_name for q in store.quarantined(run_id=report.run_id)} == set(expected)
    # again: the same bad inputs are met again, not added again
    again = ingest_paths(store, [folder, tmp_path / "missing.txt"])
    assert again.counts.quarantined == len(expected) and store.stats()["quarantined"] == len(expected)
    assert {q.attempts for q in store.quarantined()} == {2}
    assert store.stats()["articles"] == 5


def test_extraction_failure_keeps_the_article_for_a_retry(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd import pipeline

    folder = write_txt_folder(tmp_path / "in", 3)
    real = pipeline.extract

    def flaky(article):  # type: ignore[no-untyped-def]
        if "0002" in article.id:
            raise RuntimeError("boom")
        return real(article)

    monkeypatch.setattr(pipeline, "extract", flaky)
    report = ingest_paths(store, [folder], version="v1")
    assert report.counts.stored == 3 and report.counts.quarantined == 1
    assert "extraction failed: RuntimeError: boom" in report.quarantined[0][1]
    monkeypatch.setattr(pipeline, "extract", real)
    retry = ingest_paths(store, [folder], version="v1")  # the article without extraction is extracted now
    assert (retry.counts.present, retry.counts.reextracted, retry.counts.quarantined) == (2, 1, 0)
    assert retry.counts.events > 0


def test_reextract_replaces_events_of_other_versions(store: Store, tmp_path: Path) -> None:
    folder = write_txt_folder(tmp_path / "in", 10)
    ingest_paths(store, [folder], version="v1")
    old_ids = {e.id for e in store.events()}
    n_events = len(old_ids)
    same = ingest_paths(store, [folder], reextract=True, version="v1")
    assert (same.counts.present, same.counts.reextracted) == (10, 0)
    new = ingest_paths(store, [folder], reextract=True, version="v2")
    assert (new.counts.present, new.counts.reextracted, new.counts.events) == (0, 10, n_events)
    events = store.events()
    assert len(events) == n_events and {e.pipeline_version for e in events} == {"v2"}
    assert not old_ids & {e.id for e in events}
    forced = reextract_stored(store, force=True, version="v2")
    assert (forced.counts.reextracted, forced.total) == (10, 10)
    assert reextract_stored(store, version="v2").counts.reextracted == 0
    assert store.stats()["events"] == n_events


def test_cli_ingest_and_stats(db_url: str, tmp_path: Path) -> None:
    folder = write_txt_folder(tmp_path / "in", 5)
    (folder / "empty.txt").write_bytes(b"")
    code, out = _cli("ingest", str(folder), "--db", db_url, "--source", "my-outlet")
    assert code == 1, out  # something was quarantined
    assert "stored: 5" in out and f"{folder}/empty.txt: empty file" in out and "quarantined: 1" in out
    code, out = _cli("ingest", str(folder), "--db", db_url, "--json")
    report = json.loads(out)
    assert code == 1 and (report["stored"], report["present"], report["quarantined"]) == (0, 5, 1)
    code, out = _cli("stats", "--db", db_url, "--json")
    stats = json.loads(out)
    assert code == 0 and set(stats) == {"sources", "articles", "events", "incidents", "signals", "quarantined"}
    with open_store(db_url) as s:
        assert stats == s.stats()
        assert [r.command for r in s.runs()] == [f"rasd ingest {folder}", f"rasd ingest {folder} --source my-outlet"]
    assert (stats["articles"], stats["sources"], stats["quarantined"]) == (5, 1, 1) and stats["events"] > 0
    code, out = _cli("stats", "--db", db_url)
    assert code == 0 and "articles     5" in out
    code, out = _cli("ingest", "--reextract", "--force", "--db", db_url, "--json")
    assert code == 0 and json.loads(out)["reextracted"] == 5


def test_cli_usage_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert _cli("ingest", "--db", db)[0] == 2
    assert _cli("ingest", str(tmp_path), "--force", "--db", db)[0] == 2
    code, out = _cli("stats", "--db", "mysql://nobody@localhost/x")
    assert code == 2 and "unsupported database" in out


def test_cli_default_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("RASD_DB", str(path))
    folder = write_txt_folder(tmp_path / "in", 2)
    assert _cli("ingest", str(folder))[0] == 0
    assert path.is_file() and json.loads(_cli("stats", "--json")[1])["articles"] == 2
