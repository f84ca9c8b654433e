"""Resolve place mentions to one gazetteer entry each, with CODEBOOK §4 precision.

Disambiguation uses the article's admin context: every other place named in
the same article votes for its countries and governorates (a name shared by
many places spreads its vote thin; repeated mentions of the *same* name do not
vote for themselves). A candidate scores by the votes for its governorate and
country, then by its kind and size (country > governorate > region > district >
sub-district > town by population).

Governorates that share their capital's name (Idlib, Aleppo, Homs, Hama, Daraa,
Deir ez-Zor, Raqqa, Hasakah, Basra, Hodeidah …):

* bare "إدلب" and "مدينة إدلب" are the city (precision 1, admin1 Idleb);
* "محافظة إدلب", "ريف إدلب", "شرقي دير الزور", "ريف إدلب الجنوبي" are the governorate
  (precision 3, coded to the governorate's seat);
* "ريف معرة النعمان", "قرب الباب", "شمال منبج" qualify a town: precision 2, coded to it.

A country resolves to the country (admin1 None, precision 3); a region of
``regions.tsv`` to its centroid (precision 3).
"""

from __future__ import annotations

import re

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from typing import TYPE_CHECKING

from rasd.geo.distance import haversine_km
from rasd.geo.gazetteer import Place
from rasd.geo.translit import transliterated_town
from rasd.model import Span

if TYPE_CHECKING:  # rasd.mentions.places imports rasd.geo: no import cycle at run time
    from rasd.mentions.places import PlaceMention

__all__ = ["ResolvedPlace", "resolve_places", "resolve_one", "ArticleContext", "article_context"]

_KIND_WEIGHT = {"country": 14.0, "adm1": 4.5, "region": 6.0, "adm2": 3.0, "adm3": 2.5, "town": 1.0,
                "neighbourhood": 1.5, "facility": 3.0}
# a governorate that is one city: what lies around it is the next governorate (Damascus -> Rural Damascus)
_SURROUNDING = {"SY01": ("Rural Damascus", "SY03")}
_REGIONAL = frozenset({"countryside", "direction", "governorate"})


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A mention coded to one place (CODEBOOK §4 fields)."""

    span: Span  # the name in the original text
    phrase: Span  # the name with its modifier words
    name_en: str  # ``location``
    name_ar: str  # ``location_ar``: the surface form as written (the phrase)
    kind: str
    country: str
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    admin3: str | None
    lat: float
    lon: float
    geo_precision: int
    place: Place
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """Votes of an article's place names for countries and governorates, per name."""

    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    by_key_countries: dict[str, Counter[str]]
    by_key_admin1s: dict[str, Counter[tuple[str, str]]]

    @property
    def top_country(self) -> float:
        return max(self.countries.values(), default=0.0)

    @property
    def top_admin1(self) -> float:
        return max(self.admin1s.values(), default=0.0)

    def country_votes(self, key: str, country: str) -> float:
        return self.countries[country] - self.by_key_countries.get(key, _NO_VOTES)[country]

    def admin1_votes(self, key: str, admin1: tuple[str, str]) -> float:
        return self.admin1s[admin1] - self.by_key_admin1s.get(key, _NO_VOTES)[admin1]


_NO_VOTES: Counter = Counter()  # read only: the votes of a name that has none


def _votes(m: PlaceMention) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    cands = m.candidates
    countries = {p.country for p in cands}
    admin1s = {(p.country, p.admin1_code) for p in cands if p.admin1_code and p.kind != "country"}
    cv: dict[str, float] = {}
    av: dict[tuple[str, str], float] = {}
    if countries and len(countries) <= 3:
        weight = 2.0 if any(p.kind == "country" for p in cands) else 1.0
        share = weight / len(countries)
        for c in sorted(countries):  # sorted: the counters' order (and most_common's ties) never follow the hash seed
            cv[c] = share
    if 0 < len(admin1s) <= 3:
        weight = 2.0 if m.modifier == "governorate" or any(p.kind == "adm1" for p in cands) else 1.0
        share = weight / len(admin1s)
        for a in sorted(admin1s):
            av[a] = share
    return cv, av


