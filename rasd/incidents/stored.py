"""Link the events of a store into incidents and save them (what ``rasd incidents`` runs).

Reads every event that is not ``rejected`` from a :class:`rasd.store.Store`, the
near-duplicate links between their articles, and the analyst's earlier undos;
runs :func:`rasd.incidents.link_incidents`; saves the incidents of two or more
events with each member's reason. Single events are not stored as incidents.

What is kept and what is redone:

* incidents made by something else (``method`` other than :data:`METHOD`, e.g. by
  hand) are left alone, and their events are not linked again;
* an event taken out of an incident (``undo_member``: its membership undone while
  the incident stayed active, or before it was undone) is never merged again with
  the events it was taken from (:class:`~rasd.incidents.Undo`); a whole incident
  undone at once is history, not a "keep apart" decision, because ``--rebuild``
  undoes incidents the same way;
* without ``rebuild``: a new incident is created when none of its events is in a
  stored incident; a stored incident all of whose events are in a new one gets
  the new members added (``extended``); anything else that disagrees with what is
  stored is kept as stored and counted (``kept``) — ``rebuild`` redoes it;
* with ``rebuild``: every active incident made by :data:`METHOD` is undone (kept
  as history) and all incidents are made afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from rasd.incidents.cluster import link_incidents
from rasd.incidents.duplicates import near_duplicates
from rasd.incidents.model import EventRef, Incident, Undo
from rasd.incidents.rules import DEFAULT_POLICY, Policy

if TYPE_CHECKING:
    from rasd.store import Incident as StoredIncident
    from rasd.store import Store

#: the ``method`` recorded on the incidents this module makes
METHOD = "rasd.incidents/1"
#: event review statuses that are linked (``rejected`` events are not)
LINKED_STATUSES = ("machine", "confirmed", "edited")


@dataclass(slots=True)
class StoreLinkReport:
    """What one run did: events and articles read, near-duplicate links, incidents found and saved."""

    events: int = 0
    articles: int = 0
    duplicates: int = 0
    incidents: int = 0  # incidents of two or more events found
    created: int = 0
    extended: int = 0
    unchanged: int = 0
    kept: int = 0  # found incidents that disagree with stored ones, left as stored
    undone: int = 0  # stored incidents undone by a rebuild
    apart: int = 0  # event pairs kept apart by earlier undos

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _eid(event_id: int) -> str:
    return str(event_id)


def undos_of(stored: Iterable[StoredIncident]) -> list[Undo]:
    """The analyst's splits recorded in the store: members undone before their incident, each kept
    apart from the members it was with when it was taken out."""
    out = []
    for inc in stored:
        for m in inc.members:
            if m.undone_at is None or (inc.undone_at is not None and m.undone_at >= inc.undone_at):
                continue
            at = m.undone_at  # kept apart from the members it was with at that moment
            others = tuple(sorted(_eid(o.event_id) for o in inc.members if o.event_id != m.event_id
                                  and o.merged_at <= at and (o.undone_at is None or o.undone_at >= at)))
            out.append(Undo(_eid(m.event_id), f"store:{inc.id}", "member undone in the store", others))
    return out


def link_store(store: Store, *, rebuild: bool = False, policy: Policy = DEFAULT_POLICY) -> StoreLinkReport:
    """Link the stored events into incidents and save them (see the module docstring)."""
    report = StoreLinkReport()
    history = store.incidents(include_undone=True)
    manual = {e for inc in history if inc.active and inc.method != METHOD for e in inc.event_ids}
    events = [e for e in store.events(status=LINKED_STATUSES) if e.id not in manual]
    sources: dict[int, str | None] = {}
    texts: list[tuple[str, str]] = []
    for article_id in sorted({e.article_id for e in events}):
        stored_article = store.article(article_id)
        if stored_article is None:
            continue
        a = stored_article.article
        sources[article_id] = a.source
        texts.append((str(article_id), "\n".join(p for p in (a.title, a.text) if p)))
    refs = [EventRef(_eid(e.id), str(e.article_id), sources.get(e.article_id), e.event.to_record()) for e in events]
    dups = near_duplicates(texts, policy.duplicate_threshold)
    undos = undos_of(history)
    found = [i for i in link_incidents(refs, duplicates=dups, apart=undos, policy=policy) if len(i.members) > 1]
    report.events, report.articles, report.duplicates = len(refs), len(texts), len(dups)
    report.incidents, report.apart = len(found), sum(len(u.apart_from) for u in undos)
    mine = [inc for inc in history if inc.active and inc.method == METHOD]
    if rebuild:
        for inc in mine:
            report.undone += int(store.undo_incident(inc.id))
        mine = []
    _save(store, found, mine, report)
    return report


def _save(store: Store, found: list[Incident], mine: list[StoredIncident], report: StoreLinkReport) -> None:
    incident_of = {_eid(e): inc for inc in mine for e in inc.event_ids}
    for new in found:
        overlapping = {incident_of[e].id: incident_of[e] for e in new.event_ids if e in incident_of}
        if not overlapping:
            store.create_incident([(int(m.event_id), m.reason) for m in new.members], method=METHOD)
            report.created += 1
            continue
        if len(overlapping) > 1:
            report.kept += 1
            continue
        old = next(iter(overlapping.values()))
        have = {_eid(e) for e in old.event_ids}
        if not have <= set(new.event_ids):
            report.kept += 1
        elif have == set(new.event_ids):
            report.unchanged += 1
        else:
            for m in new.members:
                if m.event_id not in have:
                    store.add_to_incident(old.id, int(m.event_id), m.reason)
            report.extended += 1
