"""API latency (p50/p95) of the main queries on a store of 100,000 events, SQLite and PostgreSQL.

usage: .venv/bin/python bench/bench_api.py [--events 100000] [--backends sqlite,postgresql]
                                           [--runs 40] [--workers 2] [--out bench/results_api.md]

1. Extract events from the whole ANT Arabic news corpus (``../shared/data/arabic_news_antcorpus_mideast_2018``,
   17,797 articles) with the real pipeline (cached in ``--cache`` by pipeline version).
2. Store every article and its extraction (``Store.add_result``); then, to reach ``--events``,
   store copies of the articles that have events under new ids and URLs, each copy shifted by
   52 weeks more (published date and event dates), so the data spans several years; the last
   copy is cut to make the count exact.
   PostgreSQL's tables are then ``VACUUM ANALYZE``d (autovacuum would do so shortly after a
   bulk load; right after it, without statistics, the planner's guesses made some queries
   10× slower); SQLite gets no ``ANALYZE``, as the store runs none.
3. Start ``rasd serve`` on a free port of 127.0.0.1 over that database and time each query
   over HTTP (keep-alive client, body read included): 3 warm-up runs, then ``--runs`` timed runs.
4. Write a markdown table (``--out``).

5. Unless ``--no-compare``: drop the indexes the store's migrations 0002 and 0003 add for the API
   (:data:`STORE_INDEXES`) and time everything again, so the table shows what they buy; then
   create them again.

PostgreSQL is a throwaway server (``rasd.store.pgtemp.TempPostgres``, fsync off as in tests).
"""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import runpy
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "arabic_news_antcorpus_mideast_2018" / "ant_mideast_intl_2018.jsonl.gz"
SHIFT = timedelta(weeks=52)
#: the indexes the store's migrations 0002 and 0003 add for the API (proposed by an earlier run of this
#: benchmark); read from the migration so the two cannot drift apart
STORE_INDEXES: dict[str, tuple[str, ...]] = {
    name: cols
    for migration in ("0002_event_indexes.py", "0003_admin1_date_indexes.py")
    for name, cols in runpy.run_path(str(REPO / "rasd" / "store" / "migrations" / "versions" / migration))["INDEXES"].items()}


# --- 1. extraction ----------------------------------------------------------------------------

def _extract_chunk(articles: list[Any]) -> list[Any]:
    from rasd.pipeline import extract

    out = []
    for a in articles:
        try:
            out.append(extract(a))
        except Exception as exc:  # noqa: BLE001 - a benchmark keeps going, like the corpus run
            print(f"skip {a.id}: {exc}", file=sys.stderr)
    return out