#: ``_votes`` of a candidates tuple (by its id; the entry keeps the tuple alive, so that no other object
#: takes its id): the recogniser gives every mention of a name the same tuple
_VOTES_MEMO: dict[tuple[int, bool], tuple[tuple[Place, ...], tuple[dict[str, float], dict[tuple[str, str], float]]]] = {}
_VOTES_MEMO_SIZE = 50_000


def _memo_votes(m: PlaceMention) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """``_votes(m)``, computed once per candidates tuple and governorate modifier (read only)."""
    cands = m.candidates
    key = (id(cands), m.modifier == "governorate")
    got = _VOTES_MEMO.get(key)
    if got is not None and got[0] is cands:
        return got[1]
    votes = _votes(m)
    if len(_VOTES_MEMO) >= _VOTES_MEMO_SIZE:
        _VOTES_MEMO.clear()
    _VOTES_MEMO[key] = (cands, votes)
    return votes


def article_context(mentions: Iterable[PlaceMention], context_countries: Iterable[str] = ()) -> ArticleContext:
    """Count the votes of all mentions (and of countries the caller knows the article is about)."""
    ctx = ArticleContext(Counter(), Counter(), {}, {})
    for c in context_countries:
        ctx.countries[c] += 2.0
    adjectives = {p.country for m in mentions if m.modifier == "adjective" for p in m.candidates}
    for c in sorted(adjectives):  # "الفرنسية": one vote for its country however often it is written
        ctx.countries[c] += 1.0
    by_country, by_admin1 = ctx.by_key_countries, ctx.by_key_admin1s
    for m in mentions:
        if m.modifier == "adjective":
            continue
        cv, av = _memo_votes(m)
        # ``_add`` inlined: the same sums in the same order (countries, then governorates)
        for votes, total, per_key in ((cv, ctx.countries, by_country), (av, ctx.admin1s, by_admin1)):
            if not votes:
                continue
            for k, v in votes.items():
                total[k] = v + total.get(k, 0)
            counter = per_key.get(m.key)
            if counter is None:
                counter = per_key[m.key] = _new_counter(Counter)
            for k, v in votes.items():
                counter[k] = v + counter.get(k, 0)
    return ctx


#: ``_new_counter(Counter)``: an empty ``Counter`` without the call of ``Counter.__init__`` (which only updates it)
_new_counter = Counter.__new__


# size when a district/sub-district has no population (their seats are sizeable towns)
_DEFAULT_SIZE = {"adm2": 2.25, "adm3": 1.75}


def _size(p: Place) -> float:
    pop = p.population / 4 if p.kind in ("adm2", "adm3") else p.population  # the seat, not the whole unit
    size = min(math.log10(pop + 1) / 2, 3.5) if pop else _DEFAULT_SIZE.get(p.kind, 0.0)
    return size + (1.0 if p.capital else 0.0) + (2.0 if p.national_capital else 0.0)


def _share(votes: float, best: float) -> float:
    return votes / best if best > 0 and votes > 0 else 0.0


def _score(p: Place, m: PlaceMention, ctx: ArticleContext, local: frozenset[tuple[str, str]] = frozenset()) -> float:
    """Context (a governorate named right beside it, the article's governorates, then countries)
    first, then kind and size."""
    s = 0.0
    if (p.country, p.admin1_code) in local:
        s += LOCAL_WEIGHT  # "كتاف غربي محافظة صعدة", "حضر في ريف القنيطرة"
    if p.admin1_code:
        votes = ctx.admin1_votes(m.key, (p.country, p.admin1_code))
        s += 4.0 * _share(votes, ctx.top_admin1) + min(votes, 2.0)
    votes = ctx.country_votes(m.key, p.country)
    s += 4.0 * _share(votes, ctx.top_country) + min(votes, 2.0)
    s += _KIND_WEIGHT.get(p.kind, 1.0) + (_size(p) if p.kind in ("town", "neighbourhood", "adm3", "adm2") else 0.0)
    if m.modifier == "governorate" and p.kind == "adm1":
        s += 6.0  # "محافظة X" names a governorate
    if p.country in ("SYR", "IRQ") and p.kind != "country":
        s += 0.5  # the detailed gazetteers: a village there beats a namesake hamlet abroad
    if m.needs_support and p.country in m.needs_support:
        s -= 1.0  # a reading the news seldom mean (kept after a place word): the usual one wins a tie
    return s


