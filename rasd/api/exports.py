"""Exports of a filtered set of events: ACLED-column CSV, GeoJSON, Parquet, PLOVER-style JSON lines, §8 JSON lines.

CSV, GeoJSON and the JSON-lines formats stream (events are read in pages of 2,000); Parquet is
built in memory (a columnar file is written whole). Column meanings and the PLOVER mapping are
documented in ``docs/api.md``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from rasd.api.reads import actor_info

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "plover": ("application/x-ndjson; charset=utf-8", "plover.jsonl"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
}

# --- ACLED columns ------------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor1", "inter1", "actor2", "assoc_actor2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
#: rasd's own columns after ACLED's: ids, review status, codes ACLED has no column for
RASD_COLUMNS = ("rasd_event_id", "rasd_status", "rasd_reviewed_at", "rasd_article_id", "rasd_article_external_id",
                "actor1_id", "assoc_actor1_id", "actor2_id", "admin1_code", "location_ar", "url")
CSV_COLUMNS = ACLED_COLUMNS + RASD_COLUMNS

DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}
#: ACLED regions of the countries this project reads most; others are left empty
REGIONS = {iso: "Middle East" for iso in ("SYR", "IRQ", "LBN", "JOR", "ISR", "PSE", "YEM", "SAU", "IRN", "TUR", "KWT",
                                          "BHR", "QAT", "ARE", "OMN")}
REGIONS.update({iso: "Northern Africa" for iso in ("EGY", "LBY", "TUN", "DZA", "MAR", "SDN")})


@lru_cache(maxsize=512)
def _country(iso3: str | None) -> tuple[str, str]:
    """(ACLED country name, ISO 3166 numeric code) of an alpha-3 code."""
    if not iso3:
        return "", ""
    import pycountry

    from rasd.mentions.actors import country_name

    c = pycountry.countries.get(alpha_3=iso3)
    return country_name(iso3), str(int(c.numeric)) if c else ""


@lru_cache(maxsize=4096)
def _actor_name(actor_id: str | None) -> str:
    if not actor_id:
        return ""
    info = actor_info(actor_id)
    return info.get("acled_name") or info.get("name") or actor_id


@lru_cache(maxsize=4096)
def _inter(actor_id: str | None) -> str:
    return actor_info(actor_id).get("inter", "") if actor_id else ""


def _safe_cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def notes_of(e: dict[str, Any]) -> str:
    """The evidence, quoted by role: what the coder read (ACLED's notes are a summary; ours are the words)."""
    return " | ".join(f"{s['role']}: {s['text']}" for s in e.get("evidence", []))


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    """One event as an ACLED-column CSV row (plus rasd's columns)."""
    name, numeric = _country(e.get("country"))
    inters = sorted(i for i in (_inter(e.get("actor1")), _inter(e.get("actor2"))) if i)
    day = e.get("event_date") or ""
    row = {
        "event_id_cnty": f"{e.get('country') or 'XXX'}{e['id']}", "event_date": day, "year": day[:4],
        "time_precision": e.get("time_precision"), "disorder_type": DISORDER.get(e.get("event_type") or "", ""),
        "event_type": e.get("event_type"), "sub_event_type": e.get("sub_event_type"),
        "actor1": _actor_name(e.get("actor1")), "assoc_actor1": _actor_name(e.get("assoc_actor1")),
        "inter1": _inter(e.get("actor1")), "actor2": _actor_name(e.get("actor2")), "assoc_actor2": "",
        "inter2": _inter(e.get("actor2")), "interaction": "".join(inters),
        "civilian_targeting": "Civilian targeting" if e.get("civilian_targeting") else "",
        "iso": numeric, "region": REGIONS.get(e.get("country") or "", ""), "country": name,
        "admin1": e.get("admin1") or "", "admin2": e.get("admin2") or "", "admin3": e.get("admin3") or "",
        "location": e.get("location") or "", "latitude": e.get("latitude"), "longitude": e.get("longitude"),
        "geo_precision": e.get("geo_precision"), "source": e.get("source") or "", "source_scale": "",
        "notes": notes_of(e), "fatalities": e.get("fatalities"), "tags": "", "timestamp": "",
        "rasd_event_id": e["id"], "rasd_status": e.get("status"), "rasd_reviewed_at": e.get("reviewed_at") or "",
        "rasd_article_id": e.get("article_id"), "rasd_article_external_id": e.get("article_external_id") or "",
        "actor1_id": e.get("actor1") or "", "assoc_actor1_id": e.get("assoc_actor1") or "",
        "actor2_id": e.get("actor2") or "", "admin1_code": e.get("admin1_code") or "",
        "location_ar": e.get("location_ar") or "", "url": e.get("url") or "",
    }
    return {k: _cell(v) for k, v in row.items()}


def _cell(v: Any) -> Any:
    if v.__class__ is str:
        return _safe_cell(v)
    return "" if v is None else v


def csv_stream(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")  # a BOM: spreadsheets then read the Arabic as UTF-8
    writer.writerow(CSV_COLUMNS)
    yield buf.getvalue()
    for page in pages:
        buf.seek(0)
        buf.truncate()
        # acled_row builds its dict in CSV_COLUMNS order (checked by the tests)
        writer.writerows(acled_row(e).values() for e in page)
        yield buf.getvalue()


# --- GeoJSON ------------------------------------------------------------------------------------

def geojson_feature(e: dict[str, Any]) -> dict[str, Any]:
    lat, lon = e.get("latitude"), e.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    return {"type": "Feature", "id": e["id"], "geometry": geometry, "properties": {k: v for k, v in e.items()}}


def geojson_stream(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for page in pages:
        parts = [json.dumps(geojson_feature(e), ensure_ascii=False) for e in page]
        if parts:
            yield ("" if first else ",") + ",\n".join(parts)
            first = False
    yield "]}\n"


# --- JSON lines (§8) ----------------------------------------------------------------------------

def jsonl_stream(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    for page in pages:
        yield "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in page)


# --- PLOVER -------------------------------------------------------------------------------------

#: ACLED sub-event type -> (PLOVER event category, mode or None, extra context or None); None: no PLOVER category
PLOVER_MAP: dict[str, tuple[str, str | None, str | None] | None] = {
    "Government regains territory": ("ASSAULT", None, "resource"),
    "Non-state actor overtakes territory": ("ASSAULT", None, "resource"),
    "Armed clash": ("ASSAULT", None, None),
    "Excessive force against protesters": ("ASSAULT", None, "rights_freedoms"),
    "Protest with intervention": ("PROTEST", "demo", None),
    "Peaceful protest": ("PROTEST", "demo", None),
    "Violent demonstration": ("PROTEST", "riot", None),
    "Mob violence": ("ASSAULT", "beat", None),
    "Chemical weapon": ("ASSAULT", "heavy-weapons", "cbrn"),
    "Air/drone strike": ("ASSAULT", "heavy-weapons", None),
    "Suicide bomb": ("ASSAULT", "suicide-attack", "terrorism"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons", None),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives", None),
    "Grenade": ("ASSAULT", "explosives", None),
    "Sexual violence": ("ASSAULT", "sexual", None),
    "Attack": ("ASSAULT", None, None),
    "Abduction/forced disappearance": ("ASSAULT", "abduct", None),
    "Agreement": ("SUPPORT", None, "diplomatic"),
    "Arrests": ("COERCE", "arrest", None),
    "Change to group/activity": ("MOBILIZE", "troops", None),
    "Disrupted weapons use": ("COERCE", "confiscate", None),
    "Headquarters or base established": ("MOBILIZE", "troops", None),
    "Looting/property destruction": ("ASSAULT", "destroy", None),
    "Non-violent transfer of territory": ("RETREAT", "withdraw", None),
    "Other": None,
}
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
        "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
#: the sub-types where both sides fought: PLOVER codes reciprocal violence with every side as source
TWO_SIDED = frozenset({"Government regains territory", "Non-state actor overtakes territory", "Armed clash"})
SECTORS = frozenset({"MIL", "POL", "GOV", "REB", "COP"})


def plover_actor(actor_id: str) -> dict[str, Any]:
    """A PLOVER actor object: ``code`` (ISO3 of the actor's country when known), ``sector`` (MIL/COP/…
    from ids such as ``SYR-MIL-2024``), and the rasd id and name as ``identifier_id``/``identifier_text``."""
    info = actor_info(actor_id)
    parts = actor_id.split("-")
    out: dict[str, Any] = {"code": info.get("country") or None, "identifier_id": actor_id,
                           "identifier_text": info.get("name") or actor_id}
    if len(parts) >= 2 and parts[1] in SECTORS:
        out["sector"] = "COP" if parts[1] == "POL" else parts[1]
    if actor_id in ("CIVILIANS",):
        out["sector"] = "CVL"
    return out


def plover_record(e: dict[str, Any], coded_date: str | None = None) -> dict[str, Any] | None:
    """One event as a PLOVER-style record, or ``None`` for a sub-type with no PLOVER category."""
    mapping = PLOVER_MAP.get(e.get("sub_event_type") or "")
    if mapping is None:
        return None
    category, mode, context = mapping
    a1, assoc, a2 = e.get("actor1"), e.get("assoc_actor1"), e.get("actor2")
    sub = e.get("sub_event_type")
    if sub == "Excessive force against protesters":  # the force (actor2) fired on the protesters (actor1)
        source, recipient = [a2], [a1]
    elif sub in TWO_SIDED:
        source, recipient = [a1, assoc, a2], []
    else:
        source, recipient = [a1, assoc], [a2]
    contexts = ["military"] if category in ("ASSAULT", "MOBILIZE") else []
    if context:
        contexts.append(context)
    rec: dict[str, Any] = {
        "id": f"rasd-{e['id']}",
        "date": e.get("event_date"),
        "source": [plover_actor(a) for a in source if a],
        "recipient": [plover_actor(a) for a in recipient if a],
        "event": [category],
        "mode": [mode] if mode else [],
        "context": contexts,
        "quad_code": QUAD[category],
        "dead": e.get("fatalities"),
        "event_loc": {
            "name": e.get("location"), "cc3": e.get("country"), "admin1": e.get("admin1"),
            "admin1_code": e.get("admin1_code"), "admin2": e.get("admin2"), "admin3": e.get("admin3"),
            "latitude": e.get("latitude"), "longitude": e.get("longitude"), "geo_precision": e.get("geo_precision"),
            "name_ar": e.get("location_ar"),
        },
        "event_text": [s["text"] for s in e.get("evidence", []) if s["role"] == "trigger"],
        "text_info": [{"role": s["role"], "start": s["start"], "end": s["end"]} for s in e.get("evidence", [])],
        "cite_info": {"url": e.get("url"), "publication": e.get("source"), "citation": e.get("article_external_id"),
                      "coder": "rasd", "codebook": "rasd CODEBOOK (ACLED taxonomy) mapped to PLOVER 0.7b1"},
        "coder": "rasd",
        "coded_date": coded_date or date.today().isoformat(),
        "acled_event_type": e.get("event_type"),
        "acled_sub_event_type": sub,
        "review_status": e.get("status"),
        "time_precision": e.get("time_precision"),
    }
    return rec


def plover_stream(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    today = date.today().isoformat()
    for page in pages:
        lines = [json.dumps(r, ensure_ascii=False) for r in (plover_record(e, today) for e in page) if r is not None]
        if lines:
            yield "\n".join(lines) + "\n"


# --- Parquet ------------------------------------------------------------------------------------

def parquet_bytes(pages: Iterable[list[dict[str, Any]]]) -> bytes:
    """The events as one Parquet file (typed columns; evidence as a list of structs)."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    rows = [e for page in pages for e in page]
    span = pa.struct([("role", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
    schema = pa.schema([
        ("id", pa.int64()), ("status", pa.string()), ("reviewed_at", pa.string()), ("article_id", pa.int64()),
        ("article_external_id", pa.string()), ("source", pa.string()), ("url", pa.string()),
        ("event_type", pa.string()), ("sub_event_type", pa.string()), ("actor1", pa.string()),
        ("assoc_actor1", pa.string()), ("actor2", pa.string()), ("country", pa.string()), ("admin1", pa.string()),
        ("admin1_code", pa.string()), ("admin2", pa.string()), ("admin3", pa.string()), ("location", pa.string()),
        ("location_ar", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
        ("geo_precision", pa.int8()), ("event_date", pa.date32()), ("time_precision", pa.int8()),
        ("fatalities", pa.int32()), ("civilian_targeting", pa.bool_()), ("evidence", pa.list_(span)),
    ])
    columns: dict[str, list[Any]] = {f.name: [] for f in schema}
    for e in rows:
        for name, values in columns.items():
            v = e.get(name)
            if name == "event_date" and v is not None:
                v = date.fromisoformat(v)
            if name == "evidence":
                v = v or []
            values.append(v)
    table = pa.table(columns, schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "FORMATS", "PLOVER_MAP", "acled_row", "csv_stream", "geojson_stream",
           "jsonl_stream", "parquet_bytes", "plover_record", "plover_stream"]
