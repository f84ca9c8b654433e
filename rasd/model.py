"""The one data model every stage shares.

The article text is stored once, exactly as received; every ``Span`` points into
it with Python string offsets (``text[start:end] == span.text``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

EvidenceRole = Literal["trigger", "actor1", "assoc_actor1", "actor2", "location", "date", "fatalities"]


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of an article's original text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> "Span":
        return cls(start, end, source[start:end])


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as received (after HTML extraction)."""

    id: str
    text: str
    title: str = ""
    published: date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Something recognised in the text: an actor, place, date, number or trigger.

    ``kind`` is one of ``actor``, ``place``, ``date``, ``number``, ``trigger``;
    ``value`` holds the kind's payload (an actor id, a resolved place, a
    resolved date, a count, an event sub-type) as a read-only mapping.
    """

    kind: str
    span: Span
    value: Any


@dataclass(frozen=True, slots=True)
class Evidence:
    role: EvidenceRole
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "start": self.span.start, "end": self.span.end, "text": self.span.text}


@dataclass(frozen=True, slots=True)
class Event:
    """One specific incident, coded as CODEBOOK.md specifies."""

    article_id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor1: str | None
    actor2: str | None
    country: str | None
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    location_ar: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    event_date: date | None
    time_precision: int
    fatalities: int
    civilian_targeting: bool
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_record(self) -> dict[str, Any]:
        """The CODEBOOK §8 JSON record (one line of the events file)."""
        return {
            "article_id": self.article_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "assoc_actor1": self.assoc_actor1,
            "actor2": self.actor2,
            "country": self.country,
            "admin1": self.admin1,
            "admin1_code": self.admin1_code,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "location": self.location,
            "location_ar": self.location_ar,
            "latitude": None if self.latitude is None else round(self.latitude, 4),
            "longitude": None if self.longitude is None else round(self.longitude, 4),
            "geo_precision": self.geo_precision,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "fatalities": self.fatalities,
            "civilian_targeting": self.civilian_targeting,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Signal:
    """A trend statement kept for analysis, never an event.

    ``direction`` is ``escalation``, ``decline`` or ``presence``; ``kind`` is the
    event type the statement is about (or ``activity``).
    """

    article_id: str
    actor: str | None
    country: str | None
    admin1: str | None
    admin1_code: str | None
    kind: str
    direction: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_record(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "actor": self.actor,
            "country": self.country,
            "admin1": self.admin1,
            "admin1_code": self.admin1_code,
            "kind": self.kind,
            "direction": self.direction,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Skip:
    """Why an input produced nothing (a typed reason, never an exception in a batch)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Result:
    """What extraction produced for one article."""

    article: Article
    events: tuple[Event, ...] = ()
    signals: tuple[Signal, ...] = ()
