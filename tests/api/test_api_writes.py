"""Review (confirm, edit, reject, reopen), incidents (merge, split), sources; tokens; the review log."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasd.store", reason="needs the store (rasd/store, issue 4)")

from rasd.api.review import create_token, revoke_token


def ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["errors"] == []
    return body["data"]


def events(client: Any, **params: Any) -> list[dict[str, Any]]:
    return ok(client.get("/api/events", params={"limit": 500, **params}))


WRITES = [
    ("POST", "/api/events/1/review", {"action": "confirm"}),
    ("POST", "/api/incidents/merge", {"event_ids": [1, 2]}),
    ("POST", "/api/incidents/1/split", {"event_ids": [1]}),
    ("POST", "/api/sources", {"name": "New outlet"}),
    ("GET", "/api/whoami", None),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_need_a_token(client: Any, method: str, path: str, body: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer rasd_wrong"}, {"Authorization": "Basic dXNlcjpwYXNz"},
                    {"Authorization": "Bearer "}):
        r = client.request(method, path, json=body, headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json()["errors"][0]["code"] == "unauthorized"
    # nothing changed
    assert all(e["status"] == "machine" for e in events(client, status="all"))
    assert ok(client.get("/api/reviews")) == []


def test_revoked_token_stops_working(client: Any) -> None:
    engine = client.app.state.store.engine
    token_id, token = create_token(engine, "temp")
    headers = {"Authorization": f"Bearer {token}"}
    assert ok(client.get("/api/whoami", headers=headers))["name"] == "temp"
    assert revoke_token(engine, token_id)
    assert client.get("/api/whoami", headers=headers).status_code == 401


def test_confirm_edit_reject_reopen_with_history(client: Any, auth: dict[str, str]) -> None:
    target = next(e for e in events(client) if e["location"] == "Thiban" and e["event_type"] == "Battles")
    url = f"/api/events/{target['id']}/review"

    done = ok(client.post(url, json={"action": "confirm", "note": "matches the source"}, headers=auth))
    assert done["event"]["status"] == "confirmed" and done["event"]["reviewed_at"]
    assert done["review"]["who"] == "tester" and done["review"]["action"] == "confirm"
    assert done["review"]["before"] == {"status": "machine"} and done["review"]["after"] == {"status": "confirmed"}

    edit = {"fatalities": 4, "sub_event_type": "Attack", "location_ar": "ذيبان", "civilian_targeting": True}
    done = ok(client.post(url, json={"action": "edit", "changes": edit}, headers=auth))
    ev = done["event"]
    assert ev["status"] == "edited" and ev["fatalities"] == 4
    assert ev["sub_event_type"] == "Attack" and ev["event_type"] == "Violence against civilians"  # type follows sub-type
    log = done["review"]
    assert log["before"]["fatalities"] == target["fatalities"] and log["after"]["fatalities"] == 4
    assert log["before"]["event_type"] == "Battles" and log["after"]["event_type"] == "Violence against civilians"
    assert "location_ar" not in log["after"]  # unchanged values are not logged as changes

    # an edit that changes nothing is a conflict, not a silent success
    again = client.post(url, json={"action": "edit", "changes": {"fatalities": 4}}, headers=auth)
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "conflict"

    ok(client.post(url, json={"action": "reject"}, headers=auth))
    assert target["id"] not in {e["id"] for e in events(client)}  # rejected: out of the default view
    assert target["id"] in {e["id"] for e in events(client, status="rejected")}
    assert target["id"] not in {e["id"] for e in events(client, status="all", reviewed="true")}
    trends = ok(client.get("/api/trends", params={"dimension": "all", "week": "2025-08-03"}))
    assert trends["trends"][0]["events"] == len([e for e in events(client) if "2025-07-28" <= e["event_date"] <= "2025-08-03"])

    ok(client.post(url, json={"action": "reopen"}, headers=auth))
    final = ok(client.get(f"/api/events/{target['id']}"))
    assert final["status"] == "machine" and final["reviewed_at"] is None
    assert final["fatalities"] == 4  # reopening keeps the edited values
    assert [h["action"] for h in final["history"]] == ["reopen", "reject", "edit", "confirm"]
    assert all(h["who"] == "tester" and h["at"] for h in final["history"])
    assert [h["action"] for h in ok(client.get(f"/api/events/{target['id']}/history"))] == ["reopen", "reject", "edit", "confirm"]
    log = client.get("/api/reviews", params={"target": "event", "target_id": target["id"], "limit": 2}).json()
    assert log["count"] == 4 and len(log["data"]) == 2 and log["next"]
    rest = ok(client.get("/api/reviews", params={"target": "event", "target_id": target["id"], "cursor": log["next"]}))
    assert [h["action"] for h in rest] == ["edit", "confirm"]


def test_reviewed_events_survive_reextraction(client: Any, auth: dict[str, str]) -> None:
    from rasd.pipeline import extract
    from rasd.store import pipeline_version

    store = client.app.state.store
    target = events(client)[0]
    ok(client.post(f"/api/events/{target['id']}/review", json={"action": "edit", "changes": {"fatalities": 99}},
                   headers=auth))
    stored = store.article(target["article_id"])
    store.save_extraction(target["article_id"], extract(stored.article), pipeline_version())
    kept = ok(client.get(f"/api/events/{target['id']}"))
    assert kept["fatalities"] == 99 and kept["status"] == "edited"


def test_merge_and_split_incidents(client: Any, auth: dict[str, str]) -> None:
    deir = [e["id"] for e in events(client, admin1="Deir-ez-Zor")][:4]
    a, b, c, d = deir
    first = ok(client.post("/api/incidents/merge", json={"event_ids": [a, b], "reason": "same attack"}, headers=auth))
    inc1 = first["incident_id"]
    assert sorted(first["members"]) == sorted([a, b])
    second = ok(client.post("/api/incidents/merge", json={"event_ids": [c, d]}, headers=auth))
    inc2 = second["incident_id"]
    assert ok(client.get(f"/api/events/{a}"))["incident_id"] == inc1

    merged = ok(client.post("/api/incidents/merge", json={"incident_ids": [inc2, inc1]}, headers=auth))
    low, high = sorted([inc1, inc2])
    assert merged["incident_id"] == low and sorted(merged["members"]) == sorted([a, b, c, d])
    assert merged["undone_incidents"] == [high]
    listed = ok(client.get("/api/incidents"))
    assert [i["id"] for i in listed] == [low]
    undone = ok(client.get(f"/api/incidents/{high}"))
    assert not undone["active"] and all(not m["active"] for m in undone["members"])

    split = ok(client.post(f"/api/incidents/{low}/split", json={"event_ids": [c, d]}, headers=auth))
    assert sorted(split["members"]) == sorted([a, b]) and split["new_incident_id"]
    assert sorted(m["event_id"] for m in ok(client.get(f"/api/incidents/{split['new_incident_id']}"))["members"]) == sorted([c, d])
    assert ok(client.get(f"/api/events/{c}"))["incident_id"] == split["new_incident_id"]

    # an event merged into an incident it is not in moves there (taken out of its old one)
    moved = ok(client.post("/api/incidents/merge", json={"incident_ids": [low], "event_ids": [c]}, headers=auth))
    assert sorted(moved["members"]) == sorted([a, b, c])
    history = ok(client.get(f"/api/incidents/{low}"))["history"]
    assert [h["action"] for h in history] == ["merge", "split", "merge", "merge"]  # newest first; the first made it
    assert history[-1]["who"] == "tester"

    # splitting everything out is refused; taking a stranger out too
    bad = client.post(f"/api/incidents/{low}/split", json={"event_ids": [a, b, c]}, headers=auth)
    assert bad.status_code == 400
    bad = client.post(f"/api/incidents/{low}/split", json={"event_ids": [d]}, headers=auth)
    assert bad.status_code == 400 and bad.json()["errors"][0]["param"] == "event_ids"
    assert client.post("/api/incidents/999999/split", json={"event_ids": [a]}, headers=auth).status_code == 404
    assert client.post("/api/incidents/merge", json={"incident_ids": [high, low]}, headers=auth).status_code == 409


def test_add_source(client: Any, auth: dict[str, str]) -> None:
    made = ok(client.post("/api/sources", json={"name": "Enab Baladi"}, headers=auth), status=201)
    assert made["name"] == "Enab Baladi" and made["articles"] == 0
    assert "Enab Baladi" in {s["name"] for s in ok(client.get("/api/sources"))}
    dup = client.post("/api/sources", json={"name": "Enab Baladi"}, headers=auth)
    assert dup.status_code == 409
    log = ok(client.get("/api/reviews", params={"target": "source"}))
    assert log[0]["after"] == {"name": "Enab Baladi"} and log[0]["who"] == "tester"


def test_markup_in_text_is_returned_as_text(client: Any, auth: dict[str, str]) -> None:
    (event,) = events(client, q="banner")
    article = ok(client.get(f"/api/articles/{event['article_id']}"))
    assert "<script>window.__pwned = 1; alert('xss')</script>" in article["text"]
    assert article["title"] == "Protest in Aleppo <script>alert('title')</script>"
    r = client.get(f"/api/articles/{event['article_id']}")
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    # a reviewer's markup is stored and returned verbatim too (the dashboard shows it as text)
    note = "<img src=x onerror=alert(1)>"
    done = ok(client.post(f"/api/events/{event['id']}/review",
                          json={"action": "edit", "changes": {"location": "<b>Aleppo</b>"}, "note": note}, headers=auth))
    assert done["event"]["location"] == "<b>Aleppo</b>" and done["review"]["note"] == note
    csv_text = client.get("/api/events/export", params={"format": "csv", "q": "banner"}).text
    assert "<b>Aleppo</b>" in csv_text