def _top_country(ctx: ArticleContext) -> str:
    """The country with the most votes; a tie goes to Syria/Iraq, then the first code (deterministic)."""
    return max(sorted(ctx.countries), key=lambda c: (ctx.countries[c], c in ("SYR", "IRQ")))


def _same_admin1(p: Place, q: Place) -> bool:
    return p.country == q.country and p.admin1_code == q.admin1_code and q.kind != "country"


def _seat_of(adm1: Place, m: PlaceMention) -> Place | None:
    """The town (or town-named district) of a governorate's name among the candidates."""
    towns = [q for q in m.candidates if _same_admin1(adm1, q) and q.kind in ("town", "adm3", "adm2")]
    order = {"town": 2, "adm3": 1, "adm2": 0}
    return max(towns, key=lambda q: (q.capital, order[q.kind], q.population), default=None)


def _governorate_of(p: Place, m: PlaceMention) -> Place | None:
    return next((q for q in m.candidates if q.kind == "adm1" and _same_admin1(p, q)), None)


_COUNTRYSIDE_NAME = re.compile(r"^(?:[وفبل]|لل)?(?:ريف|rural|rif)\b", re.IGNORECASE)


def choose(m: PlaceMention, ctx: ArticleContext, local: frozenset[tuple[str, str]] = frozenset()) -> Place:
    """The best candidate, then the governorate/city choice the modifier asks for."""
    cands = m.candidates
    best = cands[0] if len(cands) == 1 else max(cands, key=lambda p: _score(p, m, ctx, local))
    gov = best if best.kind == "adm1" else _governorate_of(best, m)
    if gov is not None and m.modifier in _REGIONAL:
        # a governorate of the same name: "ريف إدلب" is Idleb, but "شمال دمشق" stays by the city
        if not (m.modifier == "direction" and gov.admin1_code in _SURROUNDING):
            return gov
    if gov is not None and best.kind in ("adm1", "adm2") and _COUNTRYSIDE_NAME.match(m.text):
        return gov  # "ريف دمشق", "Rural Damascus": the governorate, not its district of the same name
    if best.kind in ("adm1", "adm2", "adm3"):
        return _seat_of(best, m) or best  # bare "إدلب", "مدينة حلب": the city
    return best


def _precision(p: Place, modifier: str | None) -> int:
    if p.kind in ("country", "region", "adm1"):
        return 3
    if modifier in _AREA_MODIFIERS or p.kind == "adm2":
        return 2  # near a town, its countryside, or a district (no seat town: "مديرية الدريهمي")
    return 1


#: modifiers that place an event around a named place or in a district of it: precision 2
_AREA_MODIFIERS = frozenset({"near", "countryside", "direction", "district"})


def resolve_one(m: PlaceMention, ctx: ArticleContext, local: frozenset[tuple[str, str]] = frozenset(),
                chosen: dict | None = None) -> ResolvedPlace:
    """Code one mention (``local``: governorates named right beside it; ``chosen``: a memo of
    ``choose`` for the mentions of one article and ``ctx``, alive while they are)."""
    if chosen is None:
        p = choose(m, ctx, local)
    else:  # what choose reads of the mention: its candidates, key, modifier and text
        memo_key = (id(m.candidates), m.key, m.modifier, m.text, local)
        p = chosen.get(memo_key)  # type: ignore[assignment]
        if p is None:
            p = chosen[memo_key] = choose(m, ctx, local)
    kind, modifier = p.kind, m.modifier
    if kind == "country":
        admin1 = code = admin2 = admin3 = None
    else:
        admin1, code, admin2, admin3 = p.admin1, p.admin1_code, p.admin2, p.admin3
    if modifier == "direction" and code in _SURROUNDING and kind != "adm1":
        admin1, code = _SURROUNDING[code]
    # span, phrase, name_en, name_ar, kind, country, admin1, admin1_code, admin2, admin3, lat, lon,
    # geo_precision, place, modifier
    return ResolvedPlace(Span(m.start, m.end, m.text), Span(m.phrase_start, m.phrase_end, m.phrase_text),
                         p.name_en, m.phrase_text or m.text, kind, p.country, admin1, code, admin2, admin3,
                         round(p.lat, 4), round(p.lon, 4), _precision(p, modifier), p, modifier)


