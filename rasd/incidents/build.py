"""From extraction results to incidents in one call (what tests and batch runs use).

A store assigns its own event ids; here an event's id is ``<article id>#<n>``, ``n``
its position in the article's result, and its source the article's ``source``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rasd.incidents.cluster import link_incidents
from rasd.incidents.duplicates import DuplicateLink, near_duplicates
from rasd.incidents.model import EventRef, Incident, Undo
from rasd.incidents.rules import DEFAULT_POLICY, Policy
from rasd.model import Result


@dataclass(frozen=True, slots=True)
class Linked:
    """Incidents and the near-duplicate article links they were built with."""

    incidents: list[Incident]
    duplicates: list[DuplicateLink]


def event_refs(result: Result) -> list[EventRef]:
    """The events of one extraction result as :class:`EventRef` s."""
    art = result.article
    return [EventRef(f"{art.id}#{i}", art.id, art.source, e.to_record()) for i, e in enumerate(result.events)]


def incidents_from_results(results: Iterable[Result], *, apart: Iterable[Undo | tuple[str, str]] = (),
                           policy: Policy = DEFAULT_POLICY) -> Linked:
    """Link near-duplicate articles and the events of ``results`` into incidents."""
    results = list(results)
    texts = [(r.article.id, "\n".join(p for p in (r.article.title, r.article.text) if p)) for r in results]
    dups = near_duplicates(texts, policy.duplicate_threshold)
    refs = [ref for r in results for ref in event_refs(r)]
    return Linked(link_incidents(refs, duplicates=dups, apart=apart, policy=policy), dups)
