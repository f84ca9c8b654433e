"""The ``/api`` routes: reads (open), exports, trends, and writes (review, sources; bearer token)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from rasd.analytics.levels import Level, Thresholds
from rasd.analytics.query import EventFilter, trend_report, weekly
from rasd.analytics.trends import DIMENSIONS
from rasd.api import exports, reads, review
from rasd.api.envelope import ApiError, bad_param, not_found, ok
from rasd.api.params import (
    EVENT_TYPES,
    check_known_params,
    event_filter,
    id_cursor,
    limit_param,
    split_page,
)
from rasd.events.codebook import SUB_TYPES
from rasd.store import Store
from rasd.store.engine import read_tx
from rasd.store.schema import EVENT_STATUSES

router = APIRouter(prefix="/api", dependencies=[Depends(check_known_params)])
_bearer = HTTPBearer(auto_error=False, description="A token made by `rasd token create NAME`.")

Cursor = Query(None, description="The `next` value of the previous page.", max_length=500)


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def reviewer(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> tuple[int, str]:
    """The reviewer behind the request's bearer token; 401 without a valid one."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise ApiError(401, "unauthorized", "this route needs a bearer token (rasd token create NAME)", headers=challenge)
    found = review.check_token(store_of(request).engine, creds.credentials)
    if found is None:
        raise ApiError(401, "unauthorized", "the token is unknown or revoked", headers=challenge)
    return found


# --- meta and stats -----------------------------------------------------------------------------

@router.get("/meta", tags=["store"], summary="Codebook values, statuses, dimensions and formats the API accepts")
def meta() -> JSONResponse:
    return ok({
        "event_types": list(EVENT_TYPES),
        "sub_event_types": {t: [s for s, et in SUB_TYPES.items() if et.value == t] for t in EVENT_TYPES},
        "statuses": list(EVENT_STATUSES), "review_actions": list(review.ACTIONS), "editable": list(review.EDITABLE),
        "dimensions": list(DIMENSIONS), "place_levels": list(reads.PLACE_LEVELS),
        "export_formats": list(exports.FORMATS), "levels": [lv.value for lv in Level],
        "thresholds": {"large_increase": "> +25 %", "moderate_increase": "+10 % … +25 %",
                       "limited_change": "−25 % … +10 %", "decrease": "< −25 %"},
    })


@router.get("/stats", tags=["store"], summary="Counts of the store: articles, events by status and type, date range")
def stats(request: Request) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        return ok(reads.stats(conn, store.backend))


# --- events -------------------------------------------------------------------------------------

@router.get("/events", tags=["events"], summary="Events matching the filters, newest first (keyset pages)")
def list_events(request: Request, flt: EventFilter = Depends(event_filter), limit: int = Depends(limit_param),
                cursor: str | None = Cursor) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        data, nxt, total = reads.list_events(conn, store.backend, flt, limit=limit, cursor=cursor)
    return ok(data, count=total, next_cursor=nxt)


@router.get("/events/export", tags=["events"], summary="Export the filtered events: csv (ACLED columns), geojson, parquet, plover, jsonl",
            response_class=Response)
def export_events(request: Request, flt: EventFilter = Depends(event_filter),
                  fmt: Literal["csv", "geojson", "parquet", "plover", "jsonl"] = Query(..., alias="format")) -> Response:
    store = store_of(request)
    media, ext = exports.FORMATS[fmt]
    headers = {"Content-Disposition": f'attachment; filename="rasd-events.{ext}"'}
    pages = reads.iter_events(store.engine, store.backend, flt, with_evidence=fmt != "geojson")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401  (an optional dependency: pip install pyarrow)
        except ImportError:
            raise ApiError(501, "not_available", "Parquet export needs pyarrow (pip install pyarrow)", "format") from None
        return Response(exports.parquet_bytes(pages), media_type=media, headers=headers)
    stream = {"csv": exports.csv_stream, "geojson": exports.geojson_stream, "plover": exports.plover_stream,
              "jsonl": exports.jsonl_stream}[fmt](pages)
    return StreamingResponse(stream, media_type=media, headers=headers)


@router.get("/events/{event_id}", tags=["events"], summary="One event with its evidence, article, incident and review history")
def get_event(request: Request, event_id: int = Path(..., ge=1)) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        found = reads.get_event(conn, event_id)
        if found is None:
            raise not_found(f"event {event_id}")
        found["history"] = review.history(conn, target="event", target_id=event_id, limit=100)
    return ok(found)


@router.get("/events/{event_id}/history", tags=["events"], summary="The review history of one event, newest first")
def event_history(request: Request, event_id: int = Path(..., ge=1)) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        if reads.get_event(conn, event_id) is None:
            raise not_found(f"event {event_id}")
        rows = review.history(conn, target="event", target_id=event_id, limit=500)
    return ok(rows)


# --- articles -----------------------------------------------------------------------------------

