"""Run the extractor over the whole Arabic news corpus (17,797 articles) and print a table.

usage: .venv/bin/python bench/corpus_run.py [--limit N]

A check that the rules hold beyond the gold articles: every article is read, none crashes
the batch, the output has the CODEBOOK shape, and the throughput is what the small
benchmark says. Writes nothing but the table (copy it into bench/results_corpus.md).
"""

from __future__ import annotations

import argparse
import collections
import resource
import time
from pathlib import Path

from rasd.errors import InputError
from rasd.model import Result, Skip
from rasd.runner import extract_files

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arabic_news_antcorpus_mideast_2018" / "ant_mideast_intl_2018.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    n = errors = skips = events = signals = with_events = 0
    by_type: collections.Counter[str] = collections.Counter()
    by_country: collections.Counter[str] = collections.Counter()
    for item in extract_files([CORPUS]):
        if isinstance(item, InputError):
            errors += 1
            continue
        if isinstance(item, Skip):
            skips += 1
            continue
        assert isinstance(item, Result)
        n += 1
        events += len(item.events)
        signals += len(item.signals)
        with_events += bool(item.events)
        for e in item.events:
            by_type[e.event_type] += 1
            by_country[e.country or "?"] += 1
        if args.limit and n >= args.limit:
            break
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| articles | input errors | extractor skips | seconds | articles/s | peak RSS MB | articles with events | events | signals |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {n:,} | {errors} | {skips} | {secs:.0f} | {n / secs:.0f} | {rss:.0f} | {with_events:,} ({with_events / max(n, 1):.0%}) | {events:,} | {signals:,} |")
    print()
    print("| event type | events |")
    print("|---|---:|")
    for t, c in by_type.most_common():
        print(f"| {t} | {c:,} |")
    print()
    print("countries (top 10): " + ", ".join(f"{c} {k:,}" for c, k in by_country.most_common(10)))


if __name__ == "__main__":
    main()
