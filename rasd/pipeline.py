"""Extraction pipeline: one article -> CODEBOOK events and trend signals.

Stages (each a module of its own):

1. ``text``     — normalise a copy with an offset map (de-obfuscation, folding), drop
                  boilerplate lines, split sentences;
2. ``mentions`` — triggers, actors (date-bounded ids), places (gazetteer), dates
                  (resolved against the publication date), casualty counts, sentence cues;
3. ``events``   — candidates: each triggering sentence read with its place and day
                  (``propose``); the specific-incident model scores them
                  (``events.features``); trend statements become signals; kept
                  candidates are aggregated to one event per type, place and day.

``extract(article)`` runs them; every evidence span slices ``article.text`` exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from rasd.events import coder, features, roles
from rasd.geo.resolve import resolve_places
from rasd.mentions.actors import actor_table, find_actors
from rasd.mentions.cues import cue_positions
from rasd.mentions.dates import find_dates
from rasd.mentions.numbers import find_casualties
from rasd.mentions.places import find_places
from rasd.mentions.triggers import find_triggers
from rasd.model import Article, Evidence, Result, Signal, Span
from rasd.text.boilerplate import content_ranges
from rasd.text.normalise import NormText, normalise
from rasd.text.sentences import split_sentences

#: incidents recalled from longer ago than this are background, not events (CODEBOOK §1)
MAX_AGE_DAYS = 366


@dataclass(frozen=True, slots=True)
class Mentions:
    """All mentions of an article, each list sorted by start offset."""

    triggers: list[Any]
    actors: list[Any]
    places: list[Any]
    dates: list[Any]
    casualties: list[Any]
    cues: list[tuple[int, str]]


@dataclass(slots=True)
class Candidate:
    """A possible event (a trigger read with its place and day) and its features."""

    draft: coder.Draft
    features: dict[str, float]
    probability: float = 0.0
    confident: bool = False  # the rules alone are sure (English: see _confident_en)
    sole_incident: bool = False  # a decisive cue with its own date and no trend/plan/talk cue

    def kept(self, limit: float) -> bool:
        return self.confident or self.probability >= limit


@dataclass(frozen=True, slots=True)
class TitleInfo:
    places: list[Any]
    types: set[str]


def extract(article: Article, *, min_probability: float | None = None) -> Result:
    """Extract the events and signals of one article (see the module docstring)."""
    cands, signals = candidates(article)
    limit = features.threshold() if min_probability is None else min_probability
    events = tuple(coder.to_event(article, d) for d in coder.aggregate(select(cands, limit)))
    return Result(article=article, events=events, signals=tuple(signals))


#: the sole dated incident of an article is kept down to this share of the threshold
SOLE_INCIDENT_SHARE = 0.4


def select(cands: list[Candidate], limit: float) -> list[coder.Draft]:
    """The candidates that are events: those the model (or, in English, the rules) accepts.

    An article in which nothing passes may still report one incident plainly: when its
    one best candidate has a decisive cue, its own date and no trend/plan/talk cue, it is
    kept at a lower bar (an analysis piece with a single dated raid, like the seed).
    """
    kept = [c.draft for c in cands if c.kept(limit)]
    if kept:
        _attach_tolls(kept, [c.draft for c in cands if not c.kept(limit)])
        return kept
    sole = [c for c in cands if c.sole_incident and c.probability >= limit * SOLE_INCIDENT_SHARE]
    if not sole:
        return []
    best = max(sole, key=lambda c: c.probability)
    return [c.draft for c in sole if c.draft.sub_event_type == best.draft.sub_event_type
            and c.draft.sentence == best.draft.sentence]


def _toll_after(sm: coder.SentenceMentions, ctx: "_ArticleContext", sub: str) -> tuple[int, Any | None]:
    """"… a chlorine attack on Saturday night. Two children died, they said.": the toll of the next
    sentence, when it names no other place, day or kind of incident."""
    nxt = ctx.sentences[sm.index + 1] if sm.index + 1 < len(ctx.sentences) else None
    if nxt is None or nxt.dates or nxt.places:
        return 0, None
    if any(not t.sub_event_type.startswith("*") and coder.event_type_of(t.sub_event_type) != coder.event_type_of(sub)
           for t in nxt.triggers):
        return 0, None
    return coder.choose_fatalities(nxt, sub)


def _attach_tolls(kept: list[coder.Draft], rest: list[coder.Draft]) -> None:
    """"… recaptured the village on Sunday. Three soldiers were killed in the battle.": a toll in
    the sentence right after an event, about the same kind of incident at the same place and
    with no date of its own, is that event's toll."""
    for d in rest:
        if d.fatalities <= 0 or d.date_source == "sentence":
            continue
        for k in kept:
            if k.sentence == d.sentence - 1 and coder.same_incident_kind(k, d) and k.fatalities < d.fatalities:
                k.fatalities = d.fatalities
                k.evidence.extend(e for e in d.evidence if e.role == "fatalities" and e not in k.evidence)