def extracted(cache: Path, workers: int) -> list[Any]:
    from rasd.errors import InputError
    from rasd.ingest import read_path
    from rasd.store import pipeline_version

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"extract-{pipeline_version().replace('+', '_')}.pickle"
    if path.exists():
        print(f"extraction: cached {path}", file=sys.stderr)
        return pickle.loads(path.read_bytes())
    t0 = time.perf_counter()
    articles = [a for a in read_path(CORPUS) if not isinstance(a, InputError)]
    chunks = [articles[i:i + 200] for i in range(0, len(articles), 200)]
    results: list[Any] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_extract_chunk, chunks):
            results += part
    print(f"extraction: {len(results):,} articles, {sum(len(r.events) for r in results):,} events "
          f"in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    path.write_bytes(pickle.dumps(results))
    return results


# --- 2. the store -------------------------------------------------------------------------------

def replicas(results: list[Any], base_events: int, target: int) -> Iterator[Any]:
    """Copies of the articles with events, shifted by 52 weeks per round, until ``target`` events."""
    from rasd.model import Article, Result

    have = base_events
    k = 0
    with_events = [r for r in results if r.events and r.article.published]
    while have < target:
        k += 1
        for r in with_events:
            if have >= target:
                return
            a = r.article
            # a URL of its own: the store keys articles by canonical URL (else by text, which copies share)
            url = f"https://copies.rasd-bench.example/{k}/{quote(a.id)}"
            art = Article(id=f"{a.id}~copy{k}", text=a.text, title=a.title,
                          published=a.published + SHIFT * k if a.published else None, url=url, source=a.source,
                          language=a.language)
            evs = tuple(replace(e, article_id=art.id, event_date=e.event_date + SHIFT * k if e.event_date else None)
                        for e in r.events)[: target - have]
            sigs = tuple(replace(s, article_id=art.id) for s in r.signals)
            have += len(evs)
            yield Result(art, evs, sigs)


def fill(url: str, results: list[Any], target: int) -> dict[str, Any]:
    from rasd.store import open_store, pipeline_version

    version = pipeline_version()
    t0 = time.perf_counter()
    base = 0
    with open_store(url) as store:
        if store.stats()["events"] >= target:
            return {"seconds": 0, **store.stats()}
        for r in results:
            _, created = store.add_result(r, version)
            base += len(r.events) if created else 0  # the corpus repeats some articles: stored once
        for r in replicas(results, base, target):
            _, created = store.add_result(r, version)
            assert created, r.article.id
        stats = store.stats()
    print(f"store {url.split('@')[-1]}: {stats} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return {"seconds": time.perf_counter() - t0, **stats}


# --- 3. timing ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, db: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "serve", "--db", db, "--port", str(self.port),
                                      "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{self.base}/api/meta", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"rasd serve did not start: {self.proc.stderr.read() if self.proc.stderr else ''}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def queries(client: httpx.Client) -> list[tuple[str, str, dict[str, Any]]]:
    """The main queries (name, path, params); ids and a deep cursor looked up first."""
    page = client.get("/api/events", params={"limit": 50}).json()
    cursor = page["next"]
    for _ in range(18):  # the cursor of page 20
        cursor = client.get("/api/events", params={"limit": 50, "cursor": cursor}).json()["next"]
    mid = page["data"][len(page["data"]) // 2]
    stats = client.get("/api/stats").json()["data"]
    last = date.fromisoformat(stats["last_event_date"])
    return [
        ("events, first page (50)", "/api/events", {}),
        ("events, page 20 (keyset cursor)", "/api/events", {"cursor": cursor}),
        ("events, admin1=Deir-ez-Zor", "/api/events", {"admin1": "Deir-ez-Zor"}),
        ("events, country=SYR + Battles + one year", "/api/events",
         {"country": "SYR", "event_type": "Battles", "date_from": (last - timedelta(days=365)).isoformat()}),
        ("events, actor=ISIS", "/api/events", {"actor": "ISIS"}),
        ("events, geo precision 1 + source", "/api/events", {"precision": 1, "source": "BBC"}),
        ("events, full-text q=داعش", "/api/events", {"q": "داعش"}),
        ("events, reviewed only", "/api/events", {"reviewed": "true"}),
        ("event detail (evidence, history)", f"/api/events/{mid['id']}", {}),
        ("article detail (text, events, signals)", f"/api/articles/{mid['article_id']}", {}),
        ("articles, full-text q=دير الزور", "/api/articles", {"q": "دير الزور"}),
        ("places, admin1 (choropleth)", "/api/places", {"level": "admin1"}),
        ("places, location (map points, SYR)", "/api/places", {"level": "location", "country": "SYR", "limit": 3000}),
        ("actors", "/api/actors", {}),
        ("trends by admin1 (last week)", "/api/trends", {"dimension": "admin1"}),
        ("trends by actor, Deir-ez-Zor", "/api/trends", {"dimension": "actor", "admin1": "Deir-ez-Zor"}),
        ("weekly counts (timeline), SYR", "/api/trends/weekly", {"country": "SYR"}),
        ("signals, first page", "/api/signals", {}),
        ("stats", "/api/stats", {}),
        ("export CSV, Deir-ez-Zor", "/api/events/export", {"format": "csv", "admin1": "Deir-ez-Zor"}),
    ]


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))]


