#!/usr/bin/env python3
"""Measure place finding and resolution against the gold events.

For every gold event with a ``location_ar``: is that surface form (or a place
overlapping it) found in the article by ``find_places`` + ``resolve_places``,
and is it resolved to the gold country and admin1 as the event scorer compares
them (``admin1_key`` of /work/shared/eval/score.py: the code, else the folded
admin1 name)? Also prints place-finding time.

usage: eval_places.py [--split train|dev|both] [--gold DIR] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasd.geo.gazetteer import load_gazetteer  # noqa: E402
from rasd.geo.resolve import ResolvedPlace, resolve_places  # noqa: E402
from rasd.mentions.places import find_places  # noqa: E402
from rasd.text.normalise import NormText, fold, normalise  # noqa: E402


@dataclass
class Tally:
    events: int = 0
    absent: int = 0  # the gold surface is not in the article text
    found: int = 0
    correct: int = 0
    correct_precision: int = 0
    seconds: float = 0.0
    articles: int = 0
    chars: int = 0


def occurrences(nt: NormText, surface: str) -> list[tuple[int, int]]:
    """Original-text spans where ``surface`` occurs (compared folded)."""
    key = fold(surface).strip().strip('"«»')
    out, i = [], nt.text.find(key)
    while key and i >= 0:
        out.append(nt.to_original(i, i + len(key)))
        i = nt.text.find(key, i + 1)
    return out


def overlapping(places: list[ResolvedPlace], spans: list[tuple[int, int]]) -> list[ResolvedPlace]:
    return [r for r in places for s, e in spans if r.phrase.start < e and s < r.phrase.end]


def _scorer_admin1_key():
    """The event scorer's admin1 comparison (code, else folded name through its aliases), if present."""
    for path in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval")):
        if (path / "score.py").exists():
            sys.path.insert(0, str(path))
            try:
                from score import admin1_key  # type: ignore[import-not-found]
            finally:
                sys.path.remove(str(path))
            return admin1_key
    return None


ADMIN1_KEY = _scorer_admin1_key()


def right(r: ResolvedPlace, ev: dict) -> bool:
    """Country and admin1 agree as the event scorer has them (a gold with no admin1 code is
    compared by its folded admin1 name, so "Gaza Strip" is not PS-GZA)."""
    if r.country != ev.get("country"):
        return False
    if ADMIN1_KEY is not None:
        gold = ADMIN1_KEY(ev)
        return not gold or gold == ADMIN1_KEY({"admin1_code": r.admin1_code, "admin1": r.admin1})
    return ev.get("admin1_code") is None or r.admin1_code == ev["admin1_code"]


def evaluate(gold: Path, articles: Path, verbose: bool) -> Tally:
    texts = {a["id"]: a for a in map(json.loads, articles.open(encoding="utf-8"))}
    t = Tally()
    for line in gold.open(encoding="utf-8"):
        doc = json.loads(line)
        art = texts.get(doc["docno"])
        if art is None:
            continue
        text = art["text"]
        t0 = time.perf_counter()
        nt = normalise(text)
        places = resolve_places(find_places(nt))
        t.seconds += time.perf_counter() - t0
        t.articles += 1
        t.chars += len(text)
        for ev in doc["events"]:
            if ev.get("location_ar"):
                _score_event(t, nt, places, ev, doc["docno"], verbose)
    return t


def _score_event(t: Tally, nt: NormText, places: list[ResolvedPlace], ev: dict, docno: str, verbose: bool) -> None:
    t.events += 1
    spans = occurrences(nt, ev["location_ar"])
    if not spans:
        t.absent += 1
    hits = overlapping(places, spans)
    good = [r for r in hits if right(r, ev)]
    t.found += bool(hits)
    t.correct += bool(good)
    t.correct_precision += any(r.geo_precision == ev.get("geo_precision") for r in good)
    if verbose and not good:
        got = "; ".join(f"{r.name_ar}->{r.country}/{r.admin1_code}/{r.name_en}/p{r.geo_precision}" for r in hits)
        why = "ABSENT" if not spans else ("WRONG" if hits else "MISSED")
        print(f"  {why} {docno} gold={ev['location_ar']}|{ev['country']}/{ev.get('admin1_code')}/"
              f"{ev.get('location')}/p{ev.get('geo_precision')} got={got}")


def report(name: str, t: Tally) -> None:
    n = max(t.events, 1)
    print(f"{name}: {t.events} gold locations ({t.absent} not in the text as written) | "
          f"found {t.found / n:.1%} | correct country+admin1 {t.correct / n:.1%} | "
          f"also right precision {t.correct_precision / n:.1%} | "
          f"{1000 * t.seconds / max(t.articles, 1):.2f} ms/article "
          f"({t.chars / max(t.articles, 1):.0f} chars avg)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("train", "dev", "both"), default="both")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    gold = args.gold if args.gold.exists() else Path("/work/shared/gold")
    t0 = time.perf_counter()
    load_gazetteer()
    print(f"gazetteer load {time.perf_counter() - t0:.2f} s")
    for split in ("train", "dev") if args.split == "both" else (args.split,):
        report(split, evaluate(gold / f"{split}.jsonl", gold / f"{split}_articles.jsonl", args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
