"""Date mentions, resolved against the publication date (CODEBOOK §5).

``find_dates(nt, published)`` finds absolute dates ("7 نيسان/أبريل 2018",
"السابع من أبريل", "2018-04-07", "April 7, 2018", "أواخر مارس 2017", "في مايو الماضي")
and relative ones ("أمس", "فجر اليوم", "الخميس الماضي", "ليلة الخميس",
"الأسبوع الماضي", "خلال اليومين الماضيين", "منذ ثلاثة أيام", "last week") and
resolves each to a ``datetime.date`` with an ACLED time precision:
1 = the day, 2 = a span of days or a week coded to its midpoint, 3 = the month
coded to the 15th (the 1st for "beginning of", the last day for "end of").

Resolution rules (the ones the codebook leaves open are fixed here):

* a date without a year is the most recent such date not after publication; a month
  name with "الماضي/last" is the last such month *before* the publication month;
  with "الجاري/الحالي/this" it is in the publication year; with "المقبل/next" the next one;
* a weekday is the most recent such day on or before publication (the publication
  day itself when it is that weekday), 7 days earlier with "الماضي/الفائت/last";
* "ليلة الخميس" is the night before Thursday: the Wednesday before the Thursday found
  as above. "ليل الخميس" (no ta marbuta) is Thursday night: Thursday. A pair
  "ليل الأربعاء الخميس", "ليلة الثلاثاء-الأربعاء" is the night before its second day,
  found as above, coded to its first day (so it agrees with "ليلة الخميس");
* "الأسبوع الماضي/last week" = the Thursday before the Sunday that opens the current
  (Arab) week — the midpoint of the previous Monday–Sunday week, except that a Sunday
  publication already counts as the new week; "هذا الأسبوع" = the midpoint of
  Monday … publication; "مطلع الأسبوع" = that Sunday; "نهاية الأسبوع/the weekend" =
  the most recent Saturday;
* "خلال اليومين الماضيين", "the past 24/48 hours" = publication − 1 (precision 2);
  "الأيام الماضية", "منذ أيام", "a few days ago" = publication − 3 (precision 2);
  "خلال الأيام N الماضية" = publication − N//2;
* "منذ/قبل N أيام", "N days ago" = publication − N (precision 1); N weeks: − 7N
  (precision 2); N months: the 15th of the month N months back (precision 3);
* "الشهر الماضي/last month" = the 15th of the previous month; "الشهر الجاري" = the 15th
  of the publication month (precision 3); "الأسبوع الثاني من شهر شباط" = the 11th (precision 2);
* "منذ الاثنين/since Monday" is the span from that day to publication (precision 2,
  its midpoint);
* a weekday followed by an explicit date ("الاثنين الماضي (9 أبريل)", "يوم الخميس
  الموافق 9 أغسطس") is one mention with the explicit date.

Without a publication date only dates that carry their year are returned. Word lists
are data (``rasd/data/dates_lexicon.tsv``); regexes are compiled once (cached).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from rasd.mentions.numbers import (
    WORD_END,
    WordMatcher,
    alternation,
    number_pattern,
    padded,
    parse_number,
    read_lexicon,
    select_longest,
)
from rasd.text.normalise import NormText

__all__ = ["DateMention", "find_dates"]

# a word starts here, possibly after one proclitic (و ف ب ل)
_WS = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
_WE = WORD_END


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text (``text == original[start:end]``), resolved to ``date``.

    ``precision``: 1 day, 2 span/week (midpoint), 3 month. ``relative``: resolved
    against the publication date (today, Monday, last week …) rather than written out.
    """

    start: int
    end: int
    text: str
    date: date
    precision: int
    relative: bool


@dataclass(frozen=True, slots=True)
class _Resolved:
    date: date
    precision: int
    relative: bool


@dataclass(frozen=True, slots=True)
class _Lex:
    """The date lexicon, folded: form → value per kind."""

    by_kind: dict[str, dict[str, str]]

    def get(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})

    def alt(self, *kinds: str) -> str:
        forms: list[str] = []
        for k in kinds:
            forms.extend(self.get(k))
        return alternation(forms)


@cache
def _lex() -> _Lex:
    by_kind: dict[str, dict[str, str]] = {}
    for kind, value, forms in read_lexicon("dates_lexicon.tsv"):
        for f in forms:
            by_kind.setdefault(kind, {})[f] = value
    return _Lex(by_kind)


def _key(s: str) -> str:
    return " ".join(s.split())


