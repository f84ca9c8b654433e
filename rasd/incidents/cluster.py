"""Group events into incidents, deterministically, and take merges back.

:func:`link_incidents` compares candidate pairs (same country and type, dates
close enough to possibly match) with :func:`rasd.incidents.rules.compare`, then
merges greedily, best-scoring pair first (ties broken by the event ids). Two
groups are merged only when **every** event of one is linked with **every**
event of the other (complete linkage) and no article would contribute two
events, so a chain of pairwise-similar reports cannot drift from Hajin to a town
40 km away. The input is sorted first and every tie is broken by ids, so the
incidents depend only on the set of events, never on their order.

:func:`split` takes one event out of an incident (an analyst's undo) and returns
the incident without it, the event as a new single-event incident and, on both,
an :class:`~rasd.incidents.model.Undo` record with the reason; passing undo
records to :func:`link_incidents` keeps a rebuild from merging them again.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from rasd.incidents.duplicates import DuplicateLink
from rasd.incidents.model import EventRef, Incident, Member, Undo, incident_id
from rasd.incidents.rules import DEFAULT_POLICY, GENERIC_ACTORS, Facts, Policy, Verdict, compare, may_match

#: the §8 fields an incident takes from its representative event
RECORD_FIELDS = ("event_type", "sub_event_type", "actor1", "assoc_actor1", "actor2", "country", "admin1",
                 "admin1_code", "admin2", "admin3", "location", "location_ar", "latitude", "longitude",
                 "geo_precision", "event_date", "time_precision", "fatalities", "civilian_targeting")

Pair = tuple[str, str]


def _pair(x: str, y: str) -> Pair:
    return (x, y) if x <= y else (y, x)


def _int(rec: Mapping[str, Any], key: str, default: int = 3) -> int:
    v = rec.get(key)
    return v if isinstance(v, int) else default


def _similarities(duplicates: Iterable[DuplicateLink | tuple[str, str, float]]) -> dict[Pair, float]:
    out: dict[Pair, float] = {}
    for link in duplicates:
        a, b, sim = (link.a, link.b, link.similarity) if isinstance(link, DuplicateLink) else link
        key = _pair(a, b)
        out[key] = max(sim, out.get(key, 0.0))
    return out


def _apart_pairs(apart: Iterable[Undo | tuple[str, str]]) -> set[Pair]:
    out: set[Pair] = set()
    for item in apart:
        if isinstance(item, Undo):
            out.update(item.pairs())
        else:
            out.add(_pair(*item))
    return out


def _candidate_pairs(refs: list[EventRef], policy: Policy) -> Iterable[tuple[EventRef, EventRef]]:
    """Pairs that could match: same country and type, different articles, and passing the quick
    date and place pre-check (:func:`rasd.incidents.rules.may_match`).

    Day- and span-dated events are swept in date order within the widest day window;
    month-dated ones are paired with every event of their month.
    """
    groups: dict[tuple[str, str], list[tuple[date, Facts, EventRef]]] = {}
    for r in refs:
        f = Facts.of(r.record)
        if f.day is not None:
            key = (str(r.record.get("country") or ""), str(r.record.get("event_type") or ""))
            groups.setdefault(key, []).append((f.day, f, r))
    window = max(policy.days_day, policy.days_span)
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda t: (t[0], t[2].event_id))
        precise = [t for t in items if t[1].time_precision < 3]
        for i, (di, fi, ri) in enumerate(precise):
            for dj, fj, rj in precise[i + 1:]:
                if (dj - di).days > window:
                    break
                if ri.article_id != rj.article_id and may_match(fi, fj, policy):
                    yield ri, rj
        by_month: dict[tuple[int, int], list[tuple[date, Facts, EventRef]]] = {}
        for t in items:
            by_month.setdefault((t[0].year, t[0].month), []).append(t)
        for dm, fm, rm in items:
            if fm.time_precision < 3:
                continue
            for _, fo, ro in by_month[(dm.year, dm.month)]:
                if ro is rm or (fo.time_precision == 3 and ro.event_id < rm.event_id):
                    continue
                if rm.article_id != ro.article_id and may_match(fm, fo, policy):
                    yield rm, ro


def link_incidents(events: Iterable[EventRef], *, duplicates: Iterable[DuplicateLink | tuple[str, str, float]] = (),
                   apart: Iterable[Undo | tuple[str, str]] = (), policy: Policy = DEFAULT_POLICY) -> list[Incident]:
    """Group ``events`` into incidents (every event is in exactly one; most are alone).

    ``duplicates``: near-duplicate article links (:func:`rasd.incidents.near_duplicates`);
    ``apart``: undo records or event-id pairs that must stay in different incidents.
    Incidents are returned sorted by date, then id.
    """
    refs = sorted(events, key=lambda r: r.event_id)
    for x, y in itertools.pairwise(refs):
        if x.event_id == y.event_id:
            raise ValueError(f"event id {x.event_id!r} given twice")
    sims = _similarities(duplicates)
    apart = list(apart)
    undos = [u for u in apart if isinstance(u, Undo)]
    blocked = _apart_pairs(apart)
    linked: dict[Pair, Verdict] = {}
    for a, b in _candidate_pairs(refs, policy):
        key = _pair(a.event_id, b.event_id)
        if key in blocked:
            continue
        v = compare(a, b, sims.get(_pair(a.article_id, b.article_id)), policy, explain=False)
        if v.linked:
            linked[key] = v
    groups = _complete_linkage(refs, linked)
    by_id = {r.event_id: r for r in refs}
    incidents = [build_incident([by_id[e] for e in g], sims, undos=undos, policy=policy) for g in groups]
    return sorted(incidents, key=lambda inc: (str(inc.record.get("event_date") or ""), inc.id))


def _complete_linkage(refs: list[EventRef], linked: dict[Pair, Verdict]) -> list[list[str]]:
    """Greedy merging, best pair first: two groups join only if every cross pair is linked."""
    group_of: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    articles: dict[int, set[str]] = {}
    for i, r in enumerate(refs):
        group_of[r.event_id] = i
        members[i] = [r.event_id]
        articles[i] = {r.article_id}
    for (x, y), _v in sorted(linked.items(), key=lambda kv: (-kv[1].score, kv[0])):
        gx, gy = group_of[x], group_of[y]
        if gx == gy or articles[gx] & articles[gy]:
            continue
        if not all(_pair(p, q) in linked for p in members[gx] for q in members[gy]):
            continue
        keep, gone = min(gx, gy), max(gx, gy)
        for e in members[gone]:
            group_of[e] = keep
        members[keep].extend(members.pop(gone))
        articles[keep] |= articles.pop(gone)
    return [sorted(m) for _, m in sorted(members.items())]


def _rep_key(r: EventRef) -> tuple[int, int, int, int, str]:
    """Most precise place, then day, then most named actors, then a toll given, then id."""
    rec = r.record
    named = sum(1 for k in ("actor1", "assoc_actor1", "actor2") if rec.get(k) and rec.get(k) not in GENERIC_ACTORS)
    toll = rec.get("fatalities")
    return (_int(rec, "geo_precision"), _int(rec, "time_precision"), -named,
            0 if isinstance(toll, int) and toll > 0 else 1, r.event_id)


def incident_toll(refs: Iterable[EventRef]) -> int:
    """The incident's fatalities: the lowest toll any member gives (CODEBOOK §6), 0 when none gives one."""
    tolls = [t for r in refs if isinstance(t := r.record.get("fatalities"), int) and t > 0]
    return min(tolls) if tolls else 0


