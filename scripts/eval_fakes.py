#!/usr/bin/env python3
"""FA-KES governorate accuracy: does rasd's place finder put an English article in the right governorate?

Data: ``shared/data/fakes_syria_fake_news_en/fakes.csv.gz`` (804 English articles on the
Syrian war, CC BY 4.0; see its SOURCE.md). Its ``location`` column is a crowd-sourced label
at governorate/city level ("aleppo", "deir ezzor", "hasakeh" …).

Gold: each label is looked up in the packaged gazetteer (``Gazetteer.lookup``); a label maps
to the OCHA admin1 P-code of its Syrian governorate entry, or else of its most populous Syrian
entry. Labels that map to no Syrian place are left out (the count is printed).

Prediction (one general rule, not tuned to articles): run ``find_places`` + ``resolve_places``
over the title and the lead (the first ``--lead`` characters of the body, default 600); every
resolved Syrian place with an admin1 code votes once for its governorate; the governorate with
most votes wins, ties broken by the earliest mention. If the lead names no Syrian
governorate, the whole article is used the same way. An article with no Syrian place at all
counts as wrong (reported as "no prediction").

``damascus`` labels: the Damascus governorate (SY01) is the city alone; the crowd label
"damascus" is also used for Eastern Ghouta and the Damascus countryside (SY03, Rural
Damascus). The strict score counts only SY01; the lenient score also accepts SY03 for a
"damascus" label. Both are printed.

usage: eval_fakes.py [--data PATH] [--lead N] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasd.geo import load_gazetteer, resolve_places
from rasd.mentions.places import find_places
from rasd.text.normalise import normalise

DATA = ROOT.parent / "shared" / "data" / "fakes_syria_fake_news_en" / "fakes.csv.gz"
LENIENT = {"SY01": {"SY01", "SY03"}}  # a "damascus" label: the city or its countryside


def label_admin1(label: str) -> str | None:
    """The OCHA admin1 code a FA-KES location label names, or None."""
    syr = [p for p in load_gazetteer().lookup(label.strip()) if p.country == "SYR" and p.admin1_code]
    if not syr:
        return None
    adm1 = [p for p in syr if p.kind == "adm1"]
    return (adm1 or sorted(syr, key=lambda p: -p.population))[0].admin1_code


def _votes(text: str) -> list[str]:
    """The admin1 codes of the Syrian places of ``text``, in text order."""
    places = resolve_places(find_places(normalise(text)))
    return [r.admin1_code for r in sorted(places, key=lambda r: r.span.start)
            if r.country == "SYR" and r.admin1_code]


def _most_named(codes: list[str]) -> str | None:
    if not codes:
        return None
    counts = Counter(codes)
    return max(counts, key=lambda c: (counts[c], -codes.index(c)))


def predict_admin1(title: str, body: str, lead: int = 600) -> str | None:
    """The governorate most named in the title and lead; the whole article if they name none."""
    head = f"{title}.\n{body[:lead]}"
    return _most_named(_votes(head)) or _most_named(_votes(f"{title}.\n{body}"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--lead", type=int, default=600, help="characters of the body read with the title")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong articles")
    args = ap.parse_args(argv)

    with gzip.open(args.data, "rt", encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.DictReader(f))
    labels = Counter(r["location"].strip() for r in rows)
    mapping = {lab: label_admin1(lab) for lab in labels}
    mapped = [r for r in rows if mapping[r["location"].strip()]]
    print(f"articles: {len(rows)}; labels: {len(labels)} distinct, {sum(1 for v in mapping.values() if v)} mapped "
          f"to a Syrian governorate; articles with a mapped label: {len(mapped)}")
    for lab, code in sorted(mapping.items(), key=lambda kv: -labels[kv[0]]):
        print(f"  {lab:<12} -> {code or 'unmapped'}  ({labels[lab]})")

    strict = lenient = none = 0
    per: dict[str, list[int]] = {}
    wrong: list[tuple[str, str, str | None]] = []
    for r in mapped:
        gold = mapping[r["location"].strip()]
        assert gold is not None
        pred = predict_admin1(r["article_title"], r["article_content"], args.lead)
        ok = pred == gold
        ok_l = ok or (pred is not None and pred in LENIENT.get(gold, ()))
        strict += ok
        lenient += ok_l
        none += pred is None
        per.setdefault(gold, [0, 0])
        per[gold][0] += ok
        per[gold][1] += 1
        if not ok_l:
            wrong.append((r["article_title"], gold, pred))
    n = len(mapped)
    print(f"\ngovernorate accuracy (strict):  {strict / n:.3f}  ({strict}/{n})")
    print(f"governorate accuracy (lenient, damascus = SY01 or SY03): {lenient / n:.3f}  ({lenient}/{n})")
    print(f"no Syrian place found: {none}")
    print("per gold governorate (strict):")
    for code, (right, tot) in sorted(per.items(), key=lambda kv: -kv[1][1]):
        print(f"  {code}  {right / tot:.3f}  ({right}/{tot})")
    for title, gold, pred in wrong[: args.errors]:
        print(f"  gold {gold} pred {pred}: {title[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
