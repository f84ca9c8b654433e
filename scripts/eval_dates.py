"""Measure date and fatality resolution against the gold events.

For each gold event, the evidence quote is located in its article (exactly, then on
the normalised text, then fuzzily); the date is the most specific date mention
(finest precision, then first) inside the quote, else the most specific and nearest
in the sentence(s) holding it, else the most specific in the article's lead
sentence, else the publication date (precision 1). This choice stands in for the
event coder's; it measures the finders, not the coder. Fatalities are the lowest killed count
(CODEBOOK §6) found by ``find_casualties`` in the quote's sentence(s), else 0, plus a
suicide attacker's own death when the sentence reports one.

    .venv/bin/python scripts/eval_dates.py [--split train dev] [--gold-dir DIR] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

from rasd.mentions.dates import DateMention, find_dates
from rasd.mentions.numbers import CasualtyMention, find_casualties
from rasd.text.normalise import NormText, normalise
from rasd.text.sentences import split_sentences

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"


@dataclass
class Tally:
    n: int = 0
    located: int = 0
    exact: int = 0
    near: int = 0
    precision: int = 0
    fat_exact: int = 0
    fat_nonzero_gold: int = 0
    fat_nonzero_exact: int = 0

    def row(self, name: str) -> str:
        def pct(k: int) -> str:
            return f"{100 * k / self.n:5.1f}%" if self.n else "  n/a"

        nz = f"{100 * self.fat_nonzero_exact / self.fat_nonzero_gold:5.1f}%" if self.fat_nonzero_gold else "n/a"
        return (
            f"{name:6} events={self.n:4}  quote located {pct(self.located)}  date exact {pct(self.exact)}  "
            f"±2 days {pct(self.near)}  precision {pct(self.precision)}  fatalities exact {pct(self.fat_exact)}"
            f"  (gold>0: {nz} of {self.fat_nonzero_gold})"
        )


def locate(nt: NormText, quote: str) -> tuple[int, int] | None:
    """Original-text span of ``quote`` in the article (None when it cannot be found)."""
    i = nt.original.find(quote)
    if i >= 0:
        return i, i + len(quote)
    q = normalise(quote).text.strip()
    j = nt.text.find(q)
    if j >= 0:
        return nt.to_original(j, j + len(q))
    al = fuzz.partial_ratio_alignment(q, nt.text, score_cutoff=75)
    if al is None:
        return None
    return nt.to_original(al.dest_start, al.dest_end)


def sentence_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    sents = [s for s in split_sentences(text) if s.end > span[0] and s.start < span[1]]
    if not sents:
        return span
    return sents[0].start, sents[-1].end


def pick_date(dates: list[DateMention], text: str, quote: tuple[int, int] | None) -> DateMention | None:
    if quote is not None:
        inside = [d for d in dates if d.start >= quote[0] and d.end <= quote[1]]
        if inside:  # the most specific ("منذ ست سنوات اليوم الخميس": Thursday)
            return min(inside, key=lambda d: d.precision)
        s, e = sentence_span(text, quote)
        around = [d for d in dates if d.start >= s and d.end <= e]
        if around:
            return min(around, key=lambda d: (d.precision, min(abs(d.start - quote[0]), abs(d.end - quote[1]))))
    sents = split_sentences(text)
    if sents:
        lead = [d for d in dates if d.end <= sents[0].end]
        if lead:
            return min(lead, key=lambda d: d.precision)
    return None


def pick_fatalities(cas: list[CasualtyMention], text: str, quote: tuple[int, int] | None) -> int:
    if quote is None:
        return 0
    s, e = sentence_span(text, quote)
    inside = [c for c in cas if c.kind == "killed" and c.start >= s and c.end <= e]
    victims = [c.count for c in inside if not c.attacker]
    attackers = [c.count for c in inside if c.attacker]
    return (min(victims) if victims else 0) + (max(attackers) if attackers else 0)


def evaluate(gold_dir: Path, split: str, verbose: bool) -> tuple[Tally, float, int]:
    arts = {a["id"]: a for a in map(json.loads, (gold_dir / f"{split}_articles.jsonl").open(encoding="utf-8"))}
    t = Tally()
    elapsed = 0.0
    chars = 0
    warm = normalise("قتل 3 أمس في 7 نيسان")
    find_dates(warm, date(2018, 1, 1)), find_casualties(warm, attackers=True)  # compile the lexicons outside the timing
    for line in (gold_dir / f"{split}.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        art = arts.get(rec["docno"])
        if art is None or not rec["events"]:
            continue
        pub = date.fromisoformat(art["published"][:10]) if art.get("published") else None
        t0 = time.perf_counter()
        nt = normalise(art["text"])
        dates = find_dates(nt, pub)
        cas = find_casualties(nt, attackers=True)
        elapsed += time.perf_counter() - t0
        chars += len(art["text"])
        for ev in rec["events"]:
            t.n += 1
            span = locate(nt, ev.get("evidence_quote") or "")
            t.located += span is not None
            d = pick_date(dates, art["text"], span)
            got, prec = (d.date, d.precision) if d else (pub, 1)
            gold = date.fromisoformat(ev["event_date"])
            ok = got == gold
            t.exact += ok
            t.near += got is not None and abs((got - gold).days) <= 2
            t.precision += prec == ev["time_precision"]
            fat = pick_fatalities(cas, art["text"], span)
            t.fat_exact += fat == ev["fatalities"]
            if ev["fatalities"]:
                t.fat_nonzero_gold += 1
                t.fat_nonzero_exact += fat == ev["fatalities"]
            if verbose and (not ok or fat != ev["fatalities"] or prec != ev["time_precision"]):
                print(
                    f"[{split}] {rec['docno']} pub={pub} gold={gold}/p{ev['time_precision']}/f{ev['fatalities']} "
                    f"got={got}/p{prec}/f{fat} via={d.text if d else '-'!r}\n    quote: {ev.get('evidence_quote', '')[:160]}",
                    file=sys.stderr,
                )
    return t, elapsed, chars


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", nargs="+", default=["train", "dev"])
    ap.add_argument("--gold-dir", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("-v", "--verbose", action="store_true", help="list mismatches on stderr")
    args = ap.parse_args(argv)
    for split in args.split:
        tally, elapsed, chars = evaluate(args.gold_dir, split, args.verbose)
        print(tally.row(split))
        if chars:
            print(f"{'':6} finders: {1000 * elapsed:.0f} ms for {chars} chars = {3000 * 1000 * elapsed / chars:.2f} ms per 3,000 chars (incl. normalise)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