def build_incident(refs: list[EventRef], similarities: Mapping[Pair, float] | None = None, *,
                   undos: Iterable[Undo] = (), policy: Policy = DEFAULT_POLICY) -> Incident:
    """The incident made of ``refs`` (already known to belong together): id, representative, reasons."""
    if not refs:
        raise ValueError("an incident has at least one event")
    sims = dict(similarities or {})
    refs = sorted(refs, key=lambda r: r.event_id)
    ids = {r.event_id for r in refs}
    rep = min(refs, key=_rep_key)
    own = tuple(u for u in undos if u.event_id in ids or ids & set(u.apart_from))
    members = []
    for r in refs:
        if r is rep:
            split_off = [u for u in own if u.event_id == r.event_id]
            if len(refs) == 1 and split_off:
                reason = f"split from {split_off[-1].incident_id}: {split_off[-1].reason}"
            else:
                reason = (f"representative: the most precise report (geo precision {_int(r.record, 'geo_precision')}, "
                          f"time precision {_int(r.record, 'time_precision')})")
        else:
            v = compare(rep, r, sims.get(_pair(rep.article_id, r.article_id)), policy)
            reason = f"matches {rep.event_id}: {v.reason}" if v.linked else \
                f"linked to the other members; against {rep.event_id} alone: {v.reason}"
        members.append(Member.of(r, reason))
    articles = {r.article_id for r in refs}
    iid = incident_id(ids)
    record: dict[str, Any] = {k: rep.record.get(k) for k in RECORD_FIELDS}
    record["fatalities"] = incident_toll(refs)
    record.update(incident_id=iid, representative=rep.event_id,
                  sources=sorted({r.source for r in refs if r.source}), n_events=len(refs), n_articles=len(articles))
    own_sims = {k: v for k, v in sims.items() if k[0] in articles and k[1] in articles}
    return Incident(iid, tuple(members), rep.event_id, record, own, own_sims)


def split(incident: Incident, event_id: str, reason: str = "undone by hand", *,
          policy: Policy = DEFAULT_POLICY) -> tuple[Incident, Incident]:
    """Take ``event_id`` out of ``incident``: (the incident without it, the event alone).

    Both carry the :class:`Undo` record (its ``reason``, the old incident id and the
    events it is now kept apart from); the single event's member reason says
    ``split from <old id>: <reason>``. Ids follow the new memberships.
    """
    member = incident.member(event_id)
    if len(incident.members) == 1:
        raise ValueError(f"incident {incident.id} has only event {event_id!r}: nothing to split")
    rest = [m.ref() for m in incident.members if m.event_id != event_id]
    undo = Undo(event_id, incident.id, reason, tuple(sorted(r.event_id for r in rest)))
    undos = incident.undos + (undo,)
    without = build_incident(rest, incident.similarities, undos=undos, policy=policy)
    alone = build_incident([member.ref()], {}, undos=undos, policy=policy)
    return without, alone


def explain(a: EventRef, b: EventRef, similarity: float | None = None, policy: Policy = DEFAULT_POLICY) -> str:
    """One line: whether and why ``a`` and ``b`` would be merged."""
    v = compare(a, b, similarity, policy)
    return ("merge: " if v.linked else "apart: ") + v.reason
