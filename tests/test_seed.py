"""The founding article (CODEBOOK §9): exactly one event, the SDF arrest raid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rasd.model import Article
from rasd.pipeline import extract

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_c327b9d4146b6af4.txt"


@pytest.fixture(scope="module")
def result():
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED} (../shared is absent)")
    text = SEED.read_text(encoding="utf-8")
    return extract(Article(id="seed", text=text, published=date(2025, 8, 20)))


def test_exactly_one_event_the_arrest_raid(result):
    assert len(result.events) == 1
    rec = result.events[0].to_record()
    assert rec["event_type"] == "Strategic developments"
    assert rec["sub_event_type"] == "Arrests"
    assert rec["actor1"] == "SDF"
    assert rec["assoc_actor1"] == "COALITION"
    assert rec["actor2"] == "ISIS"
    assert rec["country"] == "SYR"
    assert rec["admin1_code"] == "SY09"
    assert rec["geo_precision"] == 3
    assert abs((date.fromisoformat(rec["event_date"]) - date(2025, 8, 19)).days) <= 1
    assert rec["time_precision"] == 2
    assert rec["fatalities"] == 0


def test_evidence_slices_the_text_and_points_at_the_raid_sentence(result):
    text = result.article.text
    ev = result.events[0].evidence
    assert ev
    for e in ev:
        assert text[e.span.start:e.span.end] == e.span.text
    raid = text.index("فخلال اليومين الماضيين تمكنت وحدات العمليات العسكرية")
    trig = [e for e in ev if e.role == "trigger"]
    assert trig and raid <= trig[0].span.start < raid + 400


def test_trend_statements_are_signals_not_events(result):
    assert result.signals
    assert any(s.actor == "ISIS" and s.direction == "escalation" for s in result.signals)
    for s in result.signals:
        for e in s.evidence:
            assert result.article.text[e.span.start:e.span.end] == e.span.text


def test_footer_is_not_content(result):
    footer = result.article.text.index("التعليقات مغلقة")
    for e in result.events:
        assert all(ev.span.start < footer for ev in e.evidence)