@router.get("/articles", tags=["articles"], summary="Stored articles, newest first (keyset pages)")
def list_articles(request: Request,
                  q: str | None = Query(None, min_length=1, max_length=200, description="Full-text search."),
                  source: list[str] = Query([], description="Source (outlet) name."),
                  published_from: date | None = Query(None), published_to: date | None = Query(None),
                  language: str | None = Query(None, max_length=10),
                  limit: int = Depends(limit_param), cursor: str | None = Cursor) -> JSONResponse:
    if published_from and published_to and published_from > published_to:
        raise bad_param("published_from", "published_from is after published_to")
    store = store_of(request)
    with read_tx(store.engine) as conn:
        data, nxt, total = reads.list_articles(conn, store.backend, q=q, source=source, published_from=published_from,
                                               published_to=published_to, language=language, limit=limit,
                                               cursor=cursor)
    return ok(data, count=total, next_cursor=nxt)


@router.get("/articles/{article_id}", tags=["articles"], summary="One article: text, direction, events with evidence, signals")
def get_article(request: Request, article_id: int = Path(..., ge=1)) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        found = reads.get_article(conn, article_id)
    if found is None:
        raise not_found(f"article {article_id}")
    return ok(found)


# --- signals, places, actors --------------------------------------------------------------------

@router.get("/signals", tags=["places, actors, signals"], summary="Trend signals (statements, never events), newest first")
def list_signals(request: Request, country: list[str] = Query([]), admin1: list[str] = Query([]),
                 actor: list[str] = Query([]), direction: list[str] = Query([], description="escalation, decline, presence"),
                 kind: list[str] = Query([]), date_from: date | None = Query(None, description="Article published on or after."),
                 date_to: date | None = Query(None), article_id: int | None = Query(None, ge=1),
                 limit: int = Depends(limit_param), cursor: str | None = Cursor) -> JSONResponse:
    if date_from and date_to and date_from > date_to:
        raise bad_param("date_from", "date_from is after date_to")
    store = store_of(request)
    with read_tx(store.engine) as conn:
        data, nxt, total = reads.list_signals(conn, country=[c.upper() for c in country], admin1=admin1, actor=actor,
                                              direction=direction, kind=kind, date_from=date_from, date_to=date_to,
                                              article_id=article_id, limit=limit, cursor=cursor)
    return ok(data, count=total, next_cursor=nxt)


@router.get("/places", tags=["places, actors, signals"], summary="Event counts per place (country, admin1, admin2 or location) for the filters")
def places(request: Request, flt: EventFilter = Depends(event_filter),
           level: Literal["country", "admin1", "admin2", "location"] = Query("admin1"),
           limit: int = Query(1000, ge=1, le=10000)) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        data, total = reads.places(conn, store.backend, flt, level, limit)
    return ok(data, count=total)


@router.get("/actors", tags=["places, actors, signals"], summary="Event counts per actor id for the filters")
def actors(request: Request, flt: EventFilter = Depends(event_filter),
           limit: int = Query(500, ge=1, le=5000)) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        data, total = reads.actors(conn, store.backend, flt, limit)
    return ok(data, count=total)


# --- incidents ----------------------------------------------------------------------------------

@router.get("/incidents", tags=["incidents"], summary="Incidents (events of several articles merged), newest first")
def list_incidents(request: Request, event_id: int | None = Query(None, ge=1),
                   include_undone: bool = Query(False), limit: int = Depends(limit_param),
                   cursor: str | None = Cursor) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        data, nxt, total = reads.list_incidents(conn, event_id=event_id, include_undone=include_undone, limit=limit,
                                                cursor=cursor)
    return ok(data, count=total, next_cursor=nxt)


@router.get("/incidents/{incident_id}", tags=["incidents"], summary="One incident with its members (undone ones marked) and history")
def get_incident(request: Request, incident_id: int = Path(..., ge=1)) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        found = reads.get_incident(conn, incident_id)
        if found is None:
            raise not_found(f"incident {incident_id}")
        found["history"] = review.history(conn, target="incident", target_id=incident_id, limit=100)
    return ok(found)


# --- trends -------------------------------------------------------------------------------------

@router.get("/trends", tags=["trends"], summary="Escalation: this week against the previous 4 and 52 weeks, new dyads, signals")
def trends(request: Request, flt: EventFilter = Depends(event_filter),
           dimension: Literal["admin1", "admin2", "actor", "event_type", "sub_event_type", "country", "all"] = Query("admin1"),
           week: date | None = Query(None, description="Any day of the week to assess (default: the last week with events)."),
           min_events: int = Query(1, ge=0, le=1000),
           dyad_place: Literal["admin1", "admin2"] = Query("admin1"),
           large: float = Query(0.25, gt=-1, le=100, description="Large increase above this change (0.25 = 25 %)."),
           moderate: float = Query(0.10, gt=-1, le=100), decrease: float = Query(-0.25, gt=-1, le=0),
           limit: int = Query(200, ge=1, le=5000)) -> JSONResponse:
    try:
        thresholds = Thresholds(large=large, moderate=moderate, decrease=decrease)
    except ValueError as exc:
        raise bad_param("large", str(exc)) from exc
    store = store_of(request)
    with read_tx(store.engine) as conn:
        report = trend_report(conn, store.backend, flt, dimension=dimension, week=week, thresholds=thresholds,
                              min_events=min_events, dyad_place=dyad_place)
    data = report.to_dict()
    total = len(data["trends"])
    data["trends"] = data["trends"][:limit]
    return ok(data, count=total)


