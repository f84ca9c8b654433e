"""Every read route of the API, with its filters, pagination and envelope, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasd.store", reason="needs the store (rasd/store, issue 4)")


TOTAL = 9  # events of tests/e2e/data/articles.jsonl


def get(client: Any, path: str, **params: Any) -> dict[str, Any]:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"data", "next", "count", "errors"} and body["errors"] == []
    return body


def all_events(client: Any, **params: Any) -> list[dict[str, Any]]:
    return get(client, "/api/events", limit=500, **params)["data"]


def test_stats(read_client: Any) -> None:
    s = get(read_client, "/api/stats")["data"]
    assert s["articles"] == 9 and s["events"] == TOTAL and s["signals"] == 1
    assert s["events_by_status"] == {"machine": TOTAL}
    assert sum(s["events_by_type"].values()) == TOTAL
    assert s["first_event_date"] == "2019-06-10" and s["last_event_date"] == "2025-08-05"
    assert s["backend"] in ("sqlite", "postgresql")


def test_meta(read_client: Any) -> None:
    m = get(read_client, "/api/meta")["data"]
    assert "Battles" in m["event_types"] and "Armed clash" in m["sub_event_types"]["Battles"]
    assert m["statuses"] == ["machine", "confirmed", "edited", "rejected"]
    assert set(m["export_formats"]) == {"csv", "geojson", "parquet", "plover", "jsonl"}


def test_events_list_is_newest_first_with_total_count(read_client: Any) -> None:
    body = get(read_client, "/api/events", limit=5)
    assert body["count"] == TOTAL and len(body["data"]) == 5 and body["next"]
    keys = [(e["event_date"], e["id"]) for e in body["data"]]
    assert keys == sorted(keys, reverse=True)
    e = body["data"][0]
    for field in ("id", "status", "article_id", "article_external_id", "source", "event_type", "sub_event_type",
                  "actor1", "actor2", "country", "admin1", "admin1_code", "admin2", "location", "latitude",
                  "longitude", "geo_precision", "event_date", "time_precision", "fatalities", "civilian_targeting"):
        assert field in e


def test_keyset_pages_cover_everything_once(read_client: Any) -> None:
    everything = [e["id"] for e in all_events(read_client)]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 4}
        if cursor:
            params["cursor"] = cursor
        body = get(read_client, "/api/events", **params)
        seen += [e["id"] for e in body["data"]]
        assert body["count"] == TOTAL
        cursor = body["next"]
        if not cursor:
            break
    assert seen == everything and len(set(seen)) == TOTAL


@pytest.mark.parametrize(("params", "check"), [
    ({"admin1": "Deir-ez-Zor"}, lambda e: e["admin1"] == "Deir-ez-Zor"),
    ({"admin1": "SY09"}, lambda e: e["admin1_code"] == "SY09"),
    ({"admin2": "Al Mayadin"}, lambda e: e["admin2"] == "Al Mayadin"),
    ({"country": "irq"}, lambda e: e["country"] == "IRQ"),
    ({"event_type": "Battles"}, lambda e: e["event_type"] == "Battles"),
    ({"sub_event_type": "Remote explosive/landmine/IED"}, lambda e: e["sub_event_type"] == "Remote explosive/landmine/IED"),
    ({"actor": "ISIS"}, lambda e: "ISIS" in (e["actor1"], e["actor2"], e["assoc_actor1"])),
    ({"precision": 1}, lambda e: e["geo_precision"] == 1),
    ({"source": "e2e-daily"}, lambda e: e["source"] == "e2e-daily"),
    ({"date_from": "2025-07-01", "date_to": "2025-07-31"}, lambda e: "2025-07-01" <= e["event_date"] <= "2025-07-31"),
    ({"fatalities_min": 2}, lambda e: e["fatalities"] >= 2),
])
def test_event_filters(read_client: Any, params: dict[str, Any], check: Any) -> None:
    found = all_events(read_client, **params)
    assert found, params
    assert all(check(e) for e in found)
    assert len(found) < TOTAL


def test_filters_combine_and_repeat(read_client: Any) -> None:
    both = all_events(read_client, event_type=["Battles", "Protests"])
    assert {e["event_type"] for e in both} == {"Battles", "Protests"}
    deir_battles = all_events(read_client, admin1="Deir-ez-Zor", event_type="Battles")
    assert deir_battles and all(e["admin1"] == "Deir-ez-Zor" and e["event_type"] == "Battles" for e in deir_battles)


def test_text_search_arabic_and_english(read_client: Any) -> None:
    thiban = all_events(read_client, q="ذيبان")
    assert {e["location"] for e in thiban} == {"Thiban"}
    # normalised like the index: another alef/hamza spelling finds the same article
    assert [e["id"] for e in all_events(read_client, q="داعش")] == [e["id"] for e in all_events(read_client, q="داعـــش")]
    assert {e["article_external_id"] for e in all_events(read_client, q="banner prices")} == {"e2e-en-aleppo-script"}
    assert all_events(read_client, q="nonexistentword") == []


def test_event_detail_evidence_slices_the_article(read_client: Any) -> None:
    for e in all_events(read_client):
        d = get(read_client, f"/api/events/{e['id']}")["data"]
        a = get(read_client, f"/api/articles/{d['article_id']}")["data"]
        assert d["evidence"], d
        for span in d["evidence"]:
            assert a["text"][span["start"]:span["end"]] == span["text"]
        assert d["article"]["id"] == d["article_id"] and d["history"] == []


def test_articles_list_search_and_detail(read_client: Any) -> None:
    body = get(read_client, "/api/articles", limit=3)
    assert body["count"] == 9 and len(body["data"]) == 3 and body["next"]
    second = get(read_client, "/api/articles", limit=3, cursor=body["next"])["data"]
    assert not {a["id"] for a in second} & {a["id"] for a in body["data"]}
    found = get(read_client, "/api/articles", q="هجين")["data"]
    assert [a["external_id"] for a in found] == ["e2e-ar-hajin-ied"]
    assert get(read_client, "/api/articles", source="e2e-daily")["count"] == 4
    art = get(read_client, f"/api/articles/{found[0]['id']}")["data"]
    assert art["direction"] == "rtl" and art["events"] and art["events"][0]["evidence"]
    english = get(read_client, "/api/articles", q="Busayrah")["data"][0]
    assert get(read_client, f"/api/articles/{english['id']}")["data"]["direction"] == "ltr"


def test_signals(read_client: Any) -> None:
    body = get(read_client, "/api/signals")
    assert body["count"] == 1
    s = body["data"][0]
    assert s["direction"] in ("escalation", "decline", "presence") and s["evidence"]
    assert s["actor"] == "ISIS" and s["admin1"] == "Deir-ez-Zor" and s["article_external_id"] == "e2e-en-kasra-drone"
    assert get(read_client, "/api/signals", country="YEM")["count"] == 0
    assert get(read_client, "/api/signals", direction="escalation", admin1=s["admin1"])["count"] == 1


def test_places_at_each_level(read_client: Any) -> None:
    admin1 = get(read_client, "/api/places", level="admin1")
    assert sum(p["events"] for p in admin1["data"]) == TOTAL
    deir = next(p for p in admin1["data"] if p["admin1"] == "Deir-ez-Zor")
    assert deir["admin1_code"] == "SY09" and deir["events"] == 6
    admin2 = get(read_client, "/api/places", level="admin2", admin1="Deir-ez-Zor")["data"]
    assert {p["admin2"] for p in admin2} >= {"Al Mayadin"}
    locations = get(read_client, "/api/places", level="location", country="SYR")["data"]
    assert all(p["latitude"] is not None and p["longitude"] is not None for p in locations)
    assert get(read_client, "/api/places", level="country")["data"][0]["country"] == "SYR"


def test_actors(read_client: Any) -> None:
    rows = {r["actor"]: r for r in get(read_client, "/api/actors")["data"]}
    assert rows["SDF"]["events"] >= 5 and rows["SDF"]["name"] == "Syrian Democratic Forces"
    assert rows["ISIS"]["as_actor1"] >= 1 and rows["ISIS"]["inter"] == "2"
    deir = {r["actor"] for r in get(read_client, "/api/actors", admin1="Deir-ez-Zor")["data"]}
    assert "IRQ-MIL" not in deir


def test_incidents_and_sources_and_reviews_start_empty(read_client: Any) -> None:
    assert get(read_client, "/api/incidents")["data"] == []
    assert get(read_client, "/api/reviews")["data"] == []
    names = {s["name"]: s["articles"] for s in get(read_client, "/api/sources")["data"]}
    assert names == {"e2e-wire": 5, "e2e-daily": 4}


def test_trends(read_client: Any) -> None:
    d = get(read_client, "/api/trends")["data"]
    assert d["dimension"] == "admin1" and d["week"] == "2025-08-04"
    deir = next(t for t in d["trends"] if t["admin1"] == "Deir-ez-Zor")
    assert deir["events"] == 1 and deir["level_4"] in ("large_increase", "moderate_increase", "limited_change")
    assert len(deir["series"]) == 12 and deir["series"][-1] == 1
    by_actor = get(read_client, "/api/trends", dimension="actor", week="2025-08-03")["data"]
    assert by_actor["week"] == "2025-07-28"
    assert {t["actor"] for t in by_actor["trends"]} >= {"ISIS", "SDF"}
    new = get(read_client, "/api/trends", admin1="Deir-ez-Zor")["data"]["new_dyads"]
    assert {(x["actor_a"], x["actor_b"]) for x in new} == {("SDF", "UNIDENTIFIED")}
    assert get(read_client, "/api/trends", country="LBN")["data"]["trends"] == []


def test_weekly_counts_add_up(read_client: Any) -> None:
    rows = get(read_client, "/api/trends/weekly")["data"]
    assert sum(r["events"] for r in rows) == TOTAL
    weeks = [r["week"] for r in rows]
    assert weeks == sorted(weeks) and len(set(weeks)) == len(weeks)
    by_type = get(read_client, "/api/trends/weekly", dimension="event_type", admin1="Deir-ez-Zor")["data"]
    assert sum(r["events"] for r in by_type) == 6 and {r["event_type"] for r in by_type} >= {"Battles"}


def test_openapi_docs_and_dashboard(read_client: Any) -> None:
    spec = read_client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/events", "/api/events/{event_id}", "/api/events/export", "/api/articles", "/api/articles/{article_id}",
              "/api/incidents", "/api/incidents/{incident_id}", "/api/signals", "/api/places", "/api/actors", "/api/stats",
              "/api/trends", "/api/trends/weekly", "/api/sources", "/api/reviews", "/api/events/{event_id}/review",
              "/api/incidents/merge", "/api/incidents/{incident_id}/split"):
        assert p in paths, p
    docs = read_client.get("/docs")
    assert docs.status_code == 200 and "/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert read_client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    page = read_client.get("/")
    assert page.status_code == 200 and '<script type="module" src="/js/app.js">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    boundaries = read_client.get("/map/boundaries.json").json()
    levels = {f["properties"]["level"] for f in boundaries["features"]}
    assert levels == {"adm1", "adm2", "country"}
    assert any(f["properties"].get("admin1") == "Deir-ez-Zor" for f in boundaries["features"])