def candidates(article: Article, *, weights: dict[str, float] | None = None) -> tuple[list[Candidate], list[Signal]]:
    """Every candidate event of the article, scored, and the trend signals."""
    nt = normalise(article.text)
    mentions = find_mentions(article, nt)
    title = title_info(article.title)
    sentences = sentence_mentions(article.text, mentions)
    cands, signals = propose(article, sentences, mentions, title)
    _date_by_written(cands)
    _add_repetition(cands)
    if weights is None and features.model_available():
        weights = features.weights()
    for c in cands:
        c.probability = features.incident_probability(c.features, weights) if weights else 1.0
        if c.features.get("lang=en"):
            c.probability = min(c.probability, 0.0)  # English: the rules decide (see _confident_en)
    return cands, signals


#: a written date carries back to other mentions of the same incident made up to this many days later
WRITTEN_DATE_REACH = 30


def _date_by_written(cands: list[Candidate]) -> None:
    """"the chemical attack … today inspectors arrived" vs "the attack on 7 April": where the
    article writes out the day of an incident, other mentions of the same kind of incident at the
    same place, dated only relatively (today, this week) or not at all, take that day."""
    written: dict[tuple[str, str], coder.Draft] = {}
    for c in cands:
        d = c.draft
        if d.date_written and d.day:
            key = (d.sub_event_type, coder.place_key(d.place))
            if key not in written or d.day < written[key].day:  # type: ignore[operator]
                written[key] = d
    for c in cands:
        d = c.draft
        w = written.get((d.sub_event_type, coder.place_key(d.place)))
        if w is None or d.date_written or d is w or not d.day or not w.day:
            continue
        if d.date_source == "sentence" and w.sentence > d.sentence and not _definite_trigger(d):
            continue  # "a bomber blew himself up on Saturday" in the lead, "the attack of 25 January" further down  # (a day written further down belongs to an earlier incident the article recalls)
        if 0 < (d.day - w.day).days <= WRITTEN_DATE_REACH:
            d.day, d.time_precision = w.day, w.time_precision


def _definite_trigger(d: coder.Draft) -> bool:
    """Whether the draft's trigger is a definite noun ("الهجوم الكيميائي", "the attack"): an incident
    the reader already knows of, rather than one the sentence reports ("فجر انتحاري نفسه")."""
    trig = next((e.span.text for e in d.evidence if e.role == "trigger"), "")
    return trig.startswith(("ال", "وال", "بال", "فال", "لل", "the ", "The "))


def _add_repetition(cands: list[Candidate]) -> None:
    """How often the article comes back to the same kind of incident at the same place."""
    by_type: dict[str, int] = {}
    by_type_place: dict[tuple[str, str], int] = {}
    for c in cands:
        et = coder.event_type_of(c.draft.sub_event_type).value
        by_type[et] = by_type.get(et, 0) + 1
        key = (et, c.draft.place.admin1_code or "")
        by_type_place[key] = by_type_place.get(key, 0) + 1
    for c in cands:
        et = coder.event_type_of(c.draft.sub_event_type).value
        c.features.update(features.repetition_features(by_type[et], by_type_place[(et, c.draft.place.admin1_code or "")]))


def title_info(title: str) -> TitleInfo:
    if not title:
        return TitleInfo([], set())
    tnt = normalise(title)
    types = {coder.event_type_of(t.sub_event_type).value for t in find_triggers(tnt) if not t.sub_event_type.startswith("*")}
    return TitleInfo(resolve_places(find_places(tnt)), types)


LOCATIVE = frozenset({"في", "على", "علي", "قرب", "الى", "إلى", "من", "داخل", "حول", "باتجاه", "نحو", "عن", "بين", "شرق", "غرب",
                       "شمال", "جنوب", "in", "at", "near", "on", "into", "from", "outside", "around", "across", "of"})


