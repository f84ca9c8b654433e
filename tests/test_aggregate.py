"""Aggregation (CODEBOOK §1, one event per place and day): mentions of one incident are one event.

Articles written for this suite, through the whole pipeline.
"""

from __future__ import annotations

from datetime import date

from rasd.model import Article
from rasd.pipeline import extract


def events(text: str, published: date = date(2018, 3, 14)) -> list[dict]:
    return [e.to_record() for e in extract(Article(id="t", text=text, published=published)).events]


def test_a_mention_dated_to_the_past_days_is_the_dated_incident_inside_its_area() -> None:
    # shelling of Kafr Nabl on Monday; "the villages of southern Idlib over the past days" is
    # that shelling told again, not a second event in Idlib
    got = events("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي يوم الاثنين، ما أسفر عن مقتل ثلاثة "
                 "مدنيين. وقال ناشطون إن قوات النظام قصفت بالمدفعية الثقيلة قرى ريف إدلب الجنوبي "
                 "خلال الأيام الماضية.")
    assert len(got) == 1
    e = got[0]
    assert e["location"] == "Kafranbel" and e["event_date"] == "2018-03-12" and e["time_precision"] == 1
    assert e["fatalities"] == 3


def test_a_vague_mention_of_another_governorate_stays_apart() -> None:
    got = events("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي يوم الاثنين، ما أسفر عن مقتل ثلاثة "
                 "مدنيين. وقال ناشطون إن قوات النظام قصفت بالمدفعية الثقيلة قرى ريف حماة الشمالي "
                 "خلال الأيام الماضية.")
    assert {e["admin1"] for e in got} == {"Idleb", "Hama"}
