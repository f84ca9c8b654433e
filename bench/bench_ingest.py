"""Ingest throughput into SQLite and PostgreSQL, and database size per 1,000 articles.

usage: .venv/bin/python bench/bench_ingest.py [--limit 10000] [--pg URL] [--skip-pg]

The first ``--limit`` articles of the ANT corpus (``../shared/data/arabic_news_antcorpus_mideast_2018``,
one JSON object a line: docno, source, url, title, time, text) are copied to a temporary
JSONL file, then for each backend, into a fresh database:

* **ingest**: ``rasd ingest`` as a library call (read, identity, extract, store; one
  transaction per article), articles/s;
* **re-ingest**: the same file again (every article already stored: a no-op), articles/s;
* **store only**: the extraction results computed once beforehand, stored with
  ``Store.add_result`` (the store's own cost), articles/s;
* **size**: the database size after ingest (SQLite: the file after a WAL checkpoint;
  PostgreSQL: ``pg_database_size`` less that of the empty migrated database), in total
  and per 1,000 articles, beside the UTF-8 size of the article texts themselves.

PostgreSQL: ``--pg URL`` (a database to fill: it should be empty), else a throwaway
server is started (``rasd.store.pgtemp``, default settings: fsync on). Prints a
Markdown table (copy it into bench/results_ingest.md).
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import sqlite3
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import text

from rasd.model import Result
from rasd.runner import extract_files
from rasd.store import open_store, pipeline_version
from rasd.store.engine import read_tx
from rasd.store.ingestion import ingest_paths
from rasd.store.pgtemp import TempPostgres

CORPUS = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arabic_news_antcorpus_mideast_2018"
          / "ant_mideast_intl_2018.jsonl.gz")


def sample(limit: int, out: Path) -> Path:
    """The first ``limit`` lines of the corpus, as a plain JSONL file."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= limit:
                break
            dst.write(line)
    return out


def db_size(url: str) -> int:
    """Bytes the database takes on disk."""
    with open_store(url) as store:
        if store.backend == "sqlite":
            raw = sqlite3.connect(store.engine.url.database)
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
            return os.path.getsize(store.engine.url.database)  # type: ignore[arg-type]
        with read_tx(store.engine) as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def bench_backend(name: str, url: str, url_store_only: str, path: Path, results: list[Result]) -> dict[str, object]:
    empty = 0
    if name == "PostgreSQL":
        open_store(url).close()
        empty = db_size(url)
    with open_store(url) as store:
        t0 = time.perf_counter()
        report = ingest_paths(store, [path])
        ingest_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = ingest_paths(store, [path])
        reingest_s = time.perf_counter() - t0
        stats = store.stats()
    assert again.counts.stored == 0 and again.counts.present == report.counts.stored + report.counts.present
    size = db_size(url) - empty
    version = pipeline_version()
    with open_store(url_store_only) as store:
        t0 = time.perf_counter()
        for r in results:
            store.add_result(r, version)
        store_s = time.perf_counter() - t0
    n = stats["articles"]
    read = report.counts.stored + report.counts.present + report.counts.quarantined  # articles (and bad lines) read
    return {
        "backend": name, "articles": n, "read": read, "events": stats["events"],
        "duplicates": report.counts.present, "quarantined": report.counts.quarantined,
        "ingest": read / ingest_s, "ingest_s": ingest_s, "reingest": read / reingest_s,
        "store_only": len(results) / store_s, "size": size, "per_1k": size / (n / 1000),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--pg", help="PostgreSQL database URL to fill (default: start a throwaway server)")
    ap.add_argument("--pg-store-only", help="a second empty PostgreSQL database for the store-only pass")
    ap.add_argument("--skip-pg", action="store_true")
    args = ap.parse_args()
    load_start = os.getloadavg()[0]
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rasd-bench-")))
        path = sample(args.limit, tmp / "sample.jsonl")
        t0 = time.perf_counter()
        results = [r for r in extract_files([path]) if isinstance(r, Result)]
        extract_s = time.perf_counter() - t0
        text_bytes = sum(len(r.article.text.encode("utf-8")) + len(r.article.title.encode("utf-8")) for r in results)
        rows = [bench_backend("SQLite", f"sqlite:///{tmp / 'a.db'}", f"sqlite:///{tmp / 'b.db'}", path, results)]
        pg_version = ""
        if not args.skip_pg:
            if args.pg:
                urls = (args.pg, args.pg_store_only or args.pg)
            else:
                pg = stack.enter_context(TempPostgres())
                urls = (pg.create_database("bench_ingest"), pg.create_database("bench_store_only"))
            with open_store(urls[0]) as s, read_tx(s.engine) as conn:
                pg_version = str(conn.execute(text("SHOW server_version")).scalar_one())
            rows.append(bench_backend("PostgreSQL", urls[0], urls[1], path, results))
    print(f"{len(results):,} articles of the ANT corpus; extraction alone: {len(results) / extract_s:.0f} articles/s "
          f"({extract_s:.0f} s); article text + title: {text_bytes / 1e6:.1f} MB "
          f"({text_bytes / (len(results) / 1000) / 1e6:.2f} MB per 1,000 articles)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load_start:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end; "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
          + (f", PostgreSQL {pg_version}" if pg_version else ""))
    print()
    print("| backend | lines read | articles stored | same-identity duplicates | events | ingest articles/s (s) | re-ingest (no-op) articles/s | store only articles/s "
          "| database size | per 1,000 articles |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['backend']} | {r['read']:,} | {r['articles']:,} | {r['duplicates']:,} | {r['events']:,} | {r['ingest']:.0f} ({r['ingest_s']:.0f}) "
              f"| {r['reingest']:.0f} | {r['store_only']:.0f} | {r['size'] / 1e6:.1f} MB | {r['per_1k'] / 1e6:.2f} MB |")


if __name__ == "__main__":
    main()
