"""Date mentions: absolute and relative expressions, resolved against a fixed publication date.

Publication date in these tests: Wednesday 2025-08-20.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.mentions.dates import DateMention, find_dates
from rasd.text.normalise import normalise

PUB = date(2025, 8, 20)  # a Wednesday


def one(text: str, pub: date | None = PUB) -> DateMention:
    found = find_dates(normalise(text), pub)
    assert len(found) == 1, f"{text!r}: {found}"
    return found[0]


def check(text: str, iso: str, precision: int = 1, pub: date | None = PUB) -> DateMention:
    m = one(text, pub)
    assert (m.date.isoformat(), m.precision) == (iso, precision), f"{text!r} -> {m}"
    assert text[m.start : m.end] == m.text
    return m


# --- absolute Arabic dates ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("وقع الهجوم في 7 نيسان/أبريل 2018 في دوما", "2018-04-07", 1),
        ("في السابع من أبريل", "2025-04-07", 1),
        ("في 24 مارس", "2025-03-24", 1),
        ("24 آذار الماضي", "2025-03-24", 1),
        ("في 18 فبراير الماضي، عندما قتل شخص", "2025-02-18", 1),
        ("في 2 أكتوبر/ تشرين الأول الجاري", "2025-10-02", 1),
        ("في 9 آب/أغسطس عندما أطلق", "2025-08-09", 1),
        ("يوم 9 أغسطس/ آب 2018م في محافظة صعدة", "2018-08-09", 1),
        ("في الأول من مارس", "2025-03-01", 1),
        ("الحادي والعشرين من كانون الثاني", "2025-01-21", 1),
        ("في 15 كانون الأول 2017", "2017-12-15", 1),
        ("في 3 تشرين الثاني/نوفمبر", "2024-11-03", 1),
        ("منذ 31 يناير/ كانون ثاني الماضي", "2025-01-31", 1),  # no year: the most recent one not after publication
        ("في 25 آب", "2024-08-25", 1),  # 25 August 2025 is after publication
        ("يوم 12 من الشهر الجاري", "2025-08-12", 1),
        ("في الـ 12 من الشهر الجاري", "2025-08-12", 1),
        ("يوم 12 الجاري", "2025-08-12", 1),
        ("في الثالث من الشهر الجاري", "2025-08-03", 1),
        ("في الـ3 من الشهر الماضي", "2025-07-03", 1),
        ("2018-04-07", "2018-04-07", 1),
        ("07/04/2018", "2018-04-07", 1),
        ("٠٧/٠٤/٢٠١٨", "2018-04-07", 1),
    ],
)
def test_absolute_arabic_days(text: str, iso: str, precision: int) -> None:
    m = check(text, iso, precision)
    assert not m.relative or "الشهر" in text or "الجاري" in text


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("في مايو الماضي", "2025-05-15", 3),
        ("في مايو/ أيار الماضي", "2025-05-15", 3),
        ("في أغسطس الماضي", "2024-08-15", 3),  # "الماضي" with the publication month: last year's
        ("في أبريل/نيسان 2017", "2017-04-15", 3),
        ("خلال شهر آذار", "2025-03-15", 3),
        ("أواخر مارس 2017", "2017-03-31", 3),
        ("مطلع شباط الماضي", "2025-02-01", 3),
        ("في منتصف مايو/أيار 2018", "2018-05-15", 3),
        ("أواخر شباط 2024", "2024-02-29", 3),
        ("منتصف الشهر الجاري", "2025-08-15", 3),
        ("أواخر الشهر الماضي", "2025-07-31", 3),
        ("مطلع الشهر الجاري", "2025-08-01", 3),
        ("الشهر الماضي", "2025-07-15", 3),
        ("في الأسبوع الثاني من شهر شباط/فبراير الحالي", "2025-02-11", 2),
        ("الأسبوع الأخير من الشهر الماضي", "2025-07-28", 2),
    ],
)
def test_month_and_week_precision(text: str, iso: str, precision: int) -> None:
    check(text, iso, precision)


def test_bare_month_word_is_not_a_date() -> None:
    # "مارس" is also a verb (he practised); a bare month needs a preposition, year or modifier
    assert find_dates(normalise("مارس الضغط على الحكومة"), PUB) == []


# --- relative Arabic expressions -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("اليوم", "2025-08-20"),
        ("أمس", "2025-08-19"),
        ("بالأمس", "2025-08-19"),
        ("البارحة", "2025-08-19"),
        ("يوم أمس", "2025-08-19"),
        ("أول أمس", "2025-08-18"),
        ("أول من أمس", "2025-08-18"),
        ("فجر اليوم", "2025-08-20"),
        ("صباح اليوم", "2025-08-20"),
        ("مساء أمس", "2025-08-19"),
        ("ليلة أمس", "2025-08-19"),
        ("الليلة الماضية", "2025-08-19"),
        ("فجر أمس", "2025-08-19"),
        ("في وقت سابق اليوم", "2025-08-20"),
        ("في وقت متأخر من مساء أمس", "2025-08-19"),
        ("اليوم الأربعاء", "2025-08-20"),
    ],
)
def test_relative_days(text: str, iso: str) -> None:
    m = check(text, iso)
    assert m.relative


def test_today_is_not_the_next_day() -> None:
    assert find_dates(normalise("في اليوم التالي"), PUB) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("يوم الإثنين", "2025-08-18"),
        ("الاثنين", "2025-08-18"),
        ("الخميس", "2025-08-14"),
        ("الجمعة الماضية", "2025-08-15"),
        ("يوم الإثنين الفائت", "2025-08-18"),
        ("الأحد الماضي", "2025-08-17"),
        ("والأحد، نفذت عائلة", "2025-08-17"),
        ("الأربعاء", "2025-08-20"),  # the publication weekday: the publication day itself
        ("الأربعاء الماضي", "2025-08-13"),  # … unless "الماضي": a week earlier
        ("الأربعاء الفائت", "2025-08-13"),
        ("مساء الخميس", "2025-08-14"),
        ("صباح يوم السبت", "2025-08-16"),
        ("الخميس المقبل", "2025-08-21"),
        # the night before Thursday (the most recent Thursday on or before publication is 08-14)
        ("ليلة الخميس", "2025-08-13"),
        ("ليل الأربعاء الخميس", "2025-08-13"),
        ("ليل الثلاثاء-الأربعاء", "2025-08-19"),
        ("ليلة السبت إلى الأحد", "2025-08-16"),
    ],
)
def test_weekdays(text: str, iso: str) -> None:
    m = check(text, iso)
    assert m.relative


def test_night_before_the_publication_weekday() -> None:
    # published on a Friday: "ليلة الجمعة" is the Thursday just before
    check("إثر انفجار عبوة ليلة الجمعة", "2018-05-17", pub=date(2018, 5, 18))


def test_eleven_is_not_sunday() -> None:
    assert find_dates(normalise("الأحد عشر جنديا"), PUB) == []


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("الأسبوع الماضي", "2025-08-14", 2),  # Thursday of the previous Monday–Sunday week
        ("هذا الأسبوع", "2025-08-19", 2),
        ("مطلع الأسبوع", "2025-08-17", 2),  # the Sunday opening the week
        ("خلال اليومين الماضيين", "2025-08-19", 2),
        ("ونزح آلاف منذ الاثنين", "2025-08-19", 2),  # Monday 18 … Wednesday 20
        ("since Sunday", "2025-08-18", 2),
        ("فخلال اليومين الماضيين تمكنت", "2025-08-19", 2),
        ("خلال الأيام الماضية", "2025-08-17", 2),
        ("خلال الأيام القليلة الماضية", "2025-08-17", 2),
        ("منذ أيام", "2025-08-17", 2),
        ("خلال الأيام الثلاثة الماضية", "2025-08-19", 2),
        ("خلال الـ48 ساعة الماضية", "2025-08-19", 2),
        ("منذ ثلاثة أيام", "2025-08-17", 1),
        ("قبل خمسة أيام", "2025-08-15", 1),
        ("قبل 10 أيام", "2025-08-10", 1),
        ("قبل يومين", "2025-08-18", 1),
        ("قبل أسبوع", "2025-08-13", 2),
        ("منذ أسبوعين", "2025-08-06", 2),
        ("قبل 3 أسابيع", "2025-07-30", 2),
        ("قبل نحو شهر", "2025-07-15", 3),
        ("قبل ستة أشهر", "2025-02-15", 3),
    ],
)
def test_relative_spans(text: str, iso: str, precision: int) -> None:
    m = check(text, iso, precision)
    assert m.relative


def test_weekday_followed_by_its_date_is_one_mention() -> None:
    m = check("اتهمت دمشق الاثنين الماضي (9 أبريل) إسرائيل", "2018-04-09", pub=date(2018, 4, 15))
    assert not m.relative and m.text.startswith("الاثنين")
    check("يوم الخميس الموافق 9 أغسطس 2018 في صعدة", "2018-08-09", pub=date(2018, 8, 12))
    check("الذين قتلوا منذ الجمعة في 30 آذار/مارس", "2018-03-30", pub=date(2018, 4, 6))


# --- English ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("today", "2025-08-20", 1),
        ("Yesterday", "2025-08-19", 1),
        ("late last night", "2025-08-19", 1),
        ("on Monday", "2025-08-18", 1),
        ("on Monday night", "2025-08-18", 1),
        ("last Wednesday", "2025-08-13", 1),
        ("last week", "2025-08-14", 2),
        ("in the past two days", "2025-08-19", 2),
        ("three days ago", "2025-08-17", 1),
        ("two weeks ago", "2025-08-06", 2),
        ("on 7 April", "2025-04-07", 1),
        ("April 7, 2018", "2018-04-07", 1),
        ("on April 7th", "2025-04-07", 1),
        ("in March", "2025-03-15", 3),
        ("in March 2017", "2017-03-15", 3),
        ("early March", "2025-03-01", 3),
        ("late March", "2025-03-31", 3),
        ("mid-March", "2025-03-15", 3),
        ("last month", "2025-07-15", 3),
    ],
)
def test_english(text: str, iso: str, precision: int) -> None:
    check(text, iso, precision)


def test_english_may_as_a_verb_is_not_a_date() -> None:
    assert find_dates(normalise("Officials said they may this year review the deal"), PUB) == []


# --- publication date unknown, offsets, several mentions --------------------------------------

def test_without_publication_only_dates_with_a_year() -> None:
    found = find_dates(normalise("قتل أمس في 7 نيسان 2018 وفي 8 نيسان"), None)
    assert [m.date.isoformat() for m in found] == ["2018-04-07"]


def test_offsets_slice_the_original_text() -> None:
    text = "قُتِلَ ثلاثةٌ مساءَ الخميسِ الماضي، وفي ٢٤ آذارَ/مارس ٢٠١٨ سقطت قذائف، والبارحةَ أيضاً"
    found = find_dates(normalise(text), PUB)
    assert [m.date.isoformat() for m in found] == ["2025-08-14", "2018-03-24", "2025-08-19"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert found[0].text == "مساءَ الخميسِ الماضي"


def test_obfuscated_and_tatweel_text() -> None:
    text = "وقـــع الهجوم يـوم الخمـيس المـاضي"
    m = one(text)
    assert m.date == date(2025, 8, 14)
    assert text[m.start : m.end] == m.text


def test_mentions_in_text_order_without_overlap() -> None:
    text = "اعتقلت الشرطة، الثلاثاء، رجلا كان قد فر في 15 آذار/مارس الماضي، بعد هجوم وقع الأسبوع الماضي."
    found = find_dates(normalise(text), PUB)
    assert [(m.date.isoformat(), m.precision) for m in found] == [("2025-08-19", 1), ("2025-03-15", 1), ("2025-08-14", 2)]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


# --- robustness: any text, valid spans ---------------------------------------------------------


_PIECES = [
    "أمس", "اليوم", "الخميس", "ليلة", "ليل", "الماضي", "الفائت", "المقبل", "منذ", "قبل", "ثلاثة", "أيام", "يومين",
    "أسبوع", "الأسبوع", "شهر", "الشهر", "الجاري", "نيسان", "أبريل", "آب", "/", "-", "(", ")", "،", ".", "12", "31",
    "2018", "٢٠١٨", "99", "0", "00", "32/13/2018", "2018-02-30", "مطلع", "أواخر", "منتصف", "الأول", "الحادي", "من",
    "في", "يوم", "فجر", "مساء", "ago", "days", "last", "week", "March", "may", "the", "ـ", "\u064e", "\n", " ", "  ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.one_of(st.none(), st.dates()))
def test_any_text_gives_valid_spans(pieces: list[str], pub: date | None) -> None:
    text = " ".join(pieces)
    found = find_dates(normalise(text), pub)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert 1 <= m.precision <= 3
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
