"""Gazetteer load time and memory, and place recognition throughput on the Arabic news corpus.

usage: .venv/bin/python bench/bench_geo.py [--articles N]

Prints a table and appends nothing to tests: speed is measured here, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
import tracemalloc
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arabic_news_antcorpus_mideast_2018" / "ant_mideast_intl_2018.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    tracemalloc.start()
    t0 = time.perf_counter()
    from rasd.geo.gazetteer import load_gazetteer
    from rasd.geo.resolve import resolve_places
    from rasd.mentions.places import find_places
    from rasd.text.normalise import normalise

    gaz = load_gazetteer()
    load_s = time.perf_counter() - t0
    _, load_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line).get("text") or "")
            if len(texts) >= args.articles:
                break
    norm = [normalise(t) for t in texts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t1 = time.perf_counter()
    n_places = 0
    for nt in norm:
        n_places += len(resolve_places(find_places(nt)))
    rec_s = time.perf_counter() - t1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| places | load s | load peak MB (tracemalloc) | articles | MB text | recognise+resolve s | MB/s | articles/s | places found | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(gaz):,} | {load_s:.2f} | {load_peak / 1e6:.0f} | {len(texts):,} | {mb:.2f} | {rec_s:.2f} | {mb / rec_s:.2f} | "
          f"{len(texts) / rec_s:.0f} | {n_places:,} | {rss:.0f} |")


if __name__ == "__main__":
    main()
