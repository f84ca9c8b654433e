"""What the store hands back: stored events, search hits, incidents, runs, quarantine entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rasd.model import Article, Event


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: its database id and the :class:`~rasd.model.Article` rebuilt from it."""

    id: int
    identity: str
    article: Article
    pipeline_version: str | None


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as stored: its id, its article's id, review status, and the event itself
    (``event.article_id`` is the article's external id, as in the CODEBOOK record)."""

    id: int
    article_id: int
    status: str
    pipeline_version: str
    event: Event

    def to_record(self) -> dict[str, Any]:
        """The CODEBOOK §8 record plus ``event_id`` and ``status``."""
        return {"event_id": self.id, "status": self.status, **self.event.to_record()}


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    external_id: str
    title: str
    url: str | None
    published: date | None
    score: float


@dataclass(frozen=True, slots=True)
class IncidentMember:
    event_id: int
    reason: str
    merged_at: datetime
    undone_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident: events from one or more articles merged, each with the reason it joined."""

    id: int
    created_at: datetime
    method: str | None
    undone_at: datetime | None
    members: tuple[IncidentMember, ...] = field(default_factory=tuple)

    @property
    def active(self) -> bool:
        return self.undone_at is None

    @property
    def event_ids(self) -> list[int]:
        """The events currently in the incident (undone members left out)."""
        return [m.event_id for m in self.members if m.active]


@dataclass(slots=True)
class RunCounts:
    """What one ingestion run did."""

    stored: int = 0
    present: int = 0
    reextracted: int = 0
    quarantined: int = 0
    events: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"stored": self.stored, "present": self.present, "reextracted": self.reextracted,
                "quarantined": self.quarantined, "events": self.events}


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    command: str | None
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    input_name: str
    reason: str
    run_id: int | None
    first_seen: datetime
    last_seen: datetime
    attempts: int