def _coded(m: PlaceMention, p: Place, precision: int, name_en: str | None = None) -> ResolvedPlace:
    return ResolvedPlace(
        span=Span(m.start, m.end, m.text), phrase=Span(m.phrase_start, m.phrase_end, m.phrase_text),
        name_en=name_en or p.name_en, name_ar=m.phrase_text or m.text, kind=p.kind, country=p.country,
        admin1=p.admin1, admin1_code=p.admin1_code, admin2=p.admin2, admin3=p.admin3,
        lat=round(p.lat, 4), lon=round(p.lon, 4), geo_precision=precision, place=p, modifier=m.modifier,
    )


def _list_admin1(done: list[ResolvedPlace | None], mentions: list[PlaceMention], list_id: int) -> str | None:
    codes = Counter(r.admin1_code for r, m in zip(done, mentions)
                    if r is not None and m.list_id == list_id and m.candidates and r.admin1_code)
    return codes.most_common(1)[0][0] if codes else None


_ANCHOR_KINDS = frozenset({"town", "adm2", "adm3", "neighbourhood", "adm1", "region", "facility"})


def _anchor(i: int, done: list[ResolvedPlace | None], mentions: list[PlaceMention], admin1: str | None,
            ctx: ArticleContext) -> ResolvedPlace | None:
    """The known place an unknown name is coded to: a place of the same list, else the nearest place
    named before it (within a few sentences), else the article's main governorate; never abroad."""
    top_country = _top_country(ctx) if ctx.countries else None
    placed = [(j, r) for j, r in enumerate(done) if r is not None and mentions[j].candidates and r.kind in _ANCHOR_KINDS]
    known = [(j, r) for j, r in placed if r.country == top_country]
    m = mentions[i]
    # the area named right after the name says where it is, in whatever country the article is mostly about
    qualifier = [(mentions[j].phrase_start - m.end, r) for j, r in placed if _right_after(m, mentions[j])]
    if qualifier and not m.joined and m.list_id is None:  # "مديرية كتاف غربي محافظة صعدة": the area named right after it
        return min(qualifier, key=lambda x: x[0])[1]
    if admin1:
        same = [(abs(j - i), r) for j, r in known if r.admin1_code == admin1 and mentions[j].list_id == m.list_id]
        if same:
            return min(same, key=lambda x: x[0])[1]
    before = [(m.start - mentions[j].end, r) for j, r in known if 0 <= m.start - mentions[j].end < 400]
    if before:
        return min(before, key=lambda x: x[0])[1]
    want = admin1 or next((a for (c, a), _ in ctx.admin1s.most_common() if c == top_country), None)
    if want is None:  # no governorate stands out: the place named right after it ("X in Homs city")
        after = [(mentions[j].start - m.end, r) for j, r in known if 0 <= mentions[j].start - m.end < 80]
        return min(after, key=lambda x: x[0])[1] if after else None
    return next((r for _, r in known if r.admin1_code == want), None)


def _stray(r: ResolvedPlace, m: PlaceMention, ctx: ArticleContext) -> bool:
    """A village abroad that no other name of the article supports, in an article about another country;
    after a place word ("مخيم موريا" in an article about Greece is no Moriya in Japan) a town of any size."""
    if r.kind not in ("town", "neighbourhood", "adm3") or not ctx.countries:
        return False
    if r.place.population >= 10000 and not (m.modifier in _PLACE_WORD_MODIFIERS and r.country not in _LOCAL
                                            and not r.place.national_capital and r.place.population < 100_000):
        return False
    top = _top_country(ctx)
    return (top != r.country and ctx.countries[top] >= 2.0 and ctx.country_votes(m.key, r.country) < 0.5
            and not any(p.country == top for p in m.candidates))


