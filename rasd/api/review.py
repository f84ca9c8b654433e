"""Review: confirm, edit, reject (or reopen) an event; merge and split incidents; API tokens.

Two tables of our own live beside the store's (same database, their own SQLAlchemy
``MetaData``, created on first use with ``CREATE TABLE IF NOT EXISTS`` semantics; the
store's migrations do not know them and need not):

* ``review_log``: every change — who (the token's name), when, what (``action`` on
  ``target``/``target_id``) and the values before and after (JSON);
* ``api_tokens``: bearer tokens, stored as the SHA-256 of the token (the token itself is
  shown once, by ``rasd token create``). Tokens are 256-bit random strings, so a fast hash
  suffices (no password stretching needed).

Each action is one write transaction: the event row is read, changed and logged together,
so the log's "before" is exactly what the change replaced. Event status and fields go
through the store's ``events`` table; incident membership through the store's connection-level
incident functions (:mod:`rasd.store.incidents`), which keep undone memberships as history.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
    update,
)

from rasd.api.envelope import ApiError, bad_param, not_found
from rasd.events.codebook import SUB_TYPES, EventType
from rasd.store import incidents as inc
from rasd.store.articles import source_id
from rasd.store.engine import read_tx, write_tx
from rasd.store.schema import events, incident_members, incidents, sources

web_metadata = MetaData()

review_log = Table(
    "review_log", web_metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(200), nullable=False),
    Column("token_id", Integer),
    Column("action", String(30), nullable=False),  # confirm, edit, reject, reopen, merge, split, add_source
    Column("target", String(20), nullable=False),  # event, incident, source
    Column("target_id", Integer, nullable=False),
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Column("note", Text),
    sqlite_autoincrement=True,
)
Index("ix_review_log_target", review_log.c.target, review_log.c.target_id)

api_tokens = Table(
    "api_tokens", web_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    sqlite_autoincrement=True,
)

TOKEN_PREFIX = "rasd_"
_NAME = re.compile(r"^[\w.@ -]{1,200}$")


def now() -> datetime:
    return datetime.now(UTC)


def ensure_tables(engine: Engine) -> None:
    """Create ``review_log`` and ``api_tokens`` when missing (a no-op otherwise)."""
    with write_tx(engine) as conn:
        web_metadata.create_all(conn, checkfirst=True)


# --- tokens -------------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, name: str) -> tuple[int, str]:
    """A new token for reviewer ``name``: ``(id, token)``; only its hash is stored."""
    if not _NAME.match(name):
        raise ValueError("a token name is 1-200 letters, digits, spaces or . @ _ -")
    ensure_tables(engine)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_tx(engine) as conn:
        token_id = conn.execute(api_tokens.insert().values(name=name, token_hash=hash_token(token), created_at=now())
                                .returning(api_tokens.c.id)).scalar_one()
    return int(token_id), token


def list_tokens(engine: Engine) -> list[dict[str, Any]]:
    ensure_tables(engine)
    with read_tx(engine) as conn:
        rows = conn.execute(select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.created_at,
                                   api_tokens.c.last_used_at, api_tokens.c.revoked_at).order_by(api_tokens.c.id))
        return [dict(r) for r in rows.mappings()]


def revoke_token(engine: Engine, token_id: int) -> bool:
    ensure_tables(engine)
    with write_tx(engine) as conn:
        return bool(conn.execute(update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                                 .values(revoked_at=now())).rowcount)


def check_token(engine: Engine, token: str) -> tuple[int, str] | None:
    """``(token id, reviewer name)`` for a valid, unrevoked token; ``None`` otherwise."""
    with read_tx(engine) as conn:
        row = conn.execute(select(api_tokens.c.id, api_tokens.c.name)
                           .where(api_tokens.c.token_hash == hash_token(token), api_tokens.c.revoked_at.is_(None))
                           ).first()
    if row is None:
        return None
    with write_tx(engine) as conn:
        conn.execute(update(api_tokens).where(api_tokens.c.id == row[0]).values(last_used_at=now()))
    return int(row[0]), str(row[1])


# --- the log ------------------------------------------------------------------------------------

def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, (date, datetime)) else str(v))


def log(conn: Connection, who: tuple[int | None, str], action: str, target: str, target_id: int,
        before: Any, after: Any, note: str | None) -> int:
    return int(conn.execute(review_log.insert().values(
        at=now(), who=who[1], token_id=who[0], action=action, target=target, target_id=target_id,
        before=_json(before), after=_json(after), note=note).returning(review_log.c.id)).scalar_one())


def _history_conditions(target: str | None, target_id: int | None, who: str | None) -> list[Any]:
    conds = []
    if target:
        conds.append(review_log.c.target == target)
    if target_id is not None:
        conds.append(review_log.c.target_id == target_id)
    if who:
        conds.append(review_log.c.who == who)
    return conds


def history(conn: Connection, *, target: str | None = None, target_id: int | None = None, who: str | None = None,
            limit: int = 50, before_id: int | None = None) -> list[dict[str, Any]]:
    q = select(review_log).where(*_history_conditions(target, target_id, who))
    if before_id is not None:
        q = q.where(review_log.c.id < before_id)
    out = []
    for r in conn.execute(q.order_by(review_log.c.id.desc()).limit(limit)).mappings():
        d = dict(r)
        d["at"] = d["at"].isoformat() if isinstance(d["at"], datetime) else d["at"]
        d["before"] = json.loads(d["before"]) if d["before"] else None
        d["after"] = json.loads(d["after"]) if d["after"] else None
        out.append(d)
    return out


def count_history(conn: Connection, *, target: str | None = None, target_id: int | None = None,
                  who: str | None = None) -> int:
    q = select(func.count()).select_from(review_log).where(*_history_conditions(target, target_id, who))
    return int(conn.execute(q).scalar_one())


# --- events -------------------------------------------------------------------------------------

ACTIONS = {"confirm": "confirmed", "edit": "edited", "reject": "rejected", "reopen": "machine"}
#: fields a reviewer may edit, with their column length (strings) or kind
EDITABLE: dict[str, Any] = {
    "event_type": "type", "sub_event_type": "sub_type", "actor1": 200, "assoc_actor1": 200, "actor2": 200,
    "country": "iso3", "admin1": 200, "admin1_code": 50, "admin2": 200, "admin3": 200, "location": 300,
    "location_ar": 300, "latitude": "lat", "longitude": "lon", "geo_precision": "precision", "event_date": "date",
    "time_precision": "precision", "fatalities": "count", "civilian_targeting": "bool",
}
_ISO3 = re.compile(r"^[A-Z]{3}$")


def clean_changes(changes: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """``changes`` checked and converted to column values (a 400 for any bad field).

    A new sub-event type brings its event type along; an event type that does not hold the
    (new or current) sub-type is refused."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        kind = EDITABLE.get(name)
        if kind is None:
            raise bad_param(f"changes.{name}", f"{name} cannot be edited (editable: {', '.join(EDITABLE)})")
        out[name] = _convert(name, kind, value)
    if "sub_event_type" in out and "event_type" not in out:
        out["event_type"] = SUB_TYPES[out["sub_event_type"]].value
    sub = out.get("sub_event_type", current.get("sub_event_type"))
    typ = out.get("event_type", current.get("event_type"))
    if sub in SUB_TYPES and SUB_TYPES[sub].value != typ:
        raise bad_param("changes.event_type", f"sub-event type {sub!r} belongs to {SUB_TYPES[sub].value!r}, not {typ!r}")
    return out


