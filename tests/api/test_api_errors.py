"""Bad requests get clear 4xx answers in the same JSON envelope, naming the parameter."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasd.store", reason="needs the store (rasd/store, issue 4)")


def error(client: Any, path: str, status: int, method: str = "GET", **kw: Any) -> dict[str, Any]:
    r = client.request(method, path, **kw)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["data"] is None and body["next"] is None and body["count"] == 0
    assert body["errors"] and all(e["message"] and e["code"] for e in body["errors"])
    return body["errors"][0]


@pytest.mark.parametrize(("path", "param"), [
    ("/api/events?date_from=2025-13-01", "date_from"),
    ("/api/events?date_to=yesterday", "date_to"),
    ("/api/events?date_from=2025-08-01&date_to=2025-07-01", "date_from"),
    ("/api/events?country=Syria", "country"),
    ("/api/events?event_type=Battle", "event_type"),
    ("/api/events?sub_event_type=Airstrike", "sub_event_type"),
    ("/api/events?status=approved", "status"),
    ("/api/events?precision=4", "precision"),
    ("/api/events?time_precision=0", "time_precision"),
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=100000", "limit"),
    ("/api/events?cursor=not-a-cursor", "cursor"),
    ("/api/events?cursor=WzFd", "cursor"),  # valid base64 JSON of the wrong shape: [1]
    ("/api/events?fatalities_min=-1", "fatalities_min"),
    ("/api/events?article_id=x", "article_id"),
    ("/api/events/abc", "event_id"),
    ("/api/events/0", "event_id"),
    ("/api/events/export", "format"),
    ("/api/events/export?format=xlsx", "format"),
    ("/api/articles?published_from=2025-02-30", "published_from"),
    ("/api/articles?cursor=%%%", "cursor"),
    ("/api/places?level=village", "level"),
    ("/api/trends?dimension=planet", "dimension"),
    ("/api/trends?week=2025-99-01", "week"),
    ("/api/trends?large=0.05&moderate=0.1", "large"),
    ("/api/trends/weekly?dimension=x", "dimension"),
    ("/api/signals?date_from=2025-08-01&date_to=2025-01-01", "date_from"),
    ("/api/reviews?target=planet", "target"),
    ("/api/incidents?event_id=-3", "event_id"),
])
def test_bad_parameters_are_400_naming_the_parameter(read_client: Any, path: str, param: str) -> None:
    err = error(read_client, path, 400)
    assert err["code"] == "bad_parameter"
    assert err.get("param") == param, err


@pytest.mark.parametrize("path", ["/api/events?admin_1=Deir-ez-Zor", "/api/stats?x=1", "/api/trends?dimensions=actor",
                                  "/api/articles?query=x"])
def test_unknown_parameters_are_refused(read_client: Any, path: str) -> None:
    err = error(read_client, path, 400)
    assert err["code"] == "unknown_parameter" and "allowed" in err["message"]


@pytest.mark.parametrize("path", ["/api/events/999999", "/api/articles/999999", "/api/incidents/999999",
                                  "/api/events/999999/history", "/api/nothing-here"])
def test_missing_things_are_404(read_client: Any, path: str) -> None:
    assert error(read_client, path, 404)["code"] == "not_found"


def test_wrong_method_is_405_json(read_client: Any) -> None:
    assert error(read_client, "/api/events", 405, method="DELETE")["code"] == "method_not_allowed"


def test_bad_bodies_are_400(client: Any, auth: dict[str, str]) -> None:
    event_id = client.get("/api/events").json()["data"][0]["id"]
    url = f"/api/events/{event_id}/review"
    assert error(client, url, 400, method="POST", json={"action": "approve"}, headers=auth)["param"] == "action"
    assert error(client, url, 400, method="POST", json={"action": "confirm", "who": "me"}, headers=auth)["param"] == "who"
    assert error(client, url, 400, method="POST", content=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert error(client, url, 400, method="POST", json={"action": "edit"}, headers=auth)["param"] == "changes"
    assert error(client, url, 400, method="POST", json={"action": "confirm", "changes": {"fatalities": 1}},
                 headers=auth)["param"] == "changes"
    for changes, param in [({"fatalities": -1}, "changes.fatalities"), ({"fatalities": "3"}, "changes.fatalities"),
                           ({"geo_precision": 4}, "changes.geo_precision"), ({"event_date": "2025-02-30"}, "changes.event_date"),
                           ({"country": "Syria"}, "changes.country"), ({"latitude": 123}, "changes.latitude"),
                           ({"sub_event_type": "Airstrike"}, "changes.sub_event_type"), ({"id": 5}, "changes.id"),
                           ({"status": "confirmed"}, "changes.status"), ({"actor1": "x" * 201}, "changes.actor1"),
                           ({"event_type": "Riots", "sub_event_type": "Armed clash"}, "changes.event_type"),
                           ({"event_type": None}, "changes.event_type")]:
        err = error(client, url, 400, method="POST", json={"action": "edit", "changes": changes}, headers=auth)
        assert err["param"] == param, (changes, err)
    assert error(client, "/api/incidents/merge", 400, method="POST", json={"event_ids": [event_id]},
                 headers=auth)["param"] == "event_ids"
    assert error(client, "/api/incidents/merge", 400, method="POST", json={"event_ids": [event_id, 999999]},
                 headers=auth)["param"] == "event_ids"
    assert error(client, "/api/sources", 400, method="POST", json={"name": ""}, headers=auth)["param"] == "name"