_LOCAL = frozenset({"SYR", "IRQ"})
#: modifiers that a place word gives ("مدينة X", "مخيم X", "حي X")
_PLACE_WORD_MODIFIERS = frozenset({"town", "city", "camp", "neighbourhood", "district"})
_PLACE_WORDS = frozenset({"town", "city", "camp", "neighbourhood", "district", "governorate"})


# the countries whose governorate seats the news names without their country (ISO 3166-1 alpha-3)
REGION = frozenset({"SYR", "IRQ", "PSE", "ISR", "LBN", "JOR", "YEM", "SAU", "EGY", "LBY", "TUR", "IRN", "AFG",
                    "TUN", "DZA", "MAR", "SDN", "KWT", "BHR", "QAT", "ARE", "OMN", "SOM", "MLI", "NER", "NGA",
                    "MRT", "TCD"})
_QUALIFIED = _PLACE_WORDS | {"near", "countryside", "direction"}


def _unsupported(r: ResolvedPlace, m: PlaceMention, ctx: ArticleContext) -> bool:
    """An implausible reading that nothing else in the article supports (no place word before it):

    * a minor town abroad (no national capital, under a million people; a governorate seat of the
      region counts unless the article is plainly about another country) with no other name nor
      adjective ("الفرنسية") of its country: "هوية" is no Hue, "هاري كاين" no Caen;
    * a Syrian or Iraqi town, sub-district or neighbourhood in an article that names nothing else of
      that country ("تراجع نصيب السودان" is no Nasib), or a hamlet (under 5,000 people) or
      neighbourhood that no other name of its governorate supports ("صهره برات" is no Brat)."""
    p = r.place
    if r.kind not in ("town", "neighbourhood", "adm3", "adm2") or m.modifier in _QUALIFIED:
        return False
    country_votes = ctx.country_votes(m.key, r.country)
    if r.country in _LOCAL:
        if country_votes < 0.5:
            return r.kind != "adm2" and p.population < 50000
        if r.kind in ("town", "neighbourhood") and p.population < 5000 and p.admin1_code:
            return ctx.admin1_votes(m.key, (p.country, p.admin1_code)) < 0.5
        return False
    if p.national_capital or p.population >= 1_000_000:
        return False
    if p.capital and p.population >= 50000 and r.country in REGION:
        top = _top_country(ctx) if ctx.countries else None
        if top is None or top == r.country or ctx.countries[top] < 3.0:
            return False
    return country_votes < 0.5


def _joined_to_local(i: int, mentions: list[PlaceMention], done: list[ResolvedPlace | None]) -> bool:
    """The mention is one of a pair or list with a Syrian/Iraqi place ("حجين والشعفة", "Hajin and al-Shafa")."""
    if not mentions[i].joined:
        return False
    return any(0 <= j < len(mentions) and mentions[j].joined and done[j] is not None
               and done[j].country in _LOCAL for j in (i - 1, i + 1))  # type: ignore[union-attr]


def _local_reading(m: PlaceMention, ctx: ArticleContext) -> ResolvedPlace | None:
    """The best Syrian/Iraqi namesake when the article is about Syria or Iraq, else nothing."""
    top = _top_country(ctx) if ctx.countries else None
    local = [p for p in m.candidates if p.country == top and top in _LOCAL]
    if not local:
        return None
    best = max(local, key=lambda p: _score(p, m, ctx))
    if ctx.country_votes(m.key, best.country) < 1.0 or best.kind not in ("town", "neighbourhood", "adm3", "adm2"):
        return None
    return _coded(m, best, _precision(best, m.modifier))