# ---------------------------------------------------------------- patterns


_Handler = Callable[[re.Match[str], date | None], _Resolved | None]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A date regex, its resolver, its rank among overlapping matches, and its anchor group.

    A pattern runs only in windows around its anchor words (see ``_ANCHOR_KINDS``);
    ``group`` None means it runs on the whole text.
    """

    regex: re.Pattern[str]
    handler: _Handler
    priority: int
    group: str | None


def _fragments() -> dict[str, str]:
    """Regex pieces built from the lexicon (named groups are set by the patterns that use them)."""
    lx = _lex()
    mon = lx.alt("month", "month_abbr")
    year_word = lx.alt("year_word")
    return {
        "MON": rf"(?P<mon>{mon})\.?(?:\s*[/\\(\-]\s*(?:{mon})\s*\)?)?{_WE}",
        "YEAR": rf"(?:\s*[,،]?\s*(?:(?:من\s+)?(?:{year_word})\s+)?(?P<year>(?:19|20)\d\d)(?:\s*م(?!\w))?(?!\d)"
        rf"|\s+(?:من\s+)?(?:{year_word})\s+(?P<yrel>{lx.alt('past', 'current')}){_WE})",
        "MOD": rf"(?:\s+(?P<mod>{lx.alt('past', 'current', 'next')}){_WE})",
        "ORD": rf"{_WS}(?P<ord>{lx.alt('ordinal')}){_WE}",
        "DNUM": r"(?:(?<!\w)ال\s?)?(?<![\d.,/:])(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d:/])",
        "MWORD": rf"(?:(?:{lx.alt('month_word')})\s+)",
        "MPREP": "|".join(f"(?<={re.escape(w)} )" for w in lx.get("month_prep")),
        "WD": lx.alt("weekday"),
        "PAST": lx.alt("past"),
        "CURRENT": alternation(f for f in lx.get("current") if f not in ("هذا", "this")),
        "NEXT": lx.alt("next"),
        "TOD": lx.alt("tod"),
        "TODAFTER": lx.alt("tod_after", "tod_en"),
        "NOTTODAY": lx.alt("not_today"),
        "PART": lx.alt("part"),
        "MREL": alternation(f for f, v in lx.get("rel").items() if v.startswith("month_")),
        "YREL": alternation(f for f, v in lx.get("rel").items() if v.startswith("year_")),
        "RELDAY": lx.alt("relday"),
        "REL": lx.alt("rel"),
        "UNIT": lx.alt("unit"),
        "AGO": lx.alt("ago"),
        "WEEKORD": lx.alt("weekord"),
        "NUM": number_pattern(),
        "QUAL": lx.alt("qual"),
    }


@cache
def _patterns() -> tuple[_Pattern, ...]:
    f = _fragments()
    ymod = rf"(?:{f['YEAR']})?{f['MOD']}?"
    specs: list[tuple[str, _Handler, int, str | None]] = [
        # 2018-04-07, 07/04/2018 (day first, as Arabic and European sources write it)
        (r"(?<![\d/.])(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d/.])", _h_iso, 0, None),
        (r"(?<![\d/.])(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d\d)(?![\d/.])", _h_iso, 0, None),
        # 7 نيسان/أبريل 2018, السابع من أبريل, 24 آذار الماضي, 7 April
        (rf"(?:{f['DNUM']}|{f['ORD']})(?:\s+(?:من|of))?\s*{f['MWORD']}?{f['MON']}{ymod}", _h_day_month, 1, "month"),
        # April 7, 2018
        (rf"{_WS}{f['MON']}\s+{f['DNUM']}(?:\s*,)?(?:\s*(?P<year2>(?:19|20)\d\d)(?!\d))?", _h_month_day, 1, "month"),
        # يوم 12 من الشهر الجاري
        (rf"(?:{f['DNUM']}|{f['ORD']})\s+(?:من\s+)?(?:(?P<mrel>{f['MREL']})|الشهر|of\s+(?P<mrel2>{f['MREL']})){_WE}", _h_day_rel_month, 1, "mrel"),
        # يوم 12 الجاري (the current month, as Gulf papers write it)
        (rf"{f['DNUM']}\s+(?:من\s+)?(?:{f['CURRENT']}){_WE}", _h_day_rel_month, 1, "current"),
        # أواخر مارس 2017, mid-March
        (rf"{_WS}(?P<part>{f['PART']})(?:\s*-\s*|\s+)(?:(?:من|of)\s+)?{f['MWORD']}?{f['MON']}{ymod}", _h_month, 2, "month"),
        # منتصف الشهر الجاري
        (rf"{_WS}(?P<part>{f['PART']})\s+(?:(?:من|of)\s+)?(?P<mrel>{f['MREL']}){_WE}", _h_part_rel_month, 2, "mrel"),
        # نهاية العام الماضي, early last year
        (rf"{_WS}(?P<part>{f['PART']})\s+(?:(?:من|of)\s+)?(?P<yrel>{f['YREL']}){_WE}", _h_part_rel_year, 2, "yrel"),
        # الأسبوع الثاني من شهر شباط
        (rf"{_WS}(?P<weekord>{f['WEEKORD']})\s+(?:(?:من|of)\s+)?{f['MWORD']}?(?:{f['MON']}{ymod}|(?P<mrel>{f['MREL']}){_WE})", _h_weekord, 2, "weekord"),
        # a bare month: في مايو الماضي, شهر آذار, مارس 2017, in March, last March
        (rf"(?:{f['MPREP']}){f['MWORD']}?{f['MON']}{ymod}", _h_month, 3, "month"),
        (rf"{_WS}{f['MWORD']}{f['MON']}{ymod}", _h_month, 3, "month"),
        (rf"{_WS}{f['MON']}{ymod}", _h_month_strict, 3, "month"),
        (rf"(?<!\w)(?P<emod>last|this|next|early|late|mid)\s*-?\s*{f['MON']}(?:{f['YEAR']})?", _h_month, 3, "month"),
        # اليوم, أمس, فجر اليوم, في وقت سابق اليوم, yesterday, last night
        (
            (
                rf"(?<!مثل ){_WS}(?:(?:{f['TOD']})\s+(?:من\s+)?)?(?P<relday>{f['RELDAY']}){_WE}(?!\s+(?:{f['NOTTODAY']}){_WE})"
                rf"(?:\s+(?:يوم\s+)?(?:{f['WD']}){_WE})?(?:\s+(?:{f['TODAFTER']}){_WE})?"
            ),
            _h_relday,
            4,
            "relday",
        ),
        # الأسبوع الماضي, خلال اليومين الماضيين, الشهر الماضي, last week
        (rf"{_WS}(?:(?:في|خلال|over|in|during)\s+)?(?P<rel>{f['REL']}){_WE}", _h_rel, 4, "rel"),
        # الخميس, يوم الإثنين الفائت, ليلة الخميس, ليل الأربعاء الخميس, on Monday night, last Monday
        (
            (
                rf"{_WS}(?:(?P<since>منذ|since)\s+)?(?:(?P<lail>ليله|ليل)\s+|(?:{f['TOD']})\s+(?:من\s+)?|(?P<emod>last|next|this|past)\s+)?(?:يوم\s+)?"
                rf"(?P<wd>{f['WD']}){_WE}(?!\s*عشر)(?:(?:\s*(?:-|–|/|و|الي|to)\s*|\s+)(?P<wd2>{f['WD']}){_WE})?"
                rf"(?:\s+(?P<mod>{f['PAST']}|{f['NEXT']}){_WE})?(?:\s+(?:{f['TODAFTER']}){_WE})?"
            ),
            _h_weekday,
            5,
            "weekday",
        ),
        # منذ ثلاثة أيام, قبل يومين, قبل نحو شهر
        (
            (
                rf"{_WS}(?:(?:{f['AGO']})\s+(?:(?:{f['QUAL']})\s+)?|من\s+(?:{f['QUAL']})\s+)(?:(?P<n>{f['NUM']})\s+)?(?P<unit>{f['UNIT']}){_WE}"
                rf"(?!\s+(?:من{_WE}|(?:يوم\s+)?(?:{f['WD']})))"
            ),
            _h_ago,
            6,
            "unit",
        ),
        # three days ago, a week ago
        (rf"(?<!\w)(?:(?P<n>{f['NUM']}|an?)\s+)(?P<unit>{f['UNIT']})\s+ago{_WE}", _h_ago, 6, "unit"),
        # خلال الأيام الثلاثة الماضية, the past 3 days
        (rf"{_WS}(?:الايام|الساعات|past|last)\s+(?:ال)?(?P<n>{f['NUM']})\s+(?:(?:الماضيه|الاخيره)|days|(?P<hours>hours)){_WE}", _h_span_n, 6, "unit"),
    ]
    return tuple(_Pattern(re.compile(src), handler, prio, group) for src, handler, prio, group in specs)


# lexicon kinds whose words open a window for the patterns of a group (plus the
# lexicon's "anchor" rows, whose value names the group)
_ANCHOR_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("month", ("month", "month_abbr")),
    ("mrel", ()),
    ("yrel", ()),
    ("weekord", ("weekord",)),
    ("relday", ("relday",)),
    ("rel", ("rel",)),
    ("weekday", ("weekday",)),
    ("unit", ("unit",)),
    ("current", ("current",)),
)
# first words too common to anchor on: the form's next word anchors it instead
_WEAK = frozenset({"the", "a", "an", "this", "last", "past", "in", "on", "of", "over", "early", "late", "later", "earlier", "هذا", "في", "من", "خلال", "منذ", "قبل"})
# characters before / after an anchor word in which its patterns are tried (the longest
# expressions: "الحادي والعشرين من شهر كانون الثاني/يناير من العام الماضي",
# "في الساعات الأولى من صباح يوم الخميس الماضي")
_BEFORE, _AFTER = 45, 50


@cache
def _anchors() -> WordMatcher[frozenset[str]]:
    """Anchor word → the pattern groups it opens a window for."""
    lx = _lex()
    groups: dict[str, set[str]] = {}
    for group, kinds in _ANCHOR_KINDS:
        forms = [f for k in kinds for f in lx.get(k)] + [f for f, g in lx.get("anchor").items() if g == group]
        for f in forms:
            word = next((w for w in f.split() if w not in _WEAK), None)
            if word is not None:  # a form of weak words only ("هذا") anchors nothing by itself
                groups.setdefault(word, set()).add(group)
    return WordMatcher((w, frozenset(g)) for w, g in groups.items())


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per pattern group, the merged windows of text around its anchor words."""
    out: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for h in _anchors().find(padded(text), longest=False):
        s, e = max(0, h.start - h.clitic - _BEFORE), min(n, h.end + _AFTER)
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < n and not text[e].isspace():
            e += 1
        for g in h.value:
            spans = out.setdefault(g, [])
            if spans and s <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
            else:
                spans.append((s, e))
    return out


