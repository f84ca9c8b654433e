"""Actor mentions: aliases from ``data/actors.tsv`` (+ extras), bounded by the dates each id holds.

One surface form may name different ids at different times ("قوات النظام" is
SYR-MIL-2000 until 2024-12-07; "سلطة دمشق" SYR-MIL-2024 after): the id valid on the
article's publication date wins.

Generic force words ("الجيش", "الشرطة", "قوات الأمن", "the army", "police", "التحالف",
data/generic_forces.tsv) name the forces of *some* country: followed (Arabic) or
preceded (English) by a nationality adjective ("الشرطة الإيطالية", "Lebanese army") they
are resolved here to that nation's forces; otherwise the mention keeps a default id and
its ``generic`` kind, and ``state_forces`` resolves it later by the country the sentence
speaks of (rasd.events.roles). Countries with no id in actors.tsv get ACLED-style
``OTHER:Military Forces of <country>`` / ``OTHER:Police Forces of <country>`` names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rasd.data_files import read_tsv
from rasd.model import Span
from rasd.text.matcher import Match, Matcher
from rasd.text.normalise import NormText, fold

#: the "kind" of forces a generic word names, and the ACLED-style name pattern used
#: for a country that has no id of its own in actors.tsv
OTHER_NAMES = {"military": "OTHER:Military Forces of {}", "security": "OTHER:Military Forces of {}",
               "police": "OTHER:Police Forces of {}"}
STOP = "-"  # id of a phrase that is no actor ("المرصد السوري"): it only blocks matches inside it


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    inter: str
    country: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.valid_to is None or self.valid_to >= date(2024, 12, 8)
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass(frozen=True, slots=True)
class ActorMention:
    span: Span
    actor_id: str
    adjective: bool = False  # a nationality adjective ("روسية") rather than a name
    generic: str | None = None  # kind of a generic force word ("الشرطة": police) left to resolve by country
    day: date | None = None  # the publication date (for resolving a generic mention)
    country: str | None = None  # the nation a nationality adjective names (ISO3)


@dataclass(frozen=True, slots=True)
class _Alias:
    ids: tuple[str, ...]
    kind: str | None = None  # generic force kind
    bare: bool = True  # a generic word that names an actor on its own (else only with an adjective)
    acronym: bool = False  # an upper-case Latin acronym ("IS", "US"): must match in upper case


def _d(s: str) -> date | None:
    return date.fromisoformat(s) if s else None


def _actor_rows() -> list[dict[str, str]]:
    """The rows of actors.tsv (shared) and actors_other.tsv (ACLED-style OTHER: actors)."""
    return list(read_tsv("actors.tsv")) + list(read_tsv("actors_other.tsv"))


@lru_cache(maxsize=1)
def actor_table() -> dict[str, Actor]:
    """Every actor id: those of actors.tsv and actors_other.tsv, and the generated ``OTHER:``
    forces of the nations in nationalities.tsv (so that the coder knows their inter code)."""
    out = {}
    for r in _actor_rows():
        out[r["id"]] = Actor(r["id"], r["name"], r["inter"], r["country"], _d(r["valid_from"]), _d(r["valid_to"]))
    for iso3 in sorted({r["country"] for r in read_tsv("nationalities.tsv")}):
        for pattern in sorted(set(OTHER_NAMES.values())):
            aid = pattern.format(country_name(iso3))
            out.setdefault(aid, Actor(aid, aid[6:], "1", iso3, None, None))
    return out


# ---------------------------------------------------------------- countries and their forces


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {r["country"]: r["name"] for r in read_tsv("country_names.tsv")}


@lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """The English name ACLED uses for a country ("the Philippines", "Germany")."""
    if iso3 in _country_names():
        return _country_names()[iso3]
    import pycountry  # only for countries missing from country_names.tsv

    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return iso3
    return getattr(c, "common_name", None) or c.name


@lru_cache(maxsize=1)
def _state_forces_table() -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in read_tsv("state_forces.tsv"):
        out.setdefault((r["country"], r["kind"]), []).append(r["id"])
    return {k: tuple(v) for k, v in out.items()}


def _listed_forces(key: str, kind: str, day: date | None, own_country: str | None) -> str | None:
    """The first id of state_forces.tsv listed for (``key``, ``kind``) and valid on ``day``;
    "" when the row says "-" (nobody: no name is to be made up); None when nothing is listed."""
    table = actor_table()
    for aid in _state_forces_table().get((key, kind), ()):
        if aid == STOP or aid.startswith("OTHER:"):
            return "" if aid == STOP else aid
        a = table.get(aid)
        if a is None or not a.valid_on(day):
            continue
        if own_country and a.country and a.country != own_country:
            continue
        return aid
    return None


@lru_cache(maxsize=4096)
def state_forces(country: str | None, kind: str, day: date | None, *, own: bool = False) -> str | None:
    """The actor id a generic force word of ``kind`` names in ``country`` on ``day``.

    ``state_forces("IRQ", "police", d)`` is IRQ-POL; ``state_forces("DEU", "police", d)``
    is ``OTHER:Police Forces of Germany``; ``("YEM", "coalition")`` is SAU-MIL, elsewhere
    COALITION. With ``own`` (a nationality adjective: "the Palestinian police") only the
    nation's own forces count, not those that act in it (the army in the West Bank is
    Israel's). With no country: the ``*`` rows (coalition), else None.
    """
    if country:
        aid = _listed_forces(country, kind, day, country if own else None)
        if aid is not None:
            return aid or None
    aid = _listed_forces("*", kind, day, None)
    if aid is not None or not country or kind not in OTHER_NAMES:
        return aid or None
    aid = OTHER_NAMES[kind].format(country_name(country))
    table = actor_table()
    if aid not in table:  # a country outside nationalities.tsv: known from now on (inter 1)
        table[aid] = Actor(aid, aid[6:], "1", country, None, None)
    return aid


@lru_cache(maxsize=64)
def default_forces(kind: str, day: date | None) -> str | None:
    """A generic word's id when neither the text nor the country says whose forces: the
    ``default`` rows of state_forces.tsv (the country the corpus speaks of most)."""
    return _listed_forces("default", kind, day, None) or _listed_forces("*", kind, day, None) or None


# ---------------------------------------------------------------- matchers


def _acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters) and len(letters) <= 4


@lru_cache(maxsize=1)
def _generic_words() -> dict[str, tuple[str, bool]]:
    return {fold(r["alias"]).strip(): (r["kind"], r["bare"] == "yes") for r in read_tsv("generic_forces.tsv")}


@lru_cache(maxsize=1)
def nationality_forms() -> tuple[tuple[str, str, str], ...]:
    """(country, lang, surface) for every form of every nationality adjective.

    Arabic rows give the masculine singular nisba ("تركي"); its feminine, dual and sound
    plural forms (تركية، تركيان، تركيين، تركيون، تركيتان، تركيتين) are made here.
    """
    out = []
    for r in read_tsv("nationalities.tsv"):
        adj = r["adjective"].strip()
        out.append((r["country"], r["lang"], adj))
        if r["lang"] == "ar" and adj.endswith("ي"):
            for ending in ("ة", "ان", "ين", "ون", "تان", "تين"):
                out.append((r["country"], r["lang"], adj + ending))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Entry:
    """What one surface form may be: an actor alias, a nationality adjective, or both."""

    alias: _Alias | None = None
    adjective: tuple[str, ...] = ()  # explicit ids, then "@ISO3" nations


@lru_cache(maxsize=1)
def _matcher() -> Matcher[_Entry]:
    """One automaton for actor aliases (actors.tsv, actors_other.tsv, actor_aliases_extra.tsv),
    generic force words, stoplist phrases and nationality adjectives."""
    aliases: dict[str, list[str]] = {}
    surfaces: dict[str, list[str]] = {}
    for r in _actor_rows():
        for col in ("aliases_ar", "aliases_en"):
            for a in r[col].split("|"):
                if a.strip():
                    aliases.setdefault(a.strip(), []).append(r["id"])
    for r in read_tsv("actor_aliases_extra.tsv"):
        aliases.setdefault(r["alias"], []).append(r["id"])
    for r in read_tsv("actor_stoplist.tsv"):
        aliases.setdefault(r["phrase"], []).insert(0, STOP)
    generic = _generic_words()
    entries: dict[str, _Alias] = {}
    for a, ids in aliases.items():
        key = fold(a).strip()
        surfaces.setdefault(key, []).append(a)
        prev = entries.get(key)
        merged = tuple(dict.fromkeys((prev.ids if prev else ()) + tuple(ids)))
        kind, bare = generic.get(key, (None, True))
        acronym = all(_acronym(s) for s in surfaces[key])
        entries[key] = _Alias(merged, kind, bare, acronym)
    for key, (kind, bare) in generic.items():
        if key not in entries:
            entries[key] = _Alias((), kind, bare)
    adjs: dict[str, list[str]] = {}
    for country, _lang, form in nationality_forms():
        adjs.setdefault(fold(form).strip(), []).append("@" + country)
    for r in read_tsv("actor_adjectives.tsv"):
        adjs.setdefault(fold(r["adjective"]).strip(), []).insert(0, r["id"])
    keys = set(entries) | set(adjs)
    return Matcher(((k, _Entry(entries.get(k), tuple(dict.fromkeys(adjs.get(k, ()))))) for k in keys), proclitics=True)


def _pick(ids: tuple[str, ...], day: date | None) -> str | None:
    table = actor_table()
    valid = [i for i in ids if i in table and table[i].valid_on(day)]
    return valid[0] if valid else None


def _adjective_id(value: tuple[str, ...], day: date | None) -> tuple[str | None, str | None]:
    """(actor id, nation) of an adjective: an explicit id, else the military of its nation."""
    nation = next((v[1:] for v in value if v.startswith("@")), None)
    explicit = _pick(tuple(v for v in value if not v.startswith("@")), day)
    if explicit:
        return explicit, nation
    return (state_forces(nation, "military", day, own=True) if nation else None), nation


def _adjacent(text: str, a: int, b: int) -> bool:
    """Only spaces, strike modifiers ("الطيران الحربي السوري", "القوات الخاصة الأمريكية") and
    the article of the second word stand between ``a`` and ``b``."""
    gap = text[a:b].removesuffix("ال")
    if gap.strip() and not gap[-1].isspace():
        return False
    words = gap.split()
    return len(words) <= 1 and all(w in _modifiers() for w in words)


@lru_cache(maxsize=1)
def _modifiers() -> frozenset[str]:
    """Words that may stand between a force word and its nationality adjective (the
    "force_modifier" rows of role_cues.tsv)."""
    return frozenset(fold(r["cue"]).strip() for r in read_tsv("role_cues.tsv") if r["role"] == "force_modifier")


def find_actors(nt: NormText, published: date | None) -> list[ActorMention]:
    """Actor names and nationality adjectives in the text, resolved to ids valid on ``published``."""
    text = nt.text
    found = _matcher().find(text)
    name_matches = [Match(m.start, m.end, m.key, m.value.alias) for m in found if m.value.alias is not None]
    adj_matches = [Match(m.start, m.end, m.key, m.value.adjective) for m in found
                   if m.value.alias is None and m.value.adjective]
    adj_at_start = {m.start: m for m in adj_matches}
    adj_at_end = {m.end: m for m in adj_matches}
    out: list[ActorMention] = []
    taken: set[int] = set()

    def emit(start: int, end: int, aid: str, **kw: object) -> None:
        s, e = nt.to_original(start, end)
        out.append(ActorMention(Span(s, e, nt.original[s:e]), aid, **kw))  # type: ignore[arg-type]

    for m in name_matches:
        alias: _Alias = m.value
        if STOP in alias.ids:
            taken.update(range(m.start, m.end))
            continue
        if alias.acronym and not nt.original[slice(*nt.to_original(m.start, m.end))].isupper():
            continue  # "IS", "US" are acronyms; "is", "us" are words
        if alias.kind is not None:
            nat = _nation_of_generic(text, m, adj_at_start, adj_at_end)
            if nat is not None:
                qualifier, nation_of = nat
                aid = state_forces(nation_of, alias.kind, published, own=True)
                if aid:
                    start, end = min(m.start, qualifier.start), max(m.end, qualifier.end)
                    emit(start, end, aid)
                    taken.update(range(start, end))
                    continue
            if not alias.bare:
                continue
            aid = _pick(alias.ids, published) or default_forces(alias.kind, published)
            if aid:
                emit(m.start, m.end, aid, generic=alias.kind, day=published)
                taken.update(range(m.start, m.end))
            continue
        aid = _pick(alias.ids, published)
        if aid:
            emit(m.start, m.end, aid)
            taken.update(range(m.start, m.end))
    name_ends = {a.span.end for a in out}
    for am in adj_matches:
        if any(i in taken for i in range(am.start, am.end)):
            continue
        adj_id, nation = _adjective_id(am.value, published)
        if not adj_id:
            continue
        # "القوات السورية والروسية": an adjective joined to a force's name names a force too
        s, _ = nt.to_original(am.start, am.end)
        joined = any(nt.original[e:s].strip() in ("و", "وال", "and") for e in name_ends if 0 < s - e <= 5)
        emit(am.start, am.end, adj_id, adjective=not joined, country=nation)
    out.sort(key=lambda a: a.span.start)
    return out


def _nation_of_generic(text: str, m: Match[_Alias], adj_at_start: dict[int, Match], adj_at_end: dict[int, Match]
                       ) -> tuple[Match, str] | None:
    """The nationality adjective that qualifies a generic word: after it in Arabic ("الشرطة
    الإيطالية"), before it in English ("Italian police")."""
    am = None
    if "\u0600" <= text[m.start] <= "\u06ff":
        am = next((adj_at_start[p] for p in range(m.end + 1, m.end + 26) if p in adj_at_start and _adjacent(text, m.end, p)), None)
    elif text[m.start].isascii():
        am = next((adj_at_end[p] for p in range(m.start - 1, m.start - 4, -1) if p in adj_at_end and _adjacent(text, p, m.start)), None)
    if am is None:
        return None
    nation = next((v[1:] for v in am.value if v.startswith("@")), None)
    return (am, nation) if nation else None