def _fill_unknown(mentions: list[PlaceMention], done: list[ResolvedPlace | None],
                  ctx: ArticleContext) -> list[ResolvedPlace | None]:
    """Code names the gazetteer lacks, and list items resolved far from their list, to a nearby known place."""
    out = list(done)
    for i, m in enumerate(mentions):
        admin1 = _list_admin1(done, mentions, m.list_id) if m.list_id is not None else None
        r = done[i]
        if r is not None and m.list_id is None and r.kind in ("town", "neighbourhood", "adm3", "adm2") \
                and not any(p.country != r.country for p in m.candidates) \
                and _qualified(i, mentions, done, other_country=r.country):
            # "مران محافظة صعدة": a governorate of another country named right after it; the
            # gazetteer knows only a namesake abroad, the place is one it lacks in that governorate
            out[i] = r = None
        elif r is not None and _stray(r, m, ctx):
            # a foreign hamlet nobody else in the article points to: a local place we lack after a
            # place word, else most likely a word that happens to be a hamlet's name
            out[i] = r = None
            if m.modifier not in _PLACE_WORD_MODIFIERS and m.list_id is None \
                    and not _qualified(i, mentions, done):
                continue
        elif r is not None and m.list_id is None and _unsupported(r, m, ctx):
            out[i] = _local_reading(m, ctx)  # "هوية" is no Hue, "كاين" no Caen: a word or a person
            if out[i] is None and r.country not in _LOCAL and _joined_to_local(i, mentions, done):
                anchor = _anchor(i, done, mentions, None, ctx)  # "Hajin and al-Shafa": a village we lack
                if anchor is not None:
                    out[i] = _coded(m, anchor.place, 2 if m.modifier in _AREA_MODIFIERS
                                    else 1, m.text)
            continue
        elif r is not None and not (admin1 and r.admin1_code != admin1 and r.kind not in ("country", "region")):
            continue
        elif r is not None and r.place is not None and _near_other_item(i, r.place, mentions, done):
            continue  # "جوبر وزملكا": across a governorate's border from its list, but right beside it
        if r is not None:  # a namesake in the list's governorate, or else the list's place
            same = [p for p in m.candidates if p.admin1_code == admin1]
            if same:
                best = max(same, key=lambda p: _score(p, m, ctx))
                out[i] = _coded(m, best, _precision(best, m.modifier))
                continue
        if not m.candidates and ctx.countries and (town := _transliterated(m, ctx)) is not None:
            out[i] = _coded(m, town, 2 if m.modifier in _AREA_MODIFIERS else 1)
            continue
        anchor = _anchor(i, done, mentions, admin1, ctx)
        if anchor is not None:  # named in the text: precision by its words; admin and coordinates nearby
            out[i] = _coded(m, anchor.place, 2 if m.modifier in _AREA_MODIFIERS else 1,
                            m.text)
    return out


def _qualified(i: int, mentions: list[PlaceMention], done: list[ResolvedPlace | None],
               other_country: str | None = None) -> bool:
    """Whether a governorate or countryside is named right after mention ``i`` ("مران محافظة صعدة"),
    with ``other_country``: one outside that country."""
    m = mentions[i]
    for j in range(i + 1, len(mentions)):  # mentions are in text order: only those just after it
        n, r = mentions[j], done[j]
        if n.start - m.end > BESIDE_AFTER + _MODIFIER_REACH:
            break
        if r is not None and _right_after(m, n) \
                and (other_country is None or (r.country != other_country and r.kind != "country")):
            return True
    return False


#: the most characters of modifier words before a name ("ريف محافظة ", "the countryside of ")
_MODIFIER_REACH = 60


def _near_other_item(i: int, p: Place, mentions: list[PlaceMention], done: list[ResolvedPlace | None]) -> bool:
    """Whether another item of mention ``i``'s list, one that names a single place, was coded within
    ``LIST_NEAR_KM`` of ``p``."""
    lid = mentions[i].list_id
    return any(j != i and r is not None and r.place is not None and mentions[j].list_id == lid
               and _unambiguous(mentions[j]) and _km(p, r.place) <= LIST_NEAR_KM
               for j, r in enumerate(done))