def _convert(name: str, kind: Any, value: Any) -> Any:
    param = f"changes.{name}"
    if value is None:
        if kind in ("type", "sub_type", "precision", "count", "bool"):
            raise bad_param(param, f"{name} cannot be empty")
        return None
    if isinstance(kind, int):
        if not isinstance(value, str):
            raise bad_param(param, f"{name} must be a string")
        value = value.strip()
        if len(value) > kind:
            raise bad_param(param, f"{name} is longer than {kind} characters")
        return value or None
    if kind == "type":
        if value not in [t.value for t in EventType]:
            raise bad_param(param, f"unknown event type {value!r}")
        return value
    if kind == "sub_type":
        if value not in SUB_TYPES:
            raise bad_param(param, f"unknown sub-event type {value!r}")
        return value
    if kind == "iso3":
        if not isinstance(value, str) or not _ISO3.match(value.strip().upper()):
            raise bad_param(param, "country must be an ISO 3166-1 alpha-3 code")
        return value.strip().upper()
    if kind in ("lat", "lon"):
        bound = 90 if kind == "lat" else 180
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -bound <= value <= bound:
            raise bad_param(param, f"{name} must be a number between -{bound} and {bound}")
        return round(float(value), 4)
    if kind in ("precision", "count"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_param(param, f"{name} must be an integer")
        if kind == "precision" and value not in (1, 2, 3):
            raise bad_param(param, f"{name} must be 1, 2 or 3")
        if kind == "count" and not 0 <= value <= 1_000_000:
            raise bad_param(param, f"{name} must be between 0 and 1000000")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad_param(param, f"{name} must be true or false")
        return value
    if kind == "date":
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise bad_param(param, f"{name} must be a date YYYY-MM-DD") from None
    raise AssertionError(kind)


_EVENT_COLS = ("status", *EDITABLE)


def _event_state(conn: Connection, event_id: int, *, lock: bool) -> dict[str, Any]:
    q = select(*(events.c[c] for c in _EVENT_COLS)).where(events.c.id == event_id)
    if lock and conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = conn.execute(q).mappings().first()
    if row is None:
        raise not_found(f"event {event_id}")
    return dict(row)


def review_event(engine: Engine, event_id: int, action: str, who: tuple[int | None, str], *,
                 changes: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
    """Apply a review ``action`` (confirm, edit, reject, reopen) to an event; the log entry."""
    if action not in ACTIONS:
        raise bad_param("action", f"action must be one of {', '.join(ACTIONS)}")
    if action == "edit" and not changes:
        raise bad_param("changes", "an edit needs at least one changed field")
    if action != "edit" and changes:
        raise bad_param("changes", f"'{action}' takes no changes (use action 'edit')")
    with write_tx(engine) as conn:
        current = _event_state(conn, event_id, lock=True)
        values = clean_changes(changes or {}, current) if action == "edit" else {}
        values = {k: v for k, v in values.items() if current.get(k) != v}
        if action == "edit" and not values:
            raise ApiError(409, "conflict", "the edit changes nothing: every value is already as given")
        values["status"] = ACTIONS[action]
        values["reviewed_at"] = None if action == "reopen" else now()
        before = {k: current[k] for k in values if k != "reviewed_at"}
        after = {k: v for k, v in values.items() if k != "reviewed_at"}
        conn.execute(update(events).where(events.c.id == event_id).values(**values))
        log_id = log(conn, who, action, "event", event_id, before, after, note)
        entry = history(conn, target="event", target_id=event_id, limit=1)[0]
    assert entry["id"] == log_id
    return entry


# --- incidents ----------------------------------------------------------------------------------

def _members(conn: Connection, incident_id: int) -> list[int]:
    return [int(e) for e in conn.execute(select(incident_members.c.event_id).where(
        incident_members.c.incident_id == incident_id, incident_members.c.undone_at.is_(None))
        .order_by(incident_members.c.id)).scalars()]


def _active_incident_of(conn: Connection, event_id: int) -> int | None:
    return conn.execute(select(incident_members.c.incident_id).where(
        incident_members.c.event_id == event_id, incident_members.c.undone_at.is_(None))).scalar()


def _check_incident(conn: Connection, incident_id: int) -> None:
    row = conn.execute(select(incidents.c.undone_at).where(incidents.c.id == incident_id)).first()
    if row is None:
        raise not_found(f"incident {incident_id}")
    if row[0] is not None:
        raise ApiError(409, "conflict", f"incident {incident_id} was undone")


def _check_events(conn: Connection, event_ids: list[int]) -> None:
    found = set(conn.execute(select(events.c.id).where(events.c.id.in_(event_ids))).scalars())
    missing = [e for e in event_ids if e not in found]
    if missing:
        raise bad_param("event_ids", f"no event with id {missing[0]}")


def merge(engine: Engine, who: tuple[int | None, str], *, incident_ids: list[int], event_ids: list[int],
          reason: str | None, note: str | None) -> dict[str, Any]:
    """Merge incidents (into the lowest id) and/or events into one incident.

    Events of the other incidents, and the events given, are moved into the target (taken out of
    any incident they were in; memberships stay as undone history); emptied incidents are
    undone. Without an incident, a new one is made of the events (at least two)."""
    incident_ids = sorted(set(incident_ids))
    event_ids = list(dict.fromkeys(event_ids))
    if not incident_ids and len(event_ids) < 2:
        raise bad_param("event_ids", "merge needs two incidents, or an incident and events, or two events")
    if len(incident_ids) == 1 and not event_ids:
        raise bad_param("incident_ids", "merge needs a second incident or some events")
    why = reason or f"merged by {who[1]}"
    with write_tx(engine) as conn:
        for i in incident_ids:
            _check_incident(conn, i)
        _check_events(conn, event_ids)
        before = {str(i): _members(conn, i) for i in incident_ids}
        for e in event_ids:
            held = _active_incident_of(conn, e)
            if held is not None and str(held) not in before:
                before[str(held)] = _members(conn, held)
        moving = [e for i in incident_ids[1:] for e in _members(conn, i)] + event_ids
        keep = set(_members(conn, incident_ids[0])) if incident_ids else set()
        moves = [e for e in dict.fromkeys(moving) if e not in keep]
        for e in moves:
            held = _active_incident_of(conn, e)
            if held is not None:
                inc.undo_member(conn, held, e)
        if incident_ids:
            target = incident_ids[0]
            for e in moves:
                inc.add_member(conn, target, e, why)
        else:
            target = inc.create_incident(conn, [(e, why) for e in moves], method=f"review:{who[1]}")
        emptied = [int(k) for k in before if int(k) != target and not _members(conn, int(k))]
        for i in emptied:
            inc.undo_incident(conn, i)
        after = {"incident_id": target, "members": _members(conn, target), "undone_incidents": emptied}
        log(conn, who, "merge", "incident", target, before, after, note)
    return after


def split(engine: Engine, who: tuple[int | None, str], incident_id: int, *, event_ids: list[int],
          reason: str | None, note: str | None) -> dict[str, Any]:
    """Take ``event_ids`` out of an incident; two or more taken out form a new incident together.
    An incident left with no member is undone."""
    event_ids = list(dict.fromkeys(event_ids))
    if not event_ids:
        raise bad_param("event_ids", "split needs the events to take out")
    with write_tx(engine) as conn:
        _check_incident(conn, incident_id)
        members = _members(conn, incident_id)
        strangers = [e for e in event_ids if e not in members]
        if strangers:
            raise bad_param("event_ids", f"event {strangers[0]} is not a member of incident {incident_id}")
        if len(event_ids) == len(members):
            raise bad_param("event_ids", "split must leave at least one event in the incident (undo it instead)")
        for e in event_ids:
            inc.undo_member(conn, incident_id, e)
        new_id = None
        if len(event_ids) >= 2:
            new_id = inc.create_incident(conn, [(e, reason or f"split by {who[1]}") for e in event_ids],
                                         method=f"review:{who[1]}")
        after = {"incident_id": incident_id, "members": _members(conn, incident_id), "new_incident_id": new_id,
                 "taken_out": event_ids}
        log(conn, who, "split", "incident", incident_id, {"members": members}, after, note)
    return after


# --- sources ------------------------------------------------------------------------------------

def add_source(engine: Engine, who: tuple[int | None, str], name: str) -> dict[str, Any]:
    name = name.strip()
    if not name or len(name) > 200:
        raise bad_param("name", "a source name is 1-200 characters")
    with write_tx(engine) as conn:
        if conn.execute(select(sources.c.id).where(sources.c.name == name)).first() is not None:
            raise ApiError(409, "conflict", f"source {name!r} exists already", "name")
        sid = source_id(conn, name)
        assert sid is not None
        log(conn, who, "add_source", "source", sid, None, {"name": name}, None)
        row = conn.execute(select(sources.c.id, sources.c.name, sources.c.created_at).where(sources.c.id == sid)
                           ).mappings().one()
    return {"id": row["id"], "name": row["name"], "created_at": row["created_at"].isoformat()
            if isinstance(row["created_at"], datetime) else row["created_at"], "articles": 0}


__all__ = ["ACTIONS", "EDITABLE", "add_source", "api_tokens", "check_token", "clean_changes", "count_history",
           "create_token", "ensure_tables", "hash_token", "history", "list_tokens", "merge", "review_event",
           "review_log", "revoke_token", "split", "web_metadata"]
