"""Incidents: events from several articles merged into one, with the reason each joined.

Only storage lives here; deciding what to merge is :mod:`rasd.incidents`' job.
A merge is never destructive: the member events stay as they are, and undoing
sets ``undone_at`` (on one member, or on the incident and all its members), so
the history of merges stays readable. An event is an active member of at most
one incident (a partial unique index); adding it to a second one is an error.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select, update

from rasd.store.articles import now
from rasd.store.records import Incident, IncidentMember
from rasd.store.schema import incident_members, incidents


def create_incident(conn: Connection, members: Iterable[tuple[int, str]], *, method: str | None = None) -> int:
    """A new incident of ``members`` (``(event id, reason)`` pairs, at least one); its id."""
    pairs = list(members)
    if not pairs:
        raise ValueError("an incident needs at least one member event")
    t = now()
    incident_id = int(conn.execute(incidents.insert().values(created_at=t, method=method)
                                   .returning(incidents.c.id)).scalar_one())
    conn.execute(incident_members.insert(), [
        {"incident_id": incident_id, "event_id": e, "reason": r, "merged_at": t} for e, r in pairs
    ])
    return incident_id


def add_member(conn: Connection, incident_id: int, event_id: int, reason: str) -> None:
    """Merge one more event into an incident."""
    conn.execute(incident_members.insert().values(incident_id=incident_id, event_id=event_id, reason=reason,
                                                  merged_at=now()))


def undo_incident(conn: Connection, incident_id: int) -> bool:
    """Undo the whole merge: the incident and all its active members are marked undone.
    ``False`` when there is no such active incident."""
    t = now()
    done = conn.execute(update(incidents).where(incidents.c.id == incident_id, incidents.c.undone_at.is_(None))
                        .values(undone_at=t)).rowcount
    conn.execute(update(incident_members)
                 .where(incident_members.c.incident_id == incident_id, incident_members.c.undone_at.is_(None))
                 .values(undone_at=t))
    return bool(done)


def undo_member(conn: Connection, incident_id: int, event_id: int) -> bool:
    """Take one event back out of an incident. ``False`` when it was not an active member."""
    return bool(conn.execute(
        update(incident_members)
        .where(incident_members.c.incident_id == incident_id, incident_members.c.event_id == event_id,
               incident_members.c.undone_at.is_(None))
        .values(undone_at=now())
    ).rowcount)


def list_incidents(conn: Connection, *, include_undone: bool = False, event_id: int | None = None,
                   ids: Iterable[int] | None = None, limit: int | None = None) -> list[Incident]:
    """Incidents (newest first) with all their members (undone ones too, marked)."""
    q = select(incidents).order_by(incidents.c.id.desc())
    if not include_undone:
        q = q.where(incidents.c.undone_at.is_(None))
    if event_id is not None:
        q = q.where(incidents.c.id.in_(select(incident_members.c.incident_id)
                                       .where(incident_members.c.event_id == event_id)))
    if ids is not None:
        q = q.where(incidents.c.id.in_(list(ids)))
    if limit:
        q = q.limit(limit)
    heads = list(conn.execute(q).mappings())
    members: dict[int, list[IncidentMember]] = {}
    if heads:
        rows = conn.execute(select(incident_members)
                            .where(incident_members.c.incident_id.in_(q.with_only_columns(incidents.c.id)))
                            .order_by(incident_members.c.id)).mappings()
        for m in rows:
            members.setdefault(m["incident_id"], []).append(
                IncidentMember(event_id=m["event_id"], reason=m["reason"], merged_at=m["merged_at"],
                               undone_at=m["undone_at"]))
    return [Incident(id=h["id"], created_at=h["created_at"], method=h["method"], undone_at=h["undone_at"],
                     members=tuple(members.get(h["id"], ()))) for h in heads]


def count_active(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(incidents).where(incidents.c.undone_at.is_(None)))
               .scalar_one())