def _transliterated(m: PlaceMention, ctx: ArticleContext) -> Place | None:
    """A town abroad the gazetteer knows only by its Latin name ("كاركاسون": Carcassonne), in an
    article about that country (:mod:`rasd.geo.translit`)."""
    top = _top_country(ctx)
    if top in _LOCAL:
        return None
    return transliterated_town(m.text, (top,))


def _supported(mentions: list[PlaceMention], context_countries: Iterable[str]) -> list[PlaceMention]:
    """Drop the readings the news seldom means ("هوية" as Hue: ``needs_support``) unless another
    name or adjective of the article supports their country or a place word stands before the name;
    a mention left with no reading is dropped. Then ``_minor_abroad_unsupported``."""
    mentions = _minor_abroad_unsupported(mentions)
    if not any(m.needs_support for m in mentions):
        return mentions
    plain = [m.with_candidates(tuple(p for p in m.candidates if p.country not in m.needs_support))
             if m.needs_support else m for m in mentions]
    ctx = article_context([m for m in plain if m.candidates], context_countries)
    out = []
    for m, p in zip(mentions, plain):
        if m.needs_support and m.modifier not in _PLACE_WORDS:
            keep = tuple(c for c in m.candidates if c.country not in m.needs_support
                         or ctx.country_votes(m.key, c.country) >= 0.5)
            if not keep:
                continue
            m = m.with_candidates(keep)
        out.append(m)
    return out


#: a town abroad smaller than this is "minor": read bare only when its province is named too
MINOR_ABROAD = 100_000


