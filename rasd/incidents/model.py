"""Plain records the incident linker reads and writes.

The linker works on CODEBOOK §8 records (what :meth:`rasd.model.Event.to_record`
gives, or what a store reads back), never on extractor internals, so it runs the
same on fresh extraction output and on a database of past events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: prefix of incident ids
ID_PREFIX = "inc_"


@dataclass(frozen=True, slots=True)
class EventRef:
    """One coded event: its id, the article and outlet it came from, and its §8 record."""

    event_id: str
    article_id: str
    source: str | None
    record: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Member:
    """An event inside an incident and why it is there.

    ``reason`` is the representative's own ``"representative: …"`` line, or the merge
    reason (the rules that matched this event with the representative), or, for the
    single member split off an incident, ``"split from inc_…: <why>"``.
    """

    event_id: str
    article_id: str
    source: str | None
    reason: str
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, ref: EventRef, reason: str) -> Member:
        return cls(ref.event_id, ref.article_id, ref.source, reason, ref.record)

    def ref(self) -> EventRef:
        """The event this member stands for."""
        return EventRef(self.event_id, self.article_id, self.source, self.record)


@dataclass(frozen=True, slots=True)
class Undo:
    """A merge taken back: ``event_id`` left incident ``incident_id`` because of ``reason``.

    ``apart_from`` are the event ids it must not be merged with again; pass undo
    records to :func:`rasd.incidents.link_incidents` (``apart=``) to keep a rebuild
    from re-making the merge.
    """

    event_id: str
    incident_id: str
    reason: str
    apart_from: tuple[str, ...]

    def pairs(self) -> Iterable[tuple[str, str]]:
        """The (sorted) event-id pairs this undo keeps apart."""
        for other in self.apart_from:
            a, b = sorted((self.event_id, other))
            yield a, b


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident: every member event with its source and merge reason.

    ``record`` holds the representative record fields: the representative member's
    §8 fields (without ``article_id`` and ``evidence``), ``fatalities`` replaced by
    the incident's toll (the lowest toll any member gives, CODEBOOK §6; 0 when none
    gives one), plus ``incident_id``, ``representative`` (its event id), ``sources``,
    ``n_events`` and ``n_articles``. ``undos`` lists the splits that shaped this incident;
    ``similarities`` the near-duplicate links between its articles (sorted pair ->
    similarity), kept so a split can re-explain the members that remain.
    """

    id: str
    members: tuple[Member, ...]
    representative: str
    record: Mapping[str, Any]
    undos: tuple[Undo, ...] = ()
    similarities: Mapping[tuple[str, str], float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def event_ids(self) -> tuple[str, ...]:
        return tuple(m.event_id for m in self.members)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.article_id for m in self.members}))

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct outlets that reported the incident (members without a source are not counted)."""
        return tuple(sorted({m.source for m in self.members if m.source}))

    def member(self, event_id: str) -> Member:
        for m in self.members:
            if m.event_id == event_id:
                return m
        raise KeyError(f"event {event_id!r} is not a member of incident {self.id}")


def incident_id(event_ids: Iterable[str]) -> str:
    """The stable id of the incident made of ``event_ids``: a hash of the sorted ids.

    The same members always give the same id, whatever order they came in; any
    change of membership (a merge, a split) gives a new id.
    """
    ids = sorted(set(event_ids))
    if not ids:
        raise ValueError("an incident has at least one event")
    digest = hashlib.sha1("\x1f".join(ids).encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:16]
