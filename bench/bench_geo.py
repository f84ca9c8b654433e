"""Gazetteer load time and memory, and place recognition throughput on the Arabic news corpus.

usage: .venv/bin/python bench/bench_geo.py [--articles N] [--repeat R]

* load: ``import rasd.geo.gazetteer; load_gazetteer()`` in a fresh process, best of ``R`` runs,
  with its max RSS — built from the package data (``RASD_GAZETTEER_CACHE=0``), and read from a
  warm cache (a temporary ``RASD_CACHE_DIR``, filled by a first run that is not counted);
* recognition: ``resolve_places(find_places(nt))`` over the first ``N`` articles (normalised
  beforehand, not timed), best of ``R`` runs, in this process.

The 1-minute load average is printed with the numbers: on a shared machine timings are noisy.
Prints a table; speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arabic_news_antcorpus_mideast_2018" / "ant_mideast_intl_2018.jsonl.gz"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/data/arabic_news_antcorpus_mideast_2018/ant_mideast_intl_2018.jsonl.gz")

_LOAD = """
import resource, time
t0 = time.perf_counter()
from rasd.geo.gazetteer import load_gazetteer
gaz = load_gazetteer()
t = time.perf_counter() - t0
print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(gaz))
"""


def _load_run(env: dict[str, str]) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", _LOAD], env=env, capture_output=True, text=True, check=True)
    t, rss, n = out.stdout.split()
    return float(t), float(rss), int(n)


def _load(repeat: int, cached: bool) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "RASD_CACHE_DIR": cache, "RASD_GAZETTEER_CACHE": "1" if cached else "0"}
        if cached:
            _load_run(env)  # fills the cache
        runs = [_load_run(env) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    load_avg = [os.getloadavg()[0]]
    cold_s, cold_rss, n_places = _load(args.repeat, cached=False)
    warm_s, warm_rss, _ = _load(args.repeat, cached=True)
    load_avg.append(os.getloadavg()[0])

    from rasd.geo.gazetteer import load_gazetteer
    from rasd.geo.resolve import resolve_places
    from rasd.mentions.places import find_places
    from rasd.text.normalise import normalise

    load_gazetteer()
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line).get("text") or "")
            if len(texts) >= args.articles:
                break
    norm = [normalise(t) for t in texts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    n_found = 0
    for _ in range(args.repeat):
        t1 = time.perf_counter()
        n_found = 0
        for nt in norm:
            n_found += len(resolve_places(find_places(nt)))
        best = min(best, time.perf_counter() - t1)
    load_avg.append(os.getloadavg()[0])
    print("| places | load s (build) | RSS MB (build) | load s (cache) | RSS MB (cache) | articles | MB text "
          "| recognise+resolve s | MB/s | articles/s | places found | load avg (1 min) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {n_places:,} | {cold_s:.2f} | {cold_rss:.0f} | {warm_s:.2f} | {warm_rss:.0f} | {len(texts):,} | {mb:.2f} "
          f"| {best:.2f} | {mb / best:.2f} | {len(texts) / best:.0f} | {n_found:,} "
          f"| {' / '.join(f'{x:.2f}' for x in load_avg)} |")


if __name__ == "__main__":
    main()
