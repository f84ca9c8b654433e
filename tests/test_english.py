"""English articles written for the test suite, coded by the CODEBOOK (tests/data/english_cases.jsonl)."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from rasd.model import Article
from rasd.pipeline import extract

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "english_cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").lower()
    return "".join(c for c in s if c.isalnum())


def _same_admin1(a: str | None, b: str | None) -> bool:
    # transliterations of one province differ ("Nabatieh" / "Nabatiye")
    return _fold(a) == _fold(b) or fuzz.ratio(_fold(a), _fold(b)) >= 70


def _matches(exp: dict, rec: dict) -> bool:
    return (rec["event_type"] == exp["event_type"] and rec["sub_event_type"] == exp["sub_event_type"]
            and rec["country"] == exp["country"] and _same_admin1(rec["admin1"], exp["admin1"])
            and rec["event_date"] == exp["event_date"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_english_case(case):
    art = Article(id=case["id"], text=case["text"], title=case.get("title", ""),
                  published=date.fromisoformat(case["published"]), language="en")
    recs = [e.to_record() for e in extract(art).events]
    expected = case["expected"]
    if not expected:
        assert recs == [], f"expected no event, got {[(r['sub_event_type'], r['admin1']) for r in recs]}"
        return
    for exp in expected:
        hit = [r for r in recs if _matches(exp, r)]
        assert hit, f"missing {exp}; got {[(r['sub_event_type'], r['country'], r['admin1'], r['event_date']) for r in recs]}"
        assert hit[0]["fatalities"] == exp.get("fatalities", 0)
    assert len(recs) == len(expected), f"extra events: {[(r['sub_event_type'], r['admin1']) for r in recs]}"


def test_english_cases_cover_all_six_types():
    types = {e["event_type"] for c in CASES for e in c["expected"]}
    assert types == {"Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians",
                     "Strategic developments"}
    assert len(CASES) >= 20