# ---------------------------------------------------------------- resolvers


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _h_iso(m: re.Match[str], pub: date | None) -> _Resolved | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if mo > 12 and d <= 12:
        mo, d = d, mo
    dt = _safe(y, mo, d)
    return _Resolved(dt, 1, False) if dt else None


def _month_of(m: re.Match[str]) -> int:
    lx = _lex()
    key = _key(m["mon"])
    return int(lx.get("month").get(key) or lx.get("month_abbr")[key])


def _year_of(m: re.Match[str], pub: date | None) -> int | None:
    gd = m.groupdict()
    if gd.get("year"):
        return int(gd["year"])
    if gd.get("year2"):
        return int(gd["year2"])
    if gd.get("yrel") and pub is not None:
        return pub.year - 1 if _key(gd["yrel"]) in _lex().get("past") else pub.year
    return None


def _mod_kind(mod: str | None) -> str:
    if not mod:
        return ""
    key = _key(mod)
    for kind in ("past", "current", "next"):
        if key in _lex().get(kind):
            return kind
    return ""


def _day_year(day: int, month: int, year: int | None, mod: str, pub: date | None) -> date | None:
    """The year of a day-month date written without one (the most recent not after publication)."""
    if year is not None:
        return _safe(year, month, day)
    if pub is None:
        return None
    y = pub.year
    if mod == "next":
        cand = _safe(y, month, day)
        return cand if cand and cand > pub else _safe(y + 1, month, day)
    cand = _safe(y, month, day)
    if mod == "current":
        return cand
    if cand is None or cand > pub:
        return _safe(y - 1, month, day)
    return cand


