#!/usr/bin/env python3
"""Place precision: resolved places that are likely words, or implausible readings.

No gold lists every place of an article, so this reports *suspects* among the resolved
non-country places (each may carry several flags):

``common``   the name (of a place that is not a capital nor a big city) is a frequent word
             of Arabic news (``common_words_ar.txt``) or an
             English name written without a capital;
``short``    one word of at most three letters (without the article ال);
``abroad``   a town, district or neighbourhood outside Syria and Iraq (not a capital nor a city
             of 500,000) whose country no
             other place of the article (nor the country's name) supports;
``far``      a Syrian or Iraqi town more than 150 km from every other place of the article
             (when the article names other places there);
``split``    an English name that is only part of a longer capitalised name
             ("Busra" of "Busra al-Harir", "Dahab" of "Wadi al-Dahab").

It prints the suspect rate over the gold train articles and over a sample of the Arabic
news corpus, then the most frequent suspects (surface -> reading) so that the most
frequent are fixed first, by general rules.

usage: eval_place_precision.py [--sample N] [--top N] [--examples] [--gold DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasd.geo.gazetteer import load_gazetteer  # noqa: E402
from rasd.geo.resolve import ResolvedPlace, resolve_places  # noqa: E402
from rasd.mentions.places import find_places  # noqa: E402
from rasd.text.normalise import fold, normalise  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "arabic_news_antcorpus_mideast_2018" / "ant_mideast_intl_2018.jsonl.gz"
_LOCAL = frozenset({"SYR", "IRQ"})
_TOWNISH = frozenset({"town", "neighbourhood", "adm3", "adm2"})
_NAME_PART = re.compile(r"(?:(?:al|el|ad|as|ash|at|ar|az|an|ath|adh)-)?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*")


def km(a: ResolvedPlace, b: ResolvedPlace) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _key(r: ResolvedPlace) -> str:
    """The name as matched (the span has no proclitics, but for the ل of لل)."""
    k = fold(r.span.text).strip()
    return "ال" + k[2:] if k.startswith("لل") else k


def _bare(key: str) -> str:
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def _major(r: ResolvedPlace) -> bool:
    """A capital or a big city: a plausible reading without support."""
    return r.place.national_capital or r.place.population >= 500_000 or r.kind in ("adm1", "region")


def _english_split(text: str, r: ResolvedPlace) -> bool:
    """The name is a piece of a longer capitalised name ("Busra" in "Busra al-Harir")."""
    if not r.span.text.isascii():
        return False
    after = re.match(r"[ -]((?:al|el|ad|as|ash|at|ar|az|an)-[A-Za-z]|[A-Z])", text[r.span.end:r.span.end + 8])
    before = re.search(r"\b(?:Wadi|Tal|Tell|Ain|Umm|Deir|Kafr|Jisr|Khirbet|Busra|Bir|Beit|Ras|Abu|Jabal|Tall)"
                       r"(?: (?:al|el|ad|as|ash|at|ar|az|an))?[ -]$", text[max(0, r.span.start - 20):r.span.start])
    return bool(after) or bool(before)


def flags(text: str, places: list[ResolvedPlace], common: frozenset[str]) -> list[tuple[ResolvedPlace, list[str]]]:
    """Suspect flags of each resolved non-country place of one article."""
    out = []
    for r in places:
        if r.kind == "country":
            continue
        fl: list[str] = []
        key = _key(r)
        latin = r.span.text.isascii()
        if (not latin and key in common and not _major(r)) or (
                latin and not any(c.isupper() for c in r.span.text)):
            fl.append("common")
        if " " not in key and len(_bare(key)) <= 3:
            fl.append("short")
        others = [q for q in places if q is not r and fold(q.span.text) != fold(r.span.text)]
        if r.country not in _LOCAL and r.kind in _TOWNISH and not _major(r) \
                and not any(q.country == r.country for q in others):
            fl.append("abroad")
        if r.country in _LOCAL and r.kind in ("town", "neighbourhood", "adm3"):
            near = [km(r, q) for q in others if q.country in _LOCAL and q.kind not in ("country", "region")]
            if near and min(near) > 150:
                fl.append("far")
        if _english_split(text, r):
            fl.append("split")
        out.append((r, fl))
    return out


@dataclass
class Report:
    articles: int = 0
    places: int = 0
    suspects: int = 0
    by_flag: Counter[str] = field(default_factory=Counter)
    offenders: Counter[tuple[str, str]] = field(default_factory=Counter)
    reasons: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    example: dict[tuple[str, str], str] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, text: str, common: frozenset[str]) -> None:
        t0 = time.perf_counter()
        places = resolve_places(find_places(normalise(text)))
        self.seconds += time.perf_counter() - t0
        self.articles += 1
        for r, fl in flags(text, places, common):
            self.places += 1
            if not fl:
                continue
            self.suspects += 1
            self.by_flag.update(fl)
            k = (_key(r), f"{r.name_en} ({r.country}/{r.admin1 or '-'})")
            self.offenders[k] += 1
            self.reasons[k].update(fl)
            if k not in self.example:
                s = max(0, r.span.start - 40)
                self.example[k] = text[s:r.span.end + 30].replace("\n", " ")

    def print(self, name: str, top: int, examples: bool) -> None:
        n = max(self.places, 1)
        flags_s = ", ".join(f"{f} {c}" for f, c in self.by_flag.most_common())
        print(f"{name}: {self.articles} articles, {self.places} non-country places, "
              f"{self.suspects} suspects ({self.suspects / n:.1%}; {flags_s}) | "
              f"{1000 * self.seconds / max(self.articles, 1):.2f} ms/article")
        for (key, reading), c in self.offenders.most_common(top):
            why = ",".join(f for f, _ in self.reasons[(key, reading)].most_common())
            line = f"  {c:4d}  {key:<16} -> {reading:<45} [{why}]"
            if examples:
                line += f"  «{self.example[(key, reading)]}»"
            print(line)


def corpus_texts(path: Path, n: int, every: int = 3) -> Iterable[str]:
    """Every ``every``-th article of the corpus, ``n`` at most (a spread-out sample)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        got = 0
        for i, line in enumerate(fh):
            if i % every:
                continue
            yield json.loads(line).get("text") or ""
            got += 1
            if got >= n:
                return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=3000, help="corpus articles (0: none)")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--examples", action="store_true", help="print a context for each offender")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    args = ap.parse_args(argv)
    gaz = load_gazetteer()
    common = gaz.common_words
    gold = args.gold if args.gold.exists() else Path("/work/shared/gold")
    train = Report()
    for line in (gold / "train_articles.jsonl").open(encoding="utf-8"):
        train.add(json.loads(line)["text"], common)
    train.print("train", args.top // 2, args.examples)
    if args.sample and CORPUS.exists():
        rep = Report()
        for text in corpus_texts(CORPUS, args.sample):
            rep.add(text, common)
        rep.print(f"corpus sample", args.top, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