def _minor_abroad_unsupported(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """A minor town outside the region, named bare (no place word), is read only when the article
    names its province too: "فيكتوريا" is a person's name more often than Victoria, Texas, and
    "واشنطن" or "جنيف" in a story about the United States are not Washington, Georgia or Geneva,
    Illinois. Such readings are dropped (a mention left with none is dropped)."""
    memo = _HAS_MINOR
    minor = []
    for m in mentions:  # this runs for every mention of every article: no call per mention
        c = m.candidates
        got = memo.get(id(c))
        if got is None or got[0] is not c:
            got = memo[id(c)] = (c, any(_is_minor_abroad(p) for p in c))
        minor.append(got[1] and m.modifier not in _PLACE_WORDS)
    if True not in minor:
        return mentions
    named = {(p.country, p.admin1_code) for m in mentions if _names_provinces(m) for p in m.candidates
             if p.kind in ("adm1", "region")}
    out = []
    for m, check in zip(mentions, minor):
        if check:
            keep = tuple(p for p in m.candidates if not _is_minor_abroad(p) or (p.country, p.admin1_code) in named)
            if not keep:
                continue
            if len(keep) < len(m.candidates):
                m = m.with_candidates(keep)
        out.append(m)
    return out


#: whether a readings tuple holds a minor town abroad, by the tuple's id: (the tuple, the answer); the
#: gazetteer gives a name the same tuple every time, and the memo keeps it, so its id stays its own
_HAS_MINOR: dict[int, tuple[tuple[Place, ...], bool]] = {}


def _names_provinces(m: PlaceMention) -> bool:
    """A name that may be a province ("تكساس", "فلوريدا") and is no country ("جورجيا": Georgia)."""
    return any(p.kind in ("adm1", "region") and p.admin1_code for p in m.candidates) \
        and not any(p.kind == "country" for p in m.candidates)


def _is_minor_abroad(p: Place) -> bool:
    """A town outside the region under ``MINOR_ABROAD`` people, not a seat, not one the reviewed
    ``places_extra.tsv`` adds (those are there because the news name them)."""
    minor = _MINOR.get(p.id)
    if minor is None:
        minor = _MINOR[p.id] = p.kind == "town" and p.country not in REGION and p.population < MINOR_ABROAD \
            and not p.capital and not p.key.startswith("x:")
    return minor


#: ``_is_minor_abroad`` by place id (a place's fields never change)
_MINOR: dict[int, bool] = {}


#: score for a candidate in a governorate named right beside the mention
LOCAL_WEIGHT = 5.0
#: how far after a name a governorate-level qualifier ("بريف X", "غربي محافظة X") still qualifies it, in characters
BESIDE_AFTER = 25


def _right_after(m: PlaceMention, n: PlaceMention) -> bool:
    """Whether ``n`` is a regional phrase standing right after ``m`` ("X بريف القنيطرة", "X غربي
    محافظة صعدة"), not the next item of a list ("X وريف درعا")."""
    return not n.joined and n.modifier in _REGIONAL and 0 <= n.phrase_start - m.end <= BESIDE_AFTER


def _beside(m: PlaceMention, known: list[PlaceMention]) -> frozenset[tuple[str, str]]:
    """The governorates that an unambiguous regional phrase right after ``m`` points to:
    "X بريف القنيطرة", "X غربي محافظة صعدة" (not a list: "X وريف درعا")."""
    out = set()
    for n in known:
        if n is m or not _right_after(m, n):
            continue
        admin1s = {(p.country, p.admin1_code) for p in n.candidates if p.admin1_code and p.kind != "country"}
        if len(admin1s) == 1:
            out |= admin1s
    return frozenset(out)


#: how far (km) a namesake may lie from the other places of its list and still be the one the list means
LIST_NEAR_KM = 12.0
#: the most characters between two names joined by "و", "and" or a comma
_JOIN_GAP = 6


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _unambiguous(n: PlaceMention) -> bool:
    """A name whose every reading is a place below the governorate, all in one governorate."""
    return bool(n.candidates) and all(p.kind not in ("country", "adm1", "region") for p in n.candidates) \
        and len({(p.country, p.admin1_code) for p in n.candidates}) == 1


def _near_list(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"جوبر وزملكا وعين ترما", "نوى وكحيل": a name with namesakes far apart, listed with places that
    name one place each, is the namesake near them (within ``LIST_NEAR_KM``): Jobar by Zamalka is
    the Damascus district, not the town in Homs."""
    out = mentions
    for i, m in enumerate(mentions):
        if len(m.candidates) < 2 or (m.list_id is None and not m.joined):
            continue
        others = [n for n in mentions if n.list_id == m.list_id] if m.list_id is not None else []
        if m.joined:
            others += [mentions[j] for j in (i - 1, i + 1) if 0 <= j < len(mentions) and mentions[j].joined
                       and (0 <= m.start - mentions[j].end <= _JOIN_GAP or 0 <= mentions[j].start - m.end <= _JOIN_GAP)]
        points = [p for n in others if n is not m and _unambiguous(n) for p in n.candidates]
        if not points:
            continue
        near = tuple(p for p in m.candidates if p.kind != "country" and any(_km(p, q) <= LIST_NEAR_KM for q in points))
        if near and len(near) < len(m.candidates):
            if out is mentions:
                out = list(mentions)
            out[i] = m.with_candidates(near)
    return out


def resolve_places(mentions: list[PlaceMention], *, context_countries: Iterable[str] = ()) -> list[ResolvedPlace]:
    """One gazetteer entry per mention, disambiguated by the other places of the same article.

    A name the gazetteer lacks (read from "قرية X", "بلدات X وY") keeps its surface as its
    name and the precision its words give (1 for a named village), and takes the admin units
    and coordinates of the nearest known place of its list or of the article's main governorate.
    """
    mentions = _near_list(_supported(mentions, context_countries))
    known = [m for m in mentions if m.candidates]
    ctx = article_context(known, context_countries)
    mentions = [m for m in mentions if m.modifier != "adjective"]
    regional = [n for n in known if not n.joined and n.modifier in _REGIONAL]  # all that _beside looks at
    chosen: dict = {}
    no_local: frozenset[tuple[str, str]] = frozenset()
    done = [resolve_one(m, ctx, _beside(m, regional) if regional else no_local, chosen) if m.candidates else None
            for m in mentions]
    return [r for r in _fill_unknown(mentions, done, ctx) if r is not None]