def _day_of(m: re.Match[str]) -> int:
    if m["day"]:
        return int(m["day"])
    return int(_lex().get("ordinal")[_key(m["ord"])])


def _h_day_month(m: re.Match[str], pub: date | None) -> _Resolved | None:
    dt = _day_year(_day_of(m), _month_of(m), _year_of(m, pub), _mod_kind(m["mod"]), pub)
    return _Resolved(dt, 1, False) if dt else None


def _h_month_day(m: re.Match[str], pub: date | None) -> _Resolved | None:
    dt = _day_year(int(m["day"]), _month_of(m), _year_of(m, pub), "", pub)
    return _Resolved(dt, 1, False) if dt else None


def _month_year(month: int, year: int | None, mod: str, pub: date | None) -> int | None:
    """The year of a month named without one."""
    if year is not None:
        return year
    if pub is None:
        return None
    if mod == "past":
        return pub.year if month < pub.month else pub.year - 1
    if mod == "next":
        return pub.year if month > pub.month else pub.year + 1
    if mod == "current":
        return pub.year
    return pub.year if month <= pub.month else pub.year - 1


def _part_day(part: str | None, y: int, mo: int) -> int:
    if not part:
        return 15
    v = int(_lex().get("part")[_key(part)])
    return _last_day(y, mo) if v < 0 else v


