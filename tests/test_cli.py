"""The ``rasd`` CLI, in process (Typer's CliRunner) and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd import pipeline
from rasd.cli import app
from rasd.model import Article, Event, Evidence, Result, Signal, Span

REPO_ROOT = Path(__file__).resolve().parents[1]

RECORD_KEYS = {
    "article_id", "event_type", "sub_event_type", "actor1", "assoc_actor1", "actor2", "country", "admin1",
    "admin1_code", "admin2", "admin3", "location", "location_ar", "latitude", "longitude", "geo_precision",
    "event_date", "time_precision", "fatalities", "civilian_targeting", "evidence",
}
EN_TEXT = "Warplanes struck the village of Kafranbel in southern Idlib on Monday, killing three civilians."

runner = CliRunner()


def fake_extract(article: Article) -> Result:
    """One air strike per article, evidence on the first word, and one signal."""
    span = Span.of(article.text, 0, min(9, len(article.text)))
    event = Event(
        article_id=article.id, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        actor1="RUS-MIL", assoc_actor1=None, actor2="CIVILIANS", country="SYR", admin1="Idleb", admin1_code="SY07",
        admin2=None, admin3=None, location="Kafr Nobol", location_ar="كفرنبل", latitude=35.6131, longitude=36.5617,
        geo_precision=1, event_date=date(2019, 5, 13), time_precision=1, fatalities=3, civilian_targeting=True,
        evidence=(Evidence("trigger", span),),
    )
    signal = Signal(article.id, "ISIS", "SYR", "Deir-ez-Zor", "SY09", "activity", "escalation", (Evidence("trigger", span),))
    return Result(article=article, events=(event,), signals=(signal,))


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "extract", fake_extract)


@pytest.fixture
def good_and_bad(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "good.txt"
    good.write_text(EN_TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary\x00")
    return good, bad


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- help on every command ---------------------------------------------------------

COMMANDS = [[], ["extract"], ["eval"], ["version"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "rasd")
def test_help_in_process(cmd: list[str]) -> None:
    res = runner.invoke(app, [*cmd, "--help"])
    assert res.exit_code == 0, res.output
    assert "Usage" in res.output


def _run(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "rasd")
def test_help_subprocess(cmd: list[str]) -> None:
    res = _run(*cmd, "--help")
    assert res.returncode == 0, res.stderr
    assert "Usage" in res.stdout
    for word in {"": ["extract", "eval", "version"], "extract": ["--published", "--signals", "--format"], "eval": ["--scorer", "--json"]}.get(
        " ".join(cmd), []
    ):
        assert word in res.stdout


def test_version() -> None:
    res = runner.invoke(app, ["version"])
    assert res.exit_code == 0 and res.output.startswith("rasd ")


# --- extract -------------------------------------------------------------------------


def test_extract_writes_jsonl_records(fake_pipeline: None, tmp_path: Path, good_and_bad: tuple[Path, Path]) -> None:
    good, _ = good_and_bad
    out, sig = tmp_path / "events.jsonl", tmp_path / "signals.jsonl"
    res = runner.invoke(app, ["extract", str(good), "--published", "2019-05-14", "-o", str(out), "--signals", str(sig)])
    assert res.exit_code == 0, res.output
    [rec] = _jsonl(out)
    assert set(rec) == RECORD_KEYS and rec["article_id"] == "good" and rec["event_date"] == "2019-05-13"
    assert EN_TEXT[rec["evidence"][0]["start"]:rec["evidence"][0]["end"]] == rec["evidence"][0]["text"]
    [s] = _jsonl(sig)
    assert s["article_id"] == "good" and s["direction"] == "escalation"


def test_extract_exit_1_when_an_input_fails_and_good_output_is_written(
    fake_pipeline: None, tmp_path: Path, good_and_bad: tuple[Path, Path]
) -> None:
    good, bad = good_and_bad
    out = tmp_path / "events.jsonl"
    res = runner.invoke(app, ["extract", str(bad), str(good), "-o", str(out)])
    assert res.exit_code == 1
    assert f"error: {bad}: binary" in res.stderr
    assert [r["article_id"] for r in _jsonl(out)] == ["good"]


def test_extract_format_json_and_jsonl(fake_pipeline: None, good_and_bad: tuple[Path, Path]) -> None:
    good, _ = good_and_bad
    res = runner.invoke(app, ["extract", str(good), str(good), "--format", "json"])
    assert res.exit_code == 0
    records = json.loads(res.stdout)
    assert isinstance(records, list) and len(records) == 2 and set(records[0]) == RECORD_KEYS
    res = runner.invoke(app, ["extract", str(good), "-f", "jsonl"])
    assert [json.loads(line)["sub_event_type"] for line in res.stdout.splitlines()] == ["Air/drone strike"]


def test_extract_format_json_with_no_events_is_an_empty_list(good_and_bad: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "extract", lambda a: Result(article=a))
    res = runner.invoke(app, ["extract", str(good_and_bad[0]), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == []


def test_extract_table(fake_pipeline: None, good_and_bad: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["extract", str(good_and_bad[0])])
    assert res.exit_code == 0
    for cell in ("article", "fatalities", "good", "Explosions/Remote violence", "RUS-MIL → CIVILIANS", "Kafr Nobol (Idleb)", "2019-05-13"):
        assert cell in res.stdout
    assert "1 articles, 1 events, 1 signals, 0 errors" in res.stderr


def test_extract_without_input_runs_the_samples(fake_pipeline: None) -> None:
    res = runner.invoke(app, ["extract", "-f", "jsonl"])
    assert res.exit_code == 0, res.stderr
    ids = {json.loads(line)["article_id"] for line in res.stdout.splitlines()}
    assert len(ids) >= 6 and "marib-drone-strike" in ids and "atarib-shelling" in ids


def test_extractor_crash_is_reported_and_the_batch_goes_on(
    tmp_path: Path, good_and_bad: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.txt"
    other.write_text(EN_TEXT, encoding="utf-8")

    def flaky(article: Article) -> Result:
        if article.id == "good":
            raise ValueError("boom")
        return fake_extract(article)

    monkeypatch.setattr(pipeline, "extract", flaky)
    out = tmp_path / "events.jsonl"
    res = runner.invoke(app, ["extract", str(good_and_bad[0]), str(other), "-o", str(out)])
    assert res.exit_code == 1
    assert "article good: extraction failed: ValueError: boom" in res.stderr
    assert [r["article_id"] for r in _jsonl(out)] == ["other"]


def test_bad_published_option_is_a_usage_error(good_and_bad: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["extract", str(good_and_bad[0]), "--published", "13/05/2019"])
    assert res.exit_code == 2
    assert "published" in res.output + res.stderr


def test_windows_1256_warning_goes_to_stderr(fake_pipeline: None, tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes("غارات جوية على بلدة كفرنبل في ريف إدلب الجنوبي".encode("cp1256"))
    res = runner.invoke(app, ["extract", str(p), "-f", "jsonl"])
    assert res.exit_code == 0
    assert f"warning: {p}: not UTF-8; read as windows-1256" in res.stderr


def test_subprocess_exit_status_and_output(tmp_path: Path, good_and_bad: tuple[Path, Path]) -> None:
    """The real pipeline, end to end: a failed input gives 1, the good one is still written."""
    good, bad = good_and_bad
    out = tmp_path / "events.jsonl"
    res = _run("extract", str(good), str(bad), "--published", "2019-05-14", "-o", str(out), "--format", "json")
    assert res.returncode == 1
    assert f"error: {bad}:" in res.stderr
    assert isinstance(json.loads(res.stdout), list)
    assert out.exists()
    for rec in _jsonl(out):
        assert set(rec) == RECORD_KEYS and rec["article_id"] == "good"
    res = _run("extract", str(good), "-o", str(out))
    assert res.returncode == 0, res.stderr


def test_subprocess_samples_table() -> None:
    from rasd.runner import SAMPLES_DIR as samples
    n = sum(1 for f in samples.iterdir() if f.name.endswith((".txt", ".html")))
    n += sum(1 for line in samples.joinpath("samples.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    res = _run("extract")
    assert res.returncode == 0, res.stderr
    assert f"{n} articles" in res.stderr and "0 errors" in res.stderr


# --- eval ----------------------------------------------------------------------------

FAKE_SCORER = '''
import json
def score(gold_path, sys_path):
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
    system = [json.loads(l) for l in open(sys_path, encoding="utf-8") if l.strip()]
    return {"articles": len(gold), "system_events": len(system), "event_f1": 0.5, "matched_actor1_acc": 1.0}
'''


def _eval_inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    scorer = tmp_path / "score.py"
    scorer.write_text(FAKE_SCORER, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"docno": "a1", "published": "2019-05-14", "events": []}) + "\n", encoding="utf-8")
    arts = tmp_path / "arts.jsonl"
    arts.write_text(json.dumps({"id": "a1", "text": EN_TEXT, "published": "2019-05-14"}) + "\n", encoding="utf-8")
    return gold, arts, scorer


def test_eval_with_a_given_scorer(fake_pipeline: None, tmp_path: Path) -> None:
    gold, arts, scorer = _eval_inputs(tmp_path)
    res = runner.invoke(app, ["eval", str(gold), str(arts), "--scorer", str(scorer), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == {"articles": 1, "system_events": 1, "event_f1": 0.5, "matched_actor1_acc": 1.0, "input_errors": 0}
    res = runner.invoke(app, ["eval", str(gold), str(arts), "--scorer", str(scorer)])
    assert "event_f1" in res.stdout and "Per-field accuracy" in res.stdout and "actor1_acc" in res.stdout


def test_eval_missing_files(tmp_path: Path) -> None:
    gold, arts, scorer = _eval_inputs(tmp_path)
    res = runner.invoke(app, ["eval", str(tmp_path / "nope.jsonl"), str(arts), "--scorer", str(scorer)])
    assert res.exit_code == 2 and "nope.jsonl: no such file" in res.stderr
    res = runner.invoke(app, ["eval", str(gold), str(arts), "--scorer", str(tmp_path / "missing.py")])
    assert res.exit_code == 2 and "scorer not found" in res.stderr


def test_eval_with_the_project_scorer(shared_dir: Path) -> None:
    res = _run("eval", str(shared_dir / "gold" / "dev.jsonl"), str(shared_dir / "gold" / "dev_articles.jsonl"), "--json")
    assert res.returncode == 0, res.stderr
    scores = json.loads(res.stdout)
    assert scores["articles"] == 101 and scores["input_errors"] == 0
    assert {"event_f1", "matched_sub_event_type_acc", "matched_actor1_acc", "matched_date_exact"} <= set(scores)


def test_output_folder_is_made_and_unwritable_output_is_a_clean_error(
    fake_pipeline: None, tmp_path: Path, good_and_bad: tuple[Path, Path]
) -> None:
    out = tmp_path / "new" / "dir" / "events.jsonl"
    res = runner.invoke(app, ["extract", str(good_and_bad[0]), "-o", str(out)])
    assert res.exit_code == 0 and len(_jsonl(out)) == 1
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(good_and_bad[0]), "-o", str(blocker / "events.jsonl")])
    assert res.exit_code == 2 and "cannot be written" in res.stderr
