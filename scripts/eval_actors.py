#!/usr/bin/env python3
"""Measure actor coding (actor1, actor2, assoc_actor1) on matched events.

Runs ``rasd.pipeline.extract`` over the gold articles, matches system events to gold
events as ``shared/eval/score.py`` does (its ``compatible`` and ``closeness``, one-to-one,
greedy, best first) and prints, on the matched pairs, how often each actor field agrees
(compared by the scorer's own normalisation) and the most common confusions.

usage: eval_actors.py [--split train|dev|both] [--shared DIR] [-n TOP] [-v]

-v prints every wrong pair with the gold note and the system's evidence sentence.
Tune on train only: dev is reported to check that the rules generalise.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasd.ingest.jsonl import read_jsonl
from rasd.model import Article
from rasd.pipeline import extract

FIELDS = ("actor1", "actor2", "assoc_actor1")


def load_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("rasd_eval_actors_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Tally:
    pairs: int = 0
    right: Counter = field(default_factory=Counter)
    confusions: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in FIELDS})
    wrong: list[tuple[str, str, dict, dict, str]] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0
    gold_events: int = 0
    system_events: int = 0
    by_type: dict[str, Counter] = field(default_factory=dict)  # event_type -> pairs and right per field


def match(scorer: Any, gevs: list[dict], sevs: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one greedy matching, best candidate first (as score.py does)."""
    cands = sorted(((scorer.closeness(g, s), gi, si) for gi, g in enumerate(gevs) for si, s in enumerate(sevs)
                    if scorer.compatible(g, s)), reverse=True)
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, gi, si in cands:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            out.append((gevs[gi], sevs[si]))
    return out


def _evidence_sentence(art: Article, rec: dict) -> str:
    trig = next((e for e in rec.get("evidence", ()) if e["role"] == "trigger"), None)
    if trig is None:
        return ""
    text = art.text
    s = max(text.rfind(".", 0, trig["start"]), text.rfind("\n", 0, trig["start"])) + 1
    e = min(x for x in (text.find(".", trig["end"]), text.find("\n", trig["end"]), len(text)) if x >= 0)
    return text[s:e].strip()[:300]


def evaluate(scorer: Any, gold_path: Path, articles_path: Path) -> Tally:
    gold = {d["docno"]: d for d in map(json.loads, gold_path.open(encoding="utf-8")) if d}
    t = Tally()
    for art in read_jsonl(articles_path):
        if not isinstance(art, Article) or art.id not in gold:
            continue
        t0 = time.perf_counter()
        recs = [e.to_record() for e in extract(art).events]
        t.seconds += time.perf_counter() - t0
        t.articles += 1
        gevs = gold[art.id]["events"]
        t.gold_events += len(gevs)
        t.system_events += len(recs)
        for g, s in match(scorer, gevs, recs):
            t.pairs += 1
            per_type = t.by_type.setdefault(g.get("event_type") or "?", Counter())
            per_type["pairs"] += 1
            for f in FIELDS:
                gv, sv = scorer._actor(g.get(f)), scorer._actor(s.get(f))
                if gv == sv:
                    t.right[f] += 1
                    per_type[f] += 1
                else:
                    t.confusions[f][(g.get(f), s.get(f))] += 1
                    t.wrong.append((f, art.id, g, s, _evidence_sentence(art, s)))
    return t


def report(name: str, t: Tally, top: int, verbose: bool) -> None:
    n = t.pairs or 1
    rate = t.articles / t.seconds if t.seconds else 0.0
    print(f"== {name}: {t.articles} articles ({rate:.0f}/s), gold {t.gold_events}, system {t.system_events}, "
          f"matched {t.pairs}")
    print("   " + "   ".join(f"{f} {t.right[f] / n:.3f} ({t.right[f]}/{t.pairs})" for f in FIELDS))
    for et, c in sorted(t.by_type.items()):
        print(f"     {et[:28]:28} " + "  ".join(f"{f} {c[f]}/{c['pairs']}" for f in FIELDS))
    for f in FIELDS:
        print(f"  {f} confusions (gold -> system):")
        for (g, s), k in t.confusions[f].most_common(top):
            print(f"    {k:3d}  {g} -> {s}")
    if verbose:
        for f, doc, g, s, sentence in t.wrong:
            print(f"\n[{f}] {doc}  {g['sub_event_type']} / {s['sub_event_type']}: gold {g.get(f)} | system {s.get(f)}")
            print(f"   gold:   {g.get('actor1')} + {g.get('assoc_actor1')} -> {g.get('actor2')} :: {g.get('note', '')[:200]}")
            print(f"   quote:  {g.get('evidence_quote', '')[:200]}")
            print(f"   system: {s.get('actor1')} + {s.get('assoc_actor1')} -> {s.get('actor2')} :: {sentence}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "dev", "both"), default="both")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-n", "--top", type=int, default=15)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    scorer = load_scorer(args.shared / "eval" / "score.py")
    splits = ("train", "dev") if args.split == "both" else (args.split,)
    for split in splits:
        gold = args.shared / "gold" / f"{split}.jsonl"
        arts = args.shared / "gold" / f"{split}_articles.jsonl"
        report(split, evaluate(scorer, gold, arts), args.top, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