@router.get("/trends/weekly", tags=["trends"], summary="Weekly event counts per group (quiet weeks as 0), for timelines")
def trends_weekly(request: Request, flt: EventFilter = Depends(event_filter),
                  dimension: Literal["admin1", "admin2", "actor", "event_type", "sub_event_type", "country", "all"]
                  = Query("all")) -> JSONResponse:
    store = store_of(request)
    with read_tx(store.engine) as conn:
        rows = weekly(conn, store.backend, flt, dimension)
    return ok(rows)


# --- sources and reviews ------------------------------------------------------------------------

@router.get("/sources", tags=["store"], summary="Sources (outlets) and their article counts")
def list_sources(request: Request) -> JSONResponse:
    with read_tx(store_of(request).engine) as conn:
        return ok(reads.list_sources(conn))


@router.get("/reviews", tags=["store"], summary="The review log: every change, who made it, when, before and after")
def list_reviews(request: Request, target: Literal["event", "incident", "source"] | None = Query(None),
                 target_id: int | None = Query(None, ge=1), who: str | None = Query(None, max_length=200),
                 limit: int = Depends(limit_param), cursor: str | None = Cursor) -> JSONResponse:
    before_id = id_cursor(cursor)
    with read_tx(store_of(request).engine) as conn:
        rows = review.history(conn, target=target, target_id=target_id, who=who, limit=limit + 1,
                              before_id=before_id)
        total = review.count_history(conn, target=target, target_id=target_id, who=who)
    rows, nxt = split_page(rows, limit)
    return ok(rows, count=total, next_cursor=nxt)


# --- writes -------------------------------------------------------------------------------------

class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReviewIn(_Body):
    action: Literal["confirm", "edit", "reject", "reopen"]
    changes: dict[str, Any] | None = Field(None, description="For 'edit': field -> new value (CODEBOOK §8 fields).")
    note: str | None = Field(None, max_length=2000)


class MergeIn(_Body):
    incident_ids: list[int] = Field(default_factory=list, max_length=100)
    event_ids: list[int] = Field(default_factory=list, max_length=1000)
    reason: str | None = Field(None, max_length=500)
    note: str | None = Field(None, max_length=2000)


class SplitIn(_Body):
    event_ids: list[int] = Field(..., min_length=1, max_length=1000)
    reason: str | None = Field(None, max_length=500)
    note: str | None = Field(None, max_length=2000)


class SourceIn(_Body):
    name: str = Field(..., min_length=1, max_length=200)


@router.post("/events/{event_id}/review", tags=["review (token)"], summary="Confirm, edit, reject or reopen an event (token)")
def review_event(request: Request, body: ReviewIn, event_id: int = Path(..., ge=1),
                 who: tuple[int, str] = Depends(reviewer)) -> JSONResponse:
    store = store_of(request)
    entry = review.review_event(store.engine, event_id, body.action, who, changes=body.changes, note=body.note)
    with read_tx(store.engine) as conn:
        event = reads.get_event(conn, event_id)
    return ok({"event": event, "review": entry})


@router.post("/incidents/merge", tags=["review (token)"], summary="Merge incidents and/or events into one incident (token)")
def merge_incidents(request: Request, body: MergeIn, who: tuple[int, str] = Depends(reviewer)) -> JSONResponse:
    result = review.merge(store_of(request).engine, who, incident_ids=body.incident_ids, event_ids=body.event_ids,
                          reason=body.reason, note=body.note)
    return ok(result)


@router.post("/incidents/{incident_id}/split", tags=["review (token)"], summary="Take events out of an incident (token)")
def split_incident(request: Request, body: SplitIn, incident_id: int = Path(..., ge=1),
                   who: tuple[int, str] = Depends(reviewer)) -> JSONResponse:
    result = review.split(store_of(request).engine, who, incident_id, event_ids=body.event_ids, reason=body.reason,
                          note=body.note)
    return ok(result)


@router.post("/sources", tags=["review (token)"], summary="Add a source (outlet) (token)", status_code=201)
def add_source(request: Request, body: SourceIn, who: tuple[int, str] = Depends(reviewer)) -> JSONResponse:
    return ok(review.add_source(store_of(request).engine, who, body.name), status=201)


@router.get("/whoami", tags=["review (token)"], summary="The reviewer behind the bearer token (checks a token)")
def whoami(who: tuple[int, str] = Depends(reviewer)) -> JSONResponse:
    return ok({"token_id": who[0], "name": who[1]})


__all__ = ["router"]