def time_queries(base: str, runs: int) -> list[dict[str, Any]]:
    out = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, path, params in queries(client):
            times = []
            size = 0
            for i in range(3 + runs):
                t0 = time.perf_counter()
                r = client.get(path, params=params)
                body = r.content
                dt = (time.perf_counter() - t0) * 1000
                assert r.status_code == 200, (name, r.text[:300])
                if i >= 3:
                    times.append(dt)
                size = len(body)
            count = r.json().get("count") if r.headers["content-type"].startswith("application/json") else None
            out.append({"name": name, "p50": statistics.median(times), "p95": pct(times, 95), "count": count,
                        "bytes": size})
            print(f"  {name:45} p50 {out[-1]['p50']:7.1f} ms  p95 {out[-1]['p95']:7.1f} ms", file=sys.stderr)
    return out


def review_latency(base: str, db: str, runs: int) -> dict[str, Any]:
    """POST a review (confirm) on distinct events: a write transaction and its log entry."""
    made = subprocess.run([sys.executable, "-m", "rasd.cli", "token", "create", "bench", "--db", db],
                          capture_output=True, text=True, check=True)
    headers = {"Authorization": f"Bearer {made.stdout.strip()}"}
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        ids = [e["id"] for e in client.get("/api/events", params={"limit": runs + 3}).json()["data"]]
        for i, event_id in enumerate(ids):
            t0 = time.perf_counter()
            r = client.post(f"/api/events/{event_id}/review", json={"action": "confirm"}, headers=headers)
            dt = (time.perf_counter() - t0) * 1000
            assert r.status_code == 200, r.text
            if i >= 3:
                times.append(dt)
        for event_id in ids:  # back to machine status, so later runs read the same data
            client.post(f"/api/events/{event_id}/review", json={"action": "reopen"}, headers=headers)
    return {"name": "review: confirm an event (write + log)", "p50": statistics.median(times), "p95": pct(times, 95),
            "count": None, "bytes": 0}


# --- 4. report ----------------------------------------------------------------------------------

