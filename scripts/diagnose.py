"""Score the extractor on a gold file and show where it goes wrong (a development aid).

usage: python scripts/diagnose.py GOLD ARTICLES [--show N] [--budget] [--all]

``--show N``: the missed (FN) and extra (FP) events of the first N articles with errors.
``--budget``: where the gold events are lost, stage by stage (no candidate — and the field that
differs in the nearest one —, below the model's threshold, merged away by aggregation, lost in
the scorer's one-to-one matching), what the extra events are (in articles the gold codes no
event in, second events for a matched gold event, a wrong field), and both by country.
Use it on train (``../shared/gold/train.jsonl``) to choose work; dev is for measuring.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from rasd.events import coder, features
from rasd.model import Article
from rasd.pipeline import candidates, extract, select

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
    if "--budget" in argv:
        articles = {}
        for line in open(art_path, encoding="utf-8"):
            a = json.loads(line)
            articles[a["id"]] = Article(id=a["id"], text=a["text"], title=a.get("title") or "",
                                        published=date.fromisoformat(a["published"][:10]) if a.get("published") else None)
        print_budget(budget(scorer, gold, articles, per_article))
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


def _differs(scorer, g: dict, s: dict) -> str:
    """The fields of the scorer's ``compatible`` in which a system event differs from a gold one."""
    out = []
    if g.get("event_type") != s.get("event_type"):
        out.append("type")
    if (g.get("country") or "").upper() != (s.get("country") or "").upper():
        out.append("country")
    elif scorer.admin1_key(g) and scorer.admin1_key(g) != scorer.admin1_key(s):
        out.append("admin1")
    gd, sd = scorer._date(g.get("event_date")), scorer._date(s.get("event_date"))
    if gd and (not sd or abs((gd - sd).days) > 2):
        out.append("date")
    return "+".join(out)


def _nearest(scorer, g: dict, recs: list[dict]) -> str:
    diffs = sorted((_differs(scorer, g, r) for r in recs), key=lambda d: (d.count("+"), d))
    return diffs[0] if diffs else "nothing read"


def _match(scorer, gevs: list[dict], sevs: list[dict]) -> dict[int, int]:
    """The scorer's greedy one-to-one matching: gold index -> system index."""
    pairs = sorted(((scorer.closeness(g, s), gi, si) for gi, g in enumerate(gevs) for si, s in enumerate(sevs)
                    if scorer.compatible(g, s)), reverse=True)
    got: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, si in pairs:
        if gi not in got and si not in used:
            got[gi] = si
            used.add(si)
    return got


def budget(scorer, gold: dict, articles: dict, per_article: dict) -> dict[str, Counter]:
    """Counters: ``gold`` (each gold event's fate), ``extra`` (each unmatched system event's kind),
    and per country ``gold:CTY``/``sys:CTY``/``tp:CTY``."""
    out: dict[str, Counter] = {"gold": Counter(), "extra": Counter(), "country": Counter()}
    limit = features.threshold()
    for docno, g in gold.items():
        art = articles.get(docno)
        gevs = g["events"]
        sevs = [e.to_record() for e in per_article[docno].events] if docno in per_article else []
        cands, _ = candidates(art) if art is not None else ([], [])
        cand_recs = [coder.to_event(art, c.draft).to_record() for c in cands]
        kept_recs = [coder.to_event(art, d).to_record() for d in select(cands, limit)] if cands else []
        got = _match(scorer, gevs, sevs)
        for gi, ge in enumerate(gevs):
            out["country"]["gold:" + ge["country"]] += 1
            if gi in got:
                fate = "matched"
                out["country"]["tp:" + ge["country"]] += 1
            elif not any(scorer.compatible(ge, r) for r in cand_recs):
                fate = "no candidate (nearest differs in " + _nearest(scorer, ge, cand_recs) + ")"
            elif not any(scorer.compatible(ge, r) for r in kept_recs):
                fate = "candidate below the threshold"
            elif not any(scorer.compatible(ge, r) for r in sevs):
                fate = "merged away by aggregation"
            else:
                fate = "its system event matched another gold event"
            out["gold"][fate] += 1
        matched_s = set(got.values())
        for si, se in enumerate(sevs):
            out["country"]["sys:" + (se.get("country") or "-")] += 1
            if si in matched_s:
                continue
            if not gevs:
                kind = "in an article the gold codes no event in"
            elif any(scorer.compatible(ge, se) for ge in gevs):
                kind = "a second event for a matched gold event"
            else:
                kind = "differs from the nearest gold event in " + min(
                    (_differs(scorer, ge, se) for ge in gevs), key=lambda d: (d.count("+"), d))
            out["extra"][kind] += 1
    return out


def print_budget(b: dict[str, Counter]) -> None:
    n_gold = sum(b["gold"].values())
    print(f"\ngold events ({n_gold}), by fate")
    for k, v in b["gold"].most_common():
        print(f"  {v:4}  {v / max(n_gold, 1):6.1%}  {k}")
    n_extra = sum(b["extra"].values())
    print(f"\nunmatched system events ({n_extra}), by kind")
    for k, v in b["extra"].most_common():
        print(f"  {v:4}  {k}")
    c = b["country"]
    countries = sorted({k.split(":", 1)[1] for k in c}, key=lambda x: -(c["gold:" + x] + c["sys:" + x]))
    print("\nby country: gold / system / matched")
    for x in countries:
        print(f"  {x:4} {c['gold:' + x]:4} {c['sys:' + x]:4} {c['tp:' + x]:4}")


if __name__ == "__main__":
    main(sys.argv[1:])
