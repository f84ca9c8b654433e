"""Query parameters: the event filter shared by the event routes, cursors, and the unknown-parameter check.

Lists are given by repeating a parameter (``?event_type=Battles&event_type=Riots``). Values are
checked against the codebook (types, sub-types, statuses) so a typo is a 400 naming the allowed
values, not an empty result; a parameter a route does not know is a 400 too.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from typing import Any

from fastapi import Query, Request

from rasd.analytics.query import NOT_REJECTED, REVIEWED, EventFilter
from rasd.api.envelope import ApiError, bad_param
from rasd.events.codebook import SUB_TYPES, EventType
from rasd.store.schema import EVENT_STATUSES

EVENT_TYPES = tuple(t.value for t in EventType)
SUB_EVENT_TYPES = tuple(SUB_TYPES)
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
_ISO3 = re.compile(r"^[A-Z]{3}$")


def check_known_params(request: Request) -> None:
    """Refuse query parameters the matched route does not declare (a typo must not widen a filter)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise ApiError(400, "unknown_parameter", f"unknown parameter(s): {', '.join(unknown)} (allowed: {allowed})",
                       unknown[0])


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names of a route's dependant and of its sub-dependencies."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _one_of(param: str, values: list[str], allowed: tuple[str, ...]) -> list[str]:
    for v in values:
        if v not in allowed:
            raise bad_param(param, f"{param}: unknown value {v!r}; one of: {', '.join(allowed)}")
    return values


def _clean(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def event_filter(
    date_from: date | None = Query(None, description="First event date (YYYY-MM-DD), inclusive."),
    date_to: date | None = Query(None, description="Last event date (YYYY-MM-DD), inclusive."),
    country: list[str] = Query([], description="ISO 3166-1 alpha-3 code (SYR, IRQ, …); repeat for several."),
    admin1: list[str] = Query([], description="Governorate/province: English name (Deir-ez-Zor) or code (SY09)."),
    admin2: list[str] = Query([], description="District, English name (Al Mayadin)."),
    event_type: list[str] = Query([], description="CODEBOOK §2 event type."),
    sub_event_type: list[str] = Query([], description="CODEBOOK §2 sub-event type."),
    actor: list[str] = Query([], description="Actor id (ISIS, SDF, SYR-MIL-2024, …) as actor1, assoc_actor1 or actor2."),
    precision: int | None = Query(None, ge=1, le=3, description="Geographic precision at most this (1 = the town itself)."),
    time_precision: int | None = Query(None, ge=1, le=3, description="Time precision at most this (1 = the day)."),
    source: list[str] = Query([], description="Source (outlet) name."),
    q: str | None = Query(None, min_length=1, max_length=200,
                          description="Full-text search in the article title and text (every word must occur)."),
    status: list[str] = Query([], description="Review status: machine, confirmed, edited, rejected, or all. "
                                              "Default: every status but rejected."),
    reviewed: bool = Query(False, description="Only events a person confirmed or edited."),
    article_id: int | None = Query(None, ge=1, description="Events of one stored article (its id)."),
    fatalities_min: int | None = Query(None, ge=0, description="At least this many reported deaths."),
) -> EventFilter:
    """The event filter of a request (FastAPI dependency)."""
    if date_from and date_to and date_from > date_to:
        raise bad_param("date_from", f"date_from ({date_from}) is after date_to ({date_to})")
    countries = [c.upper() for c in _clean(country)]
    for c in countries:
        if not _ISO3.match(c):
            raise bad_param("country", f"country: {c!r} is not an ISO 3166-1 alpha-3 code (e.g. SYR)")
    statuses = _clean(status)
    if "all" in statuses:
        chosen: tuple[str, ...] = EVENT_STATUSES
    elif statuses:
        chosen = tuple(_one_of("status", statuses, EVENT_STATUSES))
    else:
        chosen = NOT_REJECTED
    if reviewed:
        chosen = tuple(s for s in chosen if s in REVIEWED) or ("__none__",)
    return EventFilter(
        date_from=date_from, date_to=date_to, country=countries, admin1=_clean(admin1), admin2=_clean(admin2),
        event_type=_one_of("event_type", _clean(event_type), EVENT_TYPES),
        sub_event_type=_one_of("sub_event_type", _clean(sub_event_type), SUB_EVENT_TYPES),
        actor=_clean(actor), geo_precision=precision, time_precision=time_precision, source=_clean(source),
        q=q.strip() if q and q.strip() else None, status=chosen, article_id=article_id, fatalities_min=fatalities_min,
    )


# --- cursors ------------------------------------------------------------------------------------

def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, shape: tuple[type, ...]) -> list[Any] | None:
    """The values of a cursor made by :func:`encode_cursor`, checked against ``shape``
    (``str`` accepts ``None`` too); a malformed cursor is a 400."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad_param("cursor", "cursor: malformed (use the 'next' value of the previous page)") from None
    ok = isinstance(values, list) and len(values) == len(shape) and all(
        (v is None and t is str) or (isinstance(v, t) and not isinstance(v, bool)) for v, t in zip(values, shape))
    if not ok:
        raise bad_param("cursor", "cursor: malformed (use the 'next' value of the previous page)")
    return values


def limit_param(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")) -> int:
    return limit


__all__ = ["DEFAULT_LIMIT", "EVENT_TYPES", "MAX_LIMIT", "SUB_EVENT_TYPES", "check_known_params", "decode_cursor",
           "encode_cursor", "event_filter", "limit_param"]


def id_cursor(cursor: str | None) -> int | None:
    """The id a newest-first-by-id page continues below (``None`` for the first page)."""
    after = decode_cursor(cursor, (int,))
    return after[0] if after is not None else None


def split_page(rows: list[Any], limit: int) -> tuple[list[Any], str | None]:
    """``limit + 1`` rows read newest first by id: the page, and the cursor of the next one (if any)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor([rows[-1]["id"]])