def _h_month(m: re.Match[str], pub: date | None) -> _Resolved | None:
    gd = m.groupdict()
    mo = _month_of(m)
    emod = gd.get("emod") or ""
    part = gd.get("part") or (emod if emod in ("early", "late", "mid") else None)
    mod = _mod_kind(gd.get("mod")) or ("" if part else _mod_kind(emod))
    y = _month_year(mo, _year_of(m, pub), mod, pub)
    if y is None:
        return None
    return _Resolved(date(y, mo, _part_day(part, y, mo)), 3, False)


def _h_month_strict(m: re.Match[str], pub: date | None) -> _Resolved | None:
    """A bare month name counts only with a year, or (Arabic) with الماضي/الجاري/المقبل."""
    if m["year"] or m["yrel"] or (m["mod"] and not m["mon"].isascii()):
        return _h_month(m, pub)
    return None


def _rel_month(mrel: str, pub: date) -> tuple[int, int]:
    code = _lex().get("rel")[_key(mrel)]
    return _shift_month(pub.year, pub.month, -1) if code == "month_prev" else (pub.year, pub.month)


def _h_day_rel_month(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    gd = m.groupdict()
    mrel = gd.get("mrel") or gd.get("mrel2")
    y, mo = _rel_month(mrel, pub) if mrel else (pub.year, pub.month)
    dt = _safe(y, mo, _day_of(m))
    return _Resolved(dt, 1, True) if dt else None


def _h_part_rel_month(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    y, mo = _rel_month(m["mrel"], pub)
    return _Resolved(date(y, mo, _part_day(m["part"], y, mo)), 3, True)


def _h_part_rel_year(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    mo = {1: 1, 0: 6, -1: 12}.get(int(_lex().get("part")[_key(m["part"])]), 6)
    return _Resolved(date(pub.year - 1, mo, 15), 3, True)


def _h_weekord(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if m["mrel"]:
        if pub is None:
            return None
        y, mo = _rel_month(m["mrel"], pub)
        relative = True
    else:
        mo = _month_of(m)
        yy = _month_year(mo, _year_of(m, pub), _mod_kind(m["mod"]), pub)
        if yy is None:
            return None
        y, relative = yy, False
    v = int(_lex().get("weekord")[_key(m["weekord"])])
    day = v if v > 0 else _last_day(y, mo) + v + 1
    return _Resolved(date(y, mo, day), 2, relative)


def _h_relday(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    return _Resolved(pub - timedelta(days=int(_lex().get("relday")[_key(m["relday"])])), 1, True)


def _h_rel(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    return _resolve_rel(_lex().get("rel")[_key(m["rel"])], pub)


def _resolve_rel(code: str, pub: date) -> _Resolved:
    monday = pub - timedelta(days=pub.weekday())
    if code == "week_prev":  # the Thursday before the Sunday that opens the current (Arab) week
        return _Resolved(pub - timedelta(days=(pub.weekday() - 6) % 7 + 3), 2, True)
    if code == "week_this":
        return _Resolved(monday + (pub - monday) // 2, 2, True)
    if code in ("week_start", "week_prev_start"):
        sunday = pub - timedelta(days=(pub.weekday() - 6) % 7)
        return _Resolved(sunday - timedelta(days=7 if code == "week_prev_start" else 0), 2, True)
    if code == "week_end":
        return _Resolved(pub - timedelta(days=(pub.weekday() - 5) % 7), 2, True)
    if code == "week_prev_end":
        return _Resolved(monday - timedelta(days=2), 2, True)
    if code == "span1":
        return _Resolved(pub - timedelta(days=1), 2, True)
    if code == "span3":
        return _Resolved(pub - timedelta(days=3), 2, True)
    if code == "year_prev":
        return _Resolved(date(pub.year - 1, 7, 1), 3, True)
    y, mo = _shift_month(pub.year, pub.month, -1 if code == "month_prev" else 0)
    return _Resolved(date(y, mo, 15), 3, True)


def _h_weekday(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    lx = _lex()
    wd = int(lx.get("weekday")[_key(m["wd"])])
    mod = _mod_kind(m["mod"]) or _mod_kind(m["emod"])
    if mod == "next":
        ahead = (wd - pub.weekday()) % 7 or 7
        return _Resolved(pub + timedelta(days=ahead), 1, True)
    last = int(lx.get("weekday")[_key(m["wd2"])]) if m["wd2"] else wd
    back = (pub.weekday() - last) % 7
    if back == 0 and mod == "past":
        back = 7
    day = pub - timedelta(days=back)  # the pair's second day, or the weekday itself
    if m["wd2"]:
        day -= timedelta(days=(last - wd) % 7)  # "ليل الأربعاء الخميس": the first night of the pair
    elif m["lail"] == "ليله":
        day -= timedelta(days=1)  # "ليلة الخميس": the night before Thursday
    if m["since"] and day < pub:  # "منذ الاثنين": the span from Monday to publication
        return _Resolved(day + (pub - day) // 2, 2, True)
    return _Resolved(day, 1, True)


def _h_ago(m: re.Match[str], pub: date | None) -> _Resolved | None:
    if pub is None:
        return None
    unit_word = _key(m["unit"])
    unit = _lex().get("unit")[unit_word]
    if m["n"]:
        n = 1 if m["n"] in ("a", "an") else parse_number(m["n"])
    else:
        n = 2 if unit_word.endswith(("ين", "ان")) else 1
    if n is None or n <= 0:
        return None
    if unit == "hour":
        return _Resolved(pub - timedelta(days=n // 24), 1, True)
    if unit == "day":
        return _Resolved(pub - timedelta(days=n), 1, True) if n < 1000 else None
    if unit == "week":
        return _Resolved(pub - timedelta(days=7 * n), 2, True) if n < 200 else None
    months = n if unit == "month" else 12 * n
    if months > 1200:
        return None
    y, mo = _shift_month(pub.year, pub.month, -months)
    return _Resolved(date(y, mo, 15), 3, True)


def _h_span_n(m: re.Match[str], pub: date | None) -> _Resolved | None:
    n = parse_number(m["n"])
    if pub is None or n is None or n <= 0 or n > 366:
        return None
    days = 1 if m["hours"] or m.group(0).startswith("الساعات") else n
    return _Resolved(pub - timedelta(days=max(1, days // 2)), 2, True)


# ---------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    res: _Resolved
    priority: int


def _candidates(text: str, pub: date | None) -> list[_Cand]:
    out: list[_Cand] = []
    windows = _windows(text)
    for p in _patterns():
        for s, e in [(0, len(text))] if p.group is None else windows.get(p.group, ()):
            for m in p.regex.finditer(text, s, e):
                res = p.handler(m, pub)
                if res is not None and m.end() > m.start():
                    out.append(_Cand(m.start(), m.end(), res, p.priority))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest first, then the more specific pattern; no overlaps; in text order."""
    return select_longest(cands, lambda c: (c.start, c.end), lambda c: c.priority)


@cache
def _gap_re() -> re.Pattern[str]:
    fill = _lex().alt("filler")
    return re.compile(rf"[\s,،()\-–:]*(?:(?:{fill})(?!\w))?[\s,،()\-–:]*")


def _merge_explicit(cands: list[_Cand], text: str) -> list[_Cand]:
    """"الاثنين الماضي (9 أبريل)": a relative day followed by its explicit date is one mention."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.res.relative
            and prev.res.precision <= 2
            and not c.res.relative
            and c.res.precision == 1
            and c.start - prev.end <= 14
            and _gap_re().fullmatch(text, prev.end, c.start)
        ):
            out[-1] = _Cand(prev.start, c.end, c.res, c.priority)
            continue
        out.append(c)
    return out


def find_dates(nt: NormText, published: date | None) -> list[DateMention]:
    """Date mentions of the text, resolved against ``published``, in text order (original offsets)."""
    text = nt.text
    chosen = _merge_explicit(_select(_candidates(text, published)), text)
    out: list[DateMention] = []
    for c in chosen:
        s, e = nt.to_original(c.start, c.end)
        out.append(DateMention(s, e, nt.original[s:e], c.res.date, c.res.precision, c.res.relative))
    return out