def _place_not_actor(text: str, place: Any, actors: list[Any]) -> bool:
    """A name that is an actor here ("دمشق تتهم", "Moscow said") is no place, unless a
    locative word or clitic stands before it ("في دمشق", "بدمشق")."""
    s, e = place.span.start, place.span.end
    if not any(a.span.start < e and s < a.span.end for a in actors):
        return True
    if s > 0 and text[s - 1] in "بل":
        return True
    before = text[max(0, s - 12):s].split()
    return bool(before) and before[-1].strip("،,.") in LOCATIVE


def _outside_names(text: str, triggers: list[Any], actors: list[Any]) -> list[Any]:
    """Drop trigger words inside an actor's name ("تحرير" in "هيئة تحرير الشام", "Liberation" in
    "Kurdistan Liberation Army"): the name is not the event. A trigger at the edge of an actor
    phrase ("Russian jets", "الطائرات الإسرائيلية") is the event's own word and stays."""
    spans = [(a.span.start, a.span.end) for a in actors if not a.adjective]
    def inside(t: Any, s: int, e: int) -> bool:
        return s <= t.span.start and t.span.end <= e and " " in text[s:t.span.start] and " " in text[t.span.end:e]
    return [t for t in triggers if not any(inside(t, s, e) for s, e in spans)]


def find_mentions(article: Article, nt: NormText) -> Mentions:
    actors = find_actors(nt, article.published)
    places = [p for p in resolve_places(find_places(nt)) if _place_not_actor(article.text, p, actors)]
    cues = sorted((nt.index[pos] if pos < len(nt.index) else len(nt.original), kind)
                  for kind, positions in cue_positions(nt.text).items() for pos in positions)
    return Mentions(
        triggers=_outside_names(article.text, find_triggers(nt), actors),
        actors=actors,
        places=sorted(places, key=lambda p: p.span.start),
        dates=inherit_years(sorted(find_dates(nt, article.published), key=lambda d: d.start), article.published),
        casualties=sorted(find_casualties(nt, attackers=True), key=lambda c: c.start),
        cues=cues,
    )


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: how far back a written year carries over to dates written without one
YEAR_REACH = 400


def inherit_years(dates: list[Any], published: date | None) -> list[Any]:
    """"in late March 2017 … on 24 March": a date written without its year takes the year
    of the last date written with one shortly before it (the finder would otherwise take
    the most recent 24 March before publication)."""
    out: list[Any] = []
    last_year: tuple[int, int] | None = None  # (year, end offset)
    for d in dates:
        m = _YEAR.search(d.text)
        if m:
            last_year = (int(m.group(0)), d.end)
        elif not d.relative and last_year and d.start - last_year[1] <= YEAR_REACH and d.date.year != last_year[0]:
            try:
                moved = d.date.replace(year=last_year[0])
            except ValueError:
                moved = None
            if moved is not None and (published is None or moved <= published):
                d = replace(d, date=moved)
        out.append(d)
    return out


def _start(m: Any) -> int:
    return m.span.start if hasattr(m, "span") else m.start


