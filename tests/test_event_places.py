"""``coder.event_places``: which of a sentence's places an event happened at.

Sentences written for this suite, read by the real mention finders as the pipeline reads them.
"""

from __future__ import annotations

from datetime import date

from rasd.events import coder
from rasd.model import Article
from rasd.pipeline import find_mentions, sentence_mentions
from rasd.text.normalise import normalise


def places_of(text: str) -> list[tuple[str, str | None]]:
    art = Article(id="t", text=text, published=date(2018, 9, 23))
    sm = sentence_mentions(text, find_mentions(art, normalise(text)))[0]
    return [(p.country, p.admin1) for p in coder.event_places(sm.places, text)]


def test_a_place_right_after_a_town_describes_where_the_town_is() -> None:
    # "Douma near Damascus": Damascus says where Douma is; one place of the event
    got = places_of("قتل ثلاثة مدنيين في قصف على مدينة دوما قرب دمشق يوم الجمعة.")
    assert len(got) == 1 and got[0][0] == "SYR"


def test_a_place_in_another_country_is_not_a_description_of_the_first() -> None:
    # a Briton "from Birmingham, in Deir ez-Zor province": the governorate is not where
    # Birmingham lies, it is where the arrest happened
    got = places_of("ألقت قوات سوريا الديمقراطية القبض على شاب بريطاني من مدينة برمنغهام في محافظة دير الزور.")
    assert ("SYR", "Deir-ez-Zor") in got
