#!/usr/bin/env python3
"""Throughput and memory of ``rasd.pipeline.extract`` on a fixed Arabic news corpus.

Usage (from the repository root, with ../shared beside it)::

    .venv/bin/python bench/bench_extract.py            # 1,000 articles, writes bench/results.md
    .venv/bin/python bench/bench_extract.py --n 200 --no-write

The corpus is the first N articles of
``shared/data/arabic_news_antcorpus_mideast_2018/ant_mideast_intl_2018.jsonl.gz``
(ANT Corpus: ``docno``, ``time``, ``title``, ``text``…), read with ``rasd.ingest``.
The process is pinned to one core. Reported:

* ingest (JSON parse, date, language id) and extraction as separate timings;
* the first ``extract`` call alone (it loads lexicons and the gazetteer);
* articles/s and ms/article p50/p95 over all N articles (after the first call);
* peak RSS of the process (``getrusage``) and, with ``--tracemalloc``, the peak
  of Python allocations during extraction (slower: tracing costs time);
* time per stage: a cProfile pass over the first ``--profile-n`` articles, self
  time summed by rasd sub-package (text, mentions, events, geo …), as shares.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchinfo import commit, cpu_name  # noqa: E402

from rasd.errors import InputError  # noqa: E402
from rasd.ingest import read_path  # noqa: E402
from rasd.model import Article  # noqa: E402
from rasd.pipeline import extract  # noqa: E402
from rasd.runner import find_shared_dir  # noqa: E402

CORPUS = Path("data/arabic_news_antcorpus_mideast_2018/ant_mideast_intl_2018.jsonl.gz")
RERUN = ".venv/bin/python bench/bench_extract.py"


def load(corpus: Path, n: int) -> tuple[list[Article], int, float]:
    """The first ``n`` readable articles, the number of unreadable lines, and the seconds taken."""
    t0 = time.perf_counter()
    articles: list[Article] = []
    bad = 0
    for item in read_path(corpus):
        if isinstance(item, InputError):
            bad += 1
            continue
        articles.append(item)
        if len(articles) >= n:
            break
    return articles, bad, time.perf_counter() - t0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run(articles: list[Article], trace: bool) -> dict[str, float]:
    t0 = time.perf_counter()
    extract(articles[0])
    first = time.perf_counter() - t0
    if trace:
        tracemalloc.start()
    times: list[float] = []
    events = signals = 0
    t_all = time.perf_counter()
    for a in articles:
        t = time.perf_counter()
        r = extract(a)
        times.append(time.perf_counter() - t)
        events += len(r.events)
        signals += len(r.signals)
    total = time.perf_counter() - t_all
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else float("nan")
    if trace:
        tracemalloc.stop()
    ms = sorted(x * 1000 for x in times)
    return {
        "articles": len(articles),
        "seconds": total,
        "per_s": len(articles) / total if total else float("inf"),
        "p50": statistics.median(ms),
        "p95": ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))],
        "max": ms[-1],
        "first": first,
        "events": events,
        "signals": signals,
        "traced_mb": traced,
    }


def stage_shares(articles: list[Article]) -> list[tuple[str, float]]:
    """Self time of the extraction, summed by rasd sub-package (or 'other' for libraries)."""
    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        extract(a)
    prof.disable()
    by_stage: dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(prof).stats.items():  # type: ignore[attr-defined]
        path = Path(filename)
        try:
            rel = path.resolve().relative_to(REPO / "rasd")
            stage = "rasd." + (rel.parts[0].removesuffix(".py") if rel.parts else "?")
        except (ValueError, OSError):
            stage = "libraries / builtins"
        by_stage[stage] += tottime
    total = sum(by_stage.values()) or 1.0
    return sorted(((k, v / total) for k, v in by_stage.items()), key=lambda kv: -kv[1])


def machine() -> str:
    return f"nproc={os.cpu_count()}, {cpu_name() or platform.processor() or platform.machine()}, Python {platform.python_version()}"


def report(res: dict[str, float], ingest: tuple[int, int, float], rss: tuple[float, float], stages: list[tuple[str, float]], corpus: Path) -> str:
    n_ok, n_bad, t_ingest = ingest
    traced = "" if res["traced_mb"] != res["traced_mb"] else f" | {res['traced_mb']:.1f}"
    traced_head = "" if not traced else " | tracemalloc peak MB"
    lines = [
        "# Extraction benchmark",
        "",
        f"Rerun: `{RERUN}` (from the repo root, ../shared beside it; `--help` for options).",
        "",
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine()}; pinned to one core",
        f"- commit: {commit()}",
        f"- corpus: first {n_ok:,} articles of `{corpus.name}` (ANT Corpus, Arabic news 2018); {n_bad} unreadable lines skipped",
        "",
        f"| articles | seconds | articles/s | ms/article p50 | ms/article p95 | peak RSS MB{traced_head} |",
        "|---:|---:|---:|---:|---:|---:|" + ("---:|" if traced else ""),
        f"| {res['articles']:,} | {res['seconds']:.2f} | {res['per_s']:.1f} | {res['p50']:.2f} | {res['p95']:.2f} | {rss[1]:.0f}{traced} |",
        "",
        f"- first `extract` call (loads lexicons, gazetteer): {res['first'] * 1000:.0f} ms; slowest article: {res['max']:.1f} ms",
        f"- ingest of the same articles (JSON, dates, language id): {t_ingest:.2f} s ({n_ok / t_ingest if t_ingest else 0:.0f} articles/s)",
        f"- peak RSS before extraction (interpreter, libraries, articles in memory): {rss[0]:.0f} MB",
        f"- output: {res['events']:,} events, {res['signals']:,} signals"
        + (" — the extractor found nothing: these figures time the harness, not extraction" if not res["events"] else ""),
    ]
    if stages:
        lines += ["", "Time per stage (self time by package, cProfile over the first articles; profiling inflates absolute times):", ""]
        lines += ["| stage | share |", "|---|---:|"] + [f"| {k} | {v:.0%} |" for k, v in stages if v >= 0.005]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles to extract (default 1000)")
    ap.add_argument("--corpus", type=Path, help="JSONL(.gz) corpus (default: the ANT corpus in ../shared)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results.md", help="markdown report to write")
    ap.add_argument("--no-write", action="store_true", help="print only, do not write the report")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the peak of Python allocations (slower)")
    ap.add_argument("--profile-n", type=int, default=200, help="articles for the per-stage profile (0: skip)")
    args = ap.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    corpus = args.corpus
    if corpus is None:
        shared = find_shared_dir()
        if shared is None:
            print("error: ../shared not found; pass --corpus", file=sys.stderr)
            return 2
        corpus = shared / CORPUS
    articles, bad, t_ingest = load(corpus, args.n)
    if not articles:
        print(f"error: no readable articles in {corpus}", file=sys.stderr)
        return 2
    rss_before = rss_mb()
    res = run(articles, args.tracemalloc)
    rss_after = rss_mb()
    stages = stage_shares(articles[: args.profile_n]) if args.profile_n else []
    text = report(res, (len(articles), bad, t_ingest), (rss_before, rss_after), stages, corpus)
    print(text)
    if not args.no_write:
        args.out.write_text(text, encoding="utf-8")
        print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