def _slicer(items: list[Any], key: Any = _start) -> Any:
    """A function giving the items (sorted by start) that start within [start, end)."""
    starts = [key(m) for m in items]
    return lambda start, end: items[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def sentence_mentions(text: str, m: Mentions) -> list[coder.SentenceMentions]:
    triggers, actors, places = _slicer(m.triggers), _slicer(m.actors), _slicer(m.places)
    dates, casualties, cues_in = _slicer(m.dates), _slicer(m.casualties), _slicer(m.cues, key=lambda c: c[0])
    out = []
    for i, (start, end) in enumerate(_content_sentences(text)):
        cues: dict[str, list[int]] = {}
        for pos, kind in cues_in(start, end):
            cues.setdefault(kind, []).append(pos)
        out.append(coder.SentenceMentions(
            span=Span.of(text, start, end), index=i, triggers=triggers(start, end), actors=actors(start, end),
            places=places(start, end), dates=dates(start, end), casualties=casualties(start, end), cues=cues,
        ))
    return out


def _content_sentences(text: str) -> list[tuple[int, int]]:
    ranges = content_ranges(text)
    return [(s.start, s.end) for s in split_sentences(text) if any(a <= s.start and s.end <= b for a, b in ranges)]


@dataclass(slots=True)
class _Discourse:
    """What the text has established so far: the last places and date named."""

    places: list[Any]
    date: Any | None
    date_sentence: int = -1  # the sentence the date was named in
    places_sentence: int = -1  # the sentence the places were named in


#: a date named this many sentences back still sets the scene
DATE_REACH_SENTENCES = 1
#: places named this many sentences back still set the scene
PLACE_REACH_SENTENCES = 1


class _LiveInter(Mapping[str, str]):
    """Actor id -> ACLED inter code, read from the actor table at each lookup.

    ``state_forces`` adds an "OTHER:Police Forces of X" actor the first time it meets a
    country outside the lists; a copy taken when an article starts would know it only if an
    earlier article had met it, and an article's events would depend on what the process
    read before it (seen as a Spark/single-process mismatch). Read live, the id is known
    wherever it can be looked up: it only appears after it was made."""

    def __getitem__(self, key: str) -> str:
        return actor_table()[key].inter

    def __iter__(self) -> Iterator[str]:
        return iter(actor_table())

    def __len__(self) -> int:
        return len(actor_table())


def propose(article: Article, sentences: list[coder.SentenceMentions], mentions: Mentions,
            title: TitleInfo) -> tuple[list[Candidate], list[Signal]]:
    """Candidates from every triggering sentence, and signals from trend statements."""
    ctx = _ArticleContext(
        article=article, mentions=mentions, title=title, n_sentences=len(sentences), sentences=sentences,
        inter=_LiveInter(),
        fallback=coder.main_place(mentions.places, title.places),
        n_trig=sum(1 for sm in sentences if any(not t.sub_event_type.startswith("*") for t in sm.triggers)),
        lang=article.language or ("ar" if any("\u0600" <= ch <= "\u06ff" for ch in article.text[:400]) else "en"),
    )
    state = _Discourse([], None)
    out: list[Candidate] = []
    signals: list[Signal] = []
    for sm in sentences:
        here = coder.event_places(sm.places, article.text)
        readings = _readings(sm, ctx, here, state)
        if readings and "trend" in sm.cues and not sm.dates and not sm.casualties:
            # a statement about a pattern ("ISIS has stepped up its attacks"): a signal, never an event
            sig = coder.signal_of(article, sm, readings[0][0], here[0] if here else ctx.fallback)
            if sig:
                signals.append(sig)
            readings = []
        for k, (sub, score, trigger) in enumerate(readings):
            out.extend(_candidates_of(sm, ctx, here, state, sub, score, trigger, secondary=k > 0))
        _advance(state, here, sm, article.published)
    return out, signals


@dataclass(frozen=True, slots=True)
class _ArticleContext:
    article: Article
    mentions: Mentions
    title: TitleInfo
    n_sentences: int
    sentences: list[coder.SentenceMentions]
    inter: Mapping[str, str]
    fallback: Any | None
    n_trig: int
    lang: str


#: event types a sentence may report beside its main one ("clashes ... then a truce was brokered")
SECONDARY_TYPES = ("Strategic developments",)


def _readings(sm: coder.SentenceMentions, ctx: _ArticleContext, here: list[Any], state: "_Discourse") -> list[tuple[str, float, Any]]:
    """The sub-types a sentence reports: the main one, and a decisive cue of another type."""
    country = _country_of(here, state, ctx.fallback)
    sub, score, trigger = coder.choose_sub_type(sm, None, ctx.inter)
    if sub is None:
        return []
    a1, _, a2 = roles.choose_actors(sm, trigger, sub, ctx.inter, country=country)
    sub, score, trigger = coder.choose_sub_type(sm, a2, ctx.inter, a1)
    if sub is None:
        return []
    out = [(sub, score, trigger)]
    main_type = coder.event_type_of(sub).value
    if main_type in ("Protests", "Riots"):
        return out  # arrests of protesters, dispersal: the intervention is part of the protest
    for et in SECONDARY_TYPES:
        if et == main_type:
            continue
        decisive = [t for t in sm.triggers if not t.sub_event_type.startswith("*") and t.weight >= DECISIVE
                    and coder.event_type_of(t.sub_event_type).value == et]
        if decisive:
            part = replace(sm, triggers=[t for t in sm.triggers if t.sub_event_type.startswith("*")
                                         or coder.event_type_of(t.sub_event_type).value == et])
            s2, sc2, t2 = coder.choose_sub_type(part, a2, ctx.inter, a1)
            if s2 is not None and coder.event_type_of(s2).value == et:
                out.append((s2, sc2, t2))
    return out


_JOINED_DAYS = re.compile(r"^[^.؟?!]{0,60}?(?:\band\b|\bthen\b|\bو|ثم)", re.IGNORECASE)


def _joined_days(sm: coder.SentenceMentions, text: str) -> list[Any]:
    """"clashes on Monday and again on Tuesday", "يومي الاثنين والثلاثاء": days joined by "and"
    in one sentence are one event each (CODEBOOK §1)."""
    days = [d for d in sm.dates if d.precision == 1]
    if len(days) < 2 or len({d.date for d in days}) < 2:
        return []
    for a, b in zip(days, days[1:]):
        if not _JOINED_DAYS.match(text[a.end:b.start]):
            return []
    return days


def _candidates_of(sm: coder.SentenceMentions, ctx: _ArticleContext, here: list[Any], state: "_Discourse",
                   sub: str, score: float, trigger: Any, *, secondary: bool) -> list[Candidate]:
    """One candidate per place (and per day, for days joined by "and") of one reading of a sentence."""
    days = _joined_days(sm, ctx.article.text)
    if days:
        out: list[Candidate] = []
        for d in days:
            out.extend(_candidates_at(replace(sm, dates=[d]), ctx, here, state, sub, score, trigger, secondary=secondary))
        return out
    return _candidates_at(sm, ctx, here, state, sub, score, trigger, secondary=secondary)


def _candidates_at(sm: coder.SentenceMentions, ctx: _ArticleContext, here: list[Any], state: "_Discourse",
                   sub: str, score: float, trigger: Any, *, secondary: bool) -> list[Candidate]:
    """One candidate per place of one reading of a sentence."""
    article, mentions, title, fallback = ctx.article, ctx.mentions, ctx.title, ctx.fallback
    a1, assoc, a2 = roles.choose_actors(sm, trigger, sub, ctx.inter, country=_country_of(here, state, fallback))
    if _irrealis_before(sm, trigger):
        return []
    date_m = _nearest(sm.dates, trigger)
    scene_date = state.date if sm.index - state.date_sentence <= DATE_REACH_SENTENCES else None
    day, tprec, dsource = _day(date_m, scene_date, article.published)
    if day and article.published and ((article.published - day).days > MAX_AGE_DAYS or (day - article.published).days > 1):
        return []
    scene = state.places if sm.index - state.places_sentence <= PLACE_REACH_SENTENCES else []
    places, psource = (here, "sentence") if here else ((scene, "discourse") if scene else
                                                      (([fallback], "article") if fallback else ([], "none")))
    if not places:
        return []
    sentence_words = features.words_of(normalise(sm.span.text).text) if features.USE_WORDS else ()
    deaths, death_m = coder.choose_fatalities(sm, sub)
    if death_m is None:
        deaths, death_m = _toll_after(sm, ctx, sub)
    share = deaths // len(places)
    injured = any(c.kind == "injured" for c in sm.casualties)
    out = []
    for p in places:
        gprec = p.geo_precision if psource != "article" else 3
        draft = coder.Draft(
            sub_event_type=sub, place=p, geo_precision=gprec, day=day, time_precision=tprec,
            actor1=a1, assoc_actor1=assoc, actor2=a2, fatalities=share, score=score,
            evidence=_evidence(article.text, sm, trigger, p, date_m, death_m, a1, a2, p.country), date_source=dsource,
            sentence=sm.index, date_written=dsource == "sentence" and not date_m.relative,
        )
        f = features.candidate_features(
            sub=sub, score=score, trigger_key=trigger.span.text if ctx.lang == "en" else normalise(trigger.span.text).text,
            n_subs=len({t.sub_event_type for t in sm.triggers}), cues=sm.cues, trigger_start=trigger.span.start,
            date_source=dsource, date_precision=tprec, day=day, published=article.published,
            place_source=psource, place_kind=p.kind, geo_precision=gprec, country=p.country,
            n_places=len(here), killed=death_m is not None, injured=injured, actor1=a1, actor2=a2,
            sentence_index=sm.index, n_sentences=ctx.n_sentences, sentence_len=len(sm.span.text),
            language=ctx.lang, title_types=title.types, title_has_place=bool(title.places),
            article_trigger_sentences=ctx.n_trig,
            admin1_support=sum(1 for q in mentions.places if q.admin1_code == p.admin1_code) - 1,
            country_support=sum(1 for q in mentions.places if q.country == p.country) - 1,
            main_admin1=fallback is not None and fallback.admin1_code == p.admin1_code,
            title_admin1=any(q.admin1_code == p.admin1_code for q in title.places),
            title_place=any(q.name_en == p.name_en for q in title.places),
            name_len=len(p.span.text),
            words=sentence_words,
        )
        if secondary:
            f["secondary"] = 1.0
        sure = False if ctx.lang == "ar" else _confident_en(sm, trigger, psource)
        out.append(Candidate(draft, f, confident=sure, sole_incident=_plain_dated(sm, trigger, dsource)))
    return out


DECISIVE = 0.8


def _plain_dated(sm: coder.SentenceMentions, trigger: Any, dsource: str) -> bool:
    """A decisive cue with its own date, in a plain report (no trend, plan, talks or denial)."""
    if trigger.weight < DECISIVE or dsource != "sentence":
        return False
    return not ({"trend", "irrealis", "meeting", "negation"} & sm.cues.keys())


def _confident_en(sm: coder.SentenceMentions, trigger: Any, psource: str) -> bool:
    """English: the incident model is trained on Arabic reports only, so English candidates
    are decided by the rules: a clear cue placed in its own sentence, in a plain report."""
    if trigger.weight < 0.6 or psource != "sentence" or _irrealis_before(sm, trigger):
        return False
    return not ({"trend", "meeting"} & sm.cues.keys())


def _irrealis_before(sm: coder.SentenceMentions, trigger: Any) -> bool:
    """A threat, plan or condition governing the trigger ("threatened to strike", "إذا استمر القصف")."""
    if sm.casualties:
        return False
    return any(0 <= trigger.span.start - p <= 60 for p in sm.cues.get("irrealis", ()))


def _country_of(here: list[Any], state: "_Discourse", fallback: Any | None) -> str | None:
    """The country the sentence speaks of: its own places, else the scene set before, else the article's."""
    for places in (here, state.places):
        if places:
            return places[0].country
    return fallback.country if fallback is not None else None


def _advance(state: _Discourse, here: list[Any], sm: coder.SentenceMentions, published: date | None) -> None:
    if here:
        # a list of places ("in Idlib, Hama or Aleppo") sets no scene for what follows
        state.places, state.places_sentence = (here if len(here) <= 2 else []), sm.index
    past = [d for d in sm.dates if published is None or d.date <= published]
    if past:  # a date ahead of publication is a plan; it sets no scene for what follows
        state.date, state.date_sentence = past[-1], sm.index


def _evidence(text: str, sm: coder.SentenceMentions, trigger: Any, place: Any, date_m: Any, death_m: Any,
              a1: str | None, a2: str | None, country: str | None = None) -> list[Evidence]:
    ev = [Evidence("trigger", trigger.span)]
    if place in sm.places:
        ev.append(Evidence("location", place.span))
    if date_m is not None:
        ev.append(Evidence("date", Span.of(text, date_m.start, date_m.end)))
    if death_m is not None:
        ev.append(Evidence("fatalities", Span.of(text, death_m.start, death_m.end)))
    for role, actor in (("actor1", a1), ("actor2", a2)):
        span = next((a.span for a in sm.actors if roles.resolved_id(a, country) == actor), None)
        if span is not None:
            ev.append(Evidence(role, span))  # type: ignore[arg-type]
    return ev


def _nearest(dates: list[Any], trigger: Any) -> Any | None:
    if not dates or trigger is None:
        return None
    return min(dates, key=lambda d: abs(d.start - trigger.span.start))


def _day(here: Any | None, discourse: Any | None, published: date | None) -> tuple[date | None, int, str]:
    """The event day, its precision and where it came from (sentence, discourse, default)."""
    if here is not None:
        return here.date, here.precision, "sentence"
    if discourse is not None:
        return discourse.date, discourse.precision, "discourse"
    if published is None:
        return None, 1, "none"
    # a news report with no date speaks of the last day or two: the midpoint of that span
    return published - timedelta(days=1), 2, "default"
