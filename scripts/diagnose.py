"""Score the extractor on a gold file and show where it goes wrong (a development aid).

usage: python scripts/diagnose.py GOLD ARTICLES [--show N] [--only-fp|--only-fn]
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rasd.model import Article
from rasd.pipeline import extract

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str]) -> None:
    gold_path, art_path = argv[0], argv[1]
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 0
    scorer = load_scorer()
    gold = {json.loads(l)["docno"]: json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()}
    out = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
    t0 = time.perf_counter()
    per_article = {}
    n = 0
    for line in open(art_path, encoding="utf-8"):
        a = json.loads(line)
        art = Article(id=a["id"], text=a["text"], title=a.get("title") or "",
                      published=date.fromisoformat(a["published"][:10]) if a.get("published") else None)
        res = extract(art, min_probability=0.0 if "--all" in argv else None)
        n += 1
        per_article[art.id] = res
        for e in res.events:
            out.write(json.dumps(e.to_record(), ensure_ascii=False) + "\n")
    out.close()
    dt = time.perf_counter() - t0
    res = scorer.score(gold_path, out.name)
    for k, v in res.items():
        print(f"{k:32} {v}")
    print(f"{'articles_per_second':32} {n / dt:.1f}")
    if not show:
        return
    shown = 0
    for docno, g in gold.items():
        sys_events = [e.to_record() for e in per_article[docno].events] if docno in per_article else []
        matched_s = set()
        lines = []
        for ge in g["events"]:
            hit = next((i for i, s in enumerate(sys_events) if i not in matched_s and scorer.compatible(ge, s)), None)
            if hit is None:
                lines.append(f"  FN {ge['event_type'][:12]:12} {ge['sub_event_type'][:18]:18} {ge['admin1']!s:15} {ge['event_date']} | {ge['evidence_quote'][:110]}")
            else:
                matched_s.add(hit)
        for i, s in enumerate(sys_events):
            if i not in matched_s:
                trig = next((e["text"] for e in s["evidence"] if e["role"] == "trigger"), "")
                lines.append(f"  FP {s['event_type'][:12]:12} {s['sub_event_type'][:18]:18} {s['admin1']!s:15} {s['event_date']} | trig={trig} loc={s['location']} p={s['geo_precision']}")
        if lines:
            print(f"== {docno} pub={g['published']}")
            print("\n".join(lines))
            shown += 1
            if shown >= show:
                break


if __name__ == "__main__":
    main(sys.argv[1:])