def report(results: dict[str, list[dict[str, Any]]], info: dict[str, dict[str, Any]], runs: int, target: int) -> str:
    backends = list(results)
    lines = [
        "# API latency on 100,000 events",
        "",
        ("Rerun: `.venv/bin/python bench/bench_api.py` (see its docstring; about 30 minutes, most of it extraction "
         "and filling the stores)."),
        "",
        (f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, nproc={os.cpu_count()}, "
         f"Python {platform.python_version()}; other processes shared the machine (1-minute load average while "
         f"timing: {', '.join(f'{b} {LOADS[b]:.1f}' for b in backends if b in LOADS)}), so these are upper bounds"),
        (f"- data: the ANT Arabic news corpus extracted by rasd, then its articles with events copied "
         f"(new ids and URLs, dates shifted by 52 weeks per copy) up to {target:,} events"),
    ]
    for b in backends:
        if "without" in b:
            continue
        i = info[b]
        lines.append(f"- {b}: {i['articles']:,} articles, {i['events']:,} events, {i['signals']:,} signals"
                     f"{', ' + i['size'] if i.get('size') else ''}")
    lines += [
        (f"- each query: 3 warm-up requests, then {runs} timed ones over HTTP to `rasd serve` on 127.0.0.1 "
         "(one keep-alive client, response body read); pages are 50 events; `matching` is the number of matching records"),
        "",
        "| query | " + " | ".join(f"{b} p50 ms | {b} p95 ms" for b in backends) + " | matching |",
        "|---|" + "---:|---:|" * len(backends) + "---:|",
    ]
    names = [q["name"] for q in results[backends[0]]]
    for n in names:
        row = [n]
        count = None
        for b in backends:
            q = next(x for x in results[b] if x["name"] == n)
            row += [f"{q['p50']:.0f}", f"{q['p95']:.0f}"]
            count = q["count"] if q["count"] is not None else count
        row.append(f"{count:,}" if isinstance(count, int) else "")
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", ("The store's API indexes (migrations `0002_event_indexes` and `0003_admin1_date_indexes`; the `without API indexes` columns drop them, "
                   "and SQLite's planner statistics with them, to show what they buy):"), ""]
    lines += [f"- `{name}` on `events ({', '.join(cols)})`" for name, cols in STORE_INDEXES.items()]
    worst = {b: max(results[b], key=lambda q: q["p95"]) for b in backends}
    lines += ["", "Slowest p95: " + "; ".join(f"{b}: {w['name']} ({w['p95']:.0f} ms)" for b, w in worst.items()) + "."]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasd-bench-api")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results_api.md")
    ap.add_argument("--no-compare", dest="compare", action="store_false",
                    help="Do not time again without the store's API indexes (migrations 0002, 0003).")
    args = ap.parse_args()
    results = extracted(args.cache, args.workers)
    timings: dict[str, list[dict[str, Any]]] = {}
    info: dict[str, dict[str, Any]] = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            path = args.cache / f"bench-{args.events}.db"
            db = f"sqlite:///{path}"
            info[backend] = fill(db, results, args.events)
            info[backend]["size"] = f"{path.stat().st_size / 2**20:.0f} MB file"
            set_indexes(db, present=True)
            timings[backend] = run_backend(db, args.runs, backend)
            if args.compare:
                label = f"{backend} without API indexes"
                set_indexes(db, present=False)
                timings[label] = run_backend(db, args.runs, label)
                set_indexes(db, present=True)
                info[label] = info[backend]
        elif backend == "postgresql":
            from rasd.store.pgtemp import TempPostgres

            with TempPostgres(fast=True) as pg:
                db = pg.create_database("bench")
                info[backend] = fill(db, results, args.events)
                analyze(db)  # what autovacuum does soon after a bulk load; without it plans are guesses
                timings[backend] = run_backend(db, args.runs, backend)
                if args.compare:
                    label = f"{backend} without API indexes"
                    set_indexes(db, present=False)
                    timings[label] = run_backend(db, args.runs, label)
                    info[label] = info[backend]
        else:
            raise SystemExit(f"unknown backend {backend!r}")
    args.out.write_text(report(timings, info, args.runs, args.events), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


def analyze(db: str) -> None:
    import psycopg

    with psycopg.connect(db.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as c:
        c.execute("VACUUM ANALYZE")


def set_indexes(db: str, *, present: bool) -> None:
    """Drop the store's API indexes (migrations 0002, 0003) to time without them, or create them again.
    Without them SQLite also loses its planner statistics (the store runs no ``ANALYZE``)."""
    from sqlalchemy import text

    from rasd.store import open_store

    with open_store(db) as store, store.engine.begin() as conn:
        for name, columns in STORE_INDEXES.items():
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({', '.join(columns)})" if present
                              else f"DROP INDEX IF EXISTS {name}"))
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
            conn.execute(text("DROP TABLE IF EXISTS sqlite_stat4"))
    if db.startswith("postgresql"):
        analyze(db)


#: the 1-minute load average after each backend's timing (other processes share the machine)
LOADS: dict[str, float] = {}


def run_backend(db: str, runs: int, label: str) -> list[dict[str, Any]]:
    server = Server(db)
    try:
        print(f"timing {db.split('@')[-1]}", file=sys.stderr)
        out = time_queries(server.base, runs)
        out.append(review_latency(server.base, db, min(runs, 20)))
        LOADS[label] = os.getloadavg()[0]
        return out
    finally:
        server.stop()


if __name__ == "__main__":
    main()
