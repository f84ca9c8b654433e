"""Recovery on both backends: ``rasd ingest`` killed with SIGKILL mid-run, then restarted,
ends with the same database as an uninterrupted run; two writers at once store each article once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from store_corpus import write_txt_folder
from store_dump import canonical_dump, first_difference

from rasd.store.engine import make_engine, read_tx, resolve_url
from rasd.store.schema import articles, runs

REPO_ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 200
KILLS = 3


def _ingest(folder: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen([sys.executable, "-m", "rasd.cli", "ingest", str(folder), "--db", url, "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO_ROOT)


def _ingest_clean(folder: Path, url: str) -> dict[str, int]:
    """An uninterrupted run, in a process of its own like the others (so all of them read the
    rules as they are now, not as this test process loaded them earlier); its JSON report."""
    proc = _ingest(folder, url)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return dict(json.loads(out))


class _Counter:
    """Reads counts from the database while another process writes to it."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(resolve_url(url))

    def articles(self, *, unextracted: bool = False) -> int:
        q = select(func.count()).select_from(articles)
        if unextracted:
            q = q.where(articles.c.pipeline_version.is_(None))
        try:
            with read_tx(self.engine) as conn:
                return int(conn.execute(q).scalar_one())
        except DBAPIError:  # the schema is not there yet
            return 0

    def runs_by_status(self) -> dict[str, int]:
        with read_tx(self.engine) as conn:
            return dict(conn.execute(select(runs.c.status, func.count()).group_by(runs.c.status)).all())


def _wait_for_more(proc: subprocess.Popen[str], counter: _Counter, than: int) -> None:
    """Poll until the database holds more than ``than`` articles (or the process ends)."""
    while proc.poll() is None and counter.articles() <= than:
        time.sleep(0.005)


def test_kill_9_and_restart_loses_and_duplicates_nothing(db_url: str, other_db_url: str, tmp_path: Path) -> None:
    folder = write_txt_folder(tmp_path / "corpus", N_ARTICLES)
    counter = _Counter(db_url)
    seen = 0
    try:
        for _ in range(KILLS):
            proc = _ingest(folder, db_url)
            _wait_for_more(proc, counter, seen)
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
            at_kill = counter.articles()
            assert seen < at_kill < N_ARTICLES, (seen, at_kill)  # killed mid-run, after some progress
            assert counter.articles(unextracted=True) == 0  # no article was committed without its events
            seen = at_kill
        final = _ingest(folder, db_url)
        out, err = final.communicate()
        assert final.returncode == 0, err
        report = json.loads(out)
        assert report["present"] == seen and report["stored"] == N_ARTICLES - seen and report["quarantined"] == 0
        assert counter.runs_by_status() == {"running": KILLS, "finished": 1}  # killed runs stay marked unfinished
    finally:
        counter.engine.dispose()

    assert _ingest_clean(folder, other_db_url)["stored"] == N_ARTICLES
    restarted, uninterrupted = canonical_dump(db_url), canonical_dump(other_db_url)
    assert len(restarted) == N_ARTICLES and sum(len(a["events"]) for a in restarted) > N_ARTICLES // 2
    assert restarted == uninterrupted, first_difference(restarted, uninterrupted)


def test_two_writers_at_once_store_each_article_once(db_url: str, other_db_url: str, tmp_path: Path) -> None:
    folder = write_txt_folder(tmp_path / "corpus", 60)
    procs = [_ingest(folder, db_url) for _ in range(2)]
    reports = []
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0, err
        reports.append(json.loads(out))
    assert sum(r["stored"] for r in reports) == 60
    assert all(r["stored"] + r["present"] == 60 for r in reports)
    assert _ingest_clean(folder, other_db_url)["stored"] == 60
    both, clean_dump = canonical_dump(db_url), canonical_dump(other_db_url)
    assert both == clean_dump, first_difference(both, clean_dump)
