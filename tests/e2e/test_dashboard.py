"""The dashboard in headless Chromium against a real ``rasd serve``: filter to Deir-ez-Zor, open an
event, see its evidence highlighted, edit it as a reviewer, see the change in the table and in
the CSV export; script in article text stays text; the Arabic interface is right-to-left.

Screenshots of the main views are written to ``docs/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("rasd.store", reason="needs the store (rasd/store, issue 4)")

#: the committed screenshots are refreshed only when asked (RASD_UPDATE_SCREENSHOTS=1); else a temporary folder
SCREENSHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("RASD_UPDATE_SCREENSHOTS")
               else Path(tempfile.mkdtemp(prefix="rasd-screenshots-")))
Server = Any  # tests/e2e/conftest.py: base URL, database URL, reviewer token
expect = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package").expect


def api(server: Server, path: str, **params: Any) -> Any:
    r = httpx.get(f"{server.base}/api{path}", params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def shot(page: Any, name: str, locator: Any = None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (locator or page).screenshot(path=str(SCREENSHOTS / name), **({} if locator else {"full_page": True}))


def ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready=true]")


def wait_refreshed(page: Any, before: str | None) -> None:
    """Wait until the dashboard finished a refresh after the one counted ``before``."""
    page.wait_for_function("n => document.body.dataset.refreshes !== n", arg=before)


def test_filter_open_edit_and_export(page: Any, server: Server) -> None:
    deir = api(server, "/events", admin1="Deir-ez-Zor", limit=500)
    assert deir["count"] >= 3  # the fixture articles: Thiban, Hajin, Busayrah, Mayadin, Shuhayl

    page.goto(server.base + "/")
    ready(page)
    shot(page, "dashboard.png")

    # filter to Deir-ez-Zor with the governorate select: the URL carries the filter
    before = page.evaluate("document.body.dataset.refreshes")
    page.select_option("#filters select[name=admin1]", "Deir-ez-Zor")
    wait_refreshed(page, before)
    assert "admin1=Deir-ez-Zor" in page.url
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(deir["count"])
    for text in rows.all_inner_texts():
        assert "Deir-ez-Zor" in text
    expect(page.locator("#map .area.selected")).to_have_count(1)
    shot(page, "dashboard-deir-ez-zor.png")

    # the URL alone restores the filtered view
    page.goto(page.url)
    ready(page)
    expect(page.locator("#events-table tbody tr")).to_have_count(deir["count"])

    # open the Thiban battle (the Arabic article): its evidence is highlighted by role, right-to-left
    target = next(e for e in deir["data"] if e["location"] == "Thiban" and e["event_type"] == "Battles")
    page.locator(f"#events-table tbody tr[data-event-id='{target['id']}']").click()
    text = page.locator("#article-text")
    expect(text).to_be_visible()
    assert text.get_attribute("dir") == "rtl"
    event = api(server, f"/events/{target['id']}")["data"]
    for role in {e["role"] for e in event["evidence"]}:
        marked = "".join(page.locator(f"#article-text mark[data-roles~='{role}']").all_text_contents())
        for span in (e for e in event["evidence"] if e["role"] == role):
            assert span["text"] in marked, (role, span["text"], marked)
    assert page.locator("#article-text mark.ev-trigger").count() >= 1
    assert page.locator("#article-text mark.ev-location").count() >= 1
    article = api(server, f"/articles/{event['article_id']}")["data"]
    assert text.text_content() == article["text"]  # the whole text, exactly, highlights included
    assert "dir=rtl" not in page.url and f"event={target['id']}" in page.url
    expect(page.locator("#review-locked")).to_be_visible()  # no token: no review form
    shot(page, "event-evidence.png", page.locator("#detail"))

    # sign in as a reviewer and edit the toll and the note
    page.fill("#review-token", server.token)
    page.click("#review-sign-in button[type=submit]")
    expect(page.locator("#whoami")).to_contain_text("e2e-reviewer")
    form = page.locator("#review-form")
    expect(form).to_be_visible()
    old = event["fatalities"]
    new = old + 4
    form.locator("input[name=fatalities]").fill(str(new))
    form.locator("textarea[name=note]").fill("toll checked against a second source")
    before = page.evaluate("document.body.dataset.refreshes")
    page.click("#review-save")
    wait_refreshed(page, before)
    row = page.locator(f"#events-table tbody tr[data-event-id='{target['id']}']")
    expect(row.locator(".fatalities")).to_have_text(str(new))
    expect(row.locator(".badge")).to_have_text("edited")
    history = page.locator("#history")
    expect(history).to_contain_text("e2e-reviewer")
    expect(history.locator("li[data-field=fatalities] del")).to_have_text(str(old))
    expect(history.locator("li[data-field=fatalities] ins")).to_have_text(str(new))
    expect(history.locator("li[data-field=status] ins")).to_have_text("edited")
    shot(page, "review-form.png", page.locator("#review"))
    shot(page, "review-history.png", page.locator("#history"))

    # the API says so too, with who and before/after
    stored = api(server, f"/events/{target['id']}")["data"]
    assert stored["status"] == "edited" and stored["fatalities"] == new
    assert stored["history"][0]["who"] == "e2e-reviewer"
    assert stored["history"][0]["before"] == {"fatalities": old, "status": "machine"}

    # the CSV export of the filtered set (a real download from the export link) has the change
    page.click("#detail-close")
    expect(page.locator("#detail")).to_be_hidden()
    assert "event=" not in page.url
    with page.expect_download() as info:
        page.click("#export-csv")
    body = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows_csv = list(csv.DictReader(io.StringIO(body)))
    assert len(rows_csv) == deir["count"]
    mine = next(r for r in rows_csv if r["rasd_event_id"] == str(target["id"]))
    assert mine["fatalities"] == str(new) and mine["rasd_status"] == "edited"
    assert {r["admin1"] for r in rows_csv} == {"Deir-ez-Zor"}

    # reviewed only: the export holds the edited event alone
    page.check("#export-reviewed")
    href = page.locator("#export-csv").get_attribute("href")
    assert "reviewed=true" in href and "admin1=Deir-ez-Zor" in href
    reviewed = list(csv.DictReader(io.StringIO(httpx.get(server.base + href, timeout=30).content.decode("utf-8-sig"))))
    assert [r["rasd_event_id"] for r in reviewed] == [str(target["id"])]

    assert page.errors == [] and page.dialogs == []


def test_script_in_article_text_is_shown_as_text(page: Any, server: Server) -> None:
    events = api(server, "/events", q="banner")["data"]
    assert len(events) == 1
    page.goto(f"{server.base}/?event={events[0]['id']}")
    ready(page)
    text = page.locator("#article-text")
    expect(text).to_contain_text("<script>window.__pwned = 1; alert('xss')</script>")
    expect(text).to_contain_text('<img src=x onerror="window.__pwned=2">')
    expect(page.locator(".article-title")).to_have_text("Protest in Aleppo <script>alert('title')</script>")
    assert page.locator("#detail script").count() == 0 and page.locator("#detail img").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    assert text.get_attribute("dir") == "ltr"
    assert page.dialogs == [] and page.errors == []


def test_arabic_interface_is_right_to_left(page: Any, server: Server) -> None:
    page.goto(f"{server.base}/?lang=ar&admin1=Deir-ez-Zor")
    ready(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    expect(page.locator("#table-title")).to_have_text("الأحداث")
    expect(page.locator("#events-table tbody tr").first).to_be_visible()
    # the filter panel sits at the right edge in Arabic
    box = page.locator("#filters label").first.bounding_box()
    assert box["x"] > 1400 / 2
    shot(page, "dashboard-ar.png")
    page.select_option("#trend-by", "actor")
    expect(page.locator("#trends")).to_contain_text("ISIS")
    shot(page, "trends-ar.png", page.locator(".trends-panel"))
    assert page.errors == [] and page.dialogs == []


def test_trends_panel_and_timeline(page: Any, server: Server) -> None:
    page.goto(server.base + "/")
    ready(page)
    trends = api(server, "/trends", dimension="admin1")["data"]
    first = trends["trends"][0]
    panel = page.locator("#trends")
    expect(panel.locator("tbody tr").first.locator("th")).to_have_text(first["label"])
    expect(page.locator("#trend-week")).to_contain_text(trends["week"])
    bars = page.locator("#timeline rect.bar")
    weekly = api(server, "/trends/weekly")["data"]
    expect(bars).to_have_count(len(weekly))
    shot(page, "trends.png", page.locator(".trends-panel"))
    # a click on a week's bar filters to that week
    busy = next(w for w in weekly if w["events"] > 0)
    before = page.evaluate("document.body.dataset.refreshes")
    page.locator(f"#timeline rect.bar[data-week='{busy['week']}']").click()
    wait_refreshed(page, before)
    assert f"date_from={busy['week']}" in page.url
    expect(page.locator("#events-table tbody tr")).to_have_count(busy["events"])
    assert page.errors == [] and page.dialogs == []


def test_merge_two_events_into_an_incident(page: Any, server: Server) -> None:
    deir = api(server, "/events", admin1="Deir-ez-Zor", limit=500)["data"]
    first, second = deir[-1]["id"], deir[-2]["id"]
    page.goto(f"{server.base}/?event={first}")
    ready(page)
    expect(page.locator(".incident")).to_contain_text("Not merged")
    page.fill("#review-token", server.token)
    page.click("#review-sign-in button[type=submit]")
    expect(page.locator("#review-form")).to_be_visible()
    page.fill(".incident input[type=number]", str(second))
    page.click(".incident form button[type=submit]")
    expect(page.locator(".incident .members li")).to_have_count(2)
    incident = api(server, f"/events/{first}")["data"]["incident_id"]
    assert incident is not None and api(server, f"/events/{second}")["data"]["incident_id"] == incident
    assert api(server, f"/incidents/{incident}")["data"]["history"][0]["who"] == "e2e-reviewer"
    # and out again: the event panel's split button
    page.click(".incident button.secondary")
    expect(page.locator(".incident")).to_contain_text("Not merged")
    assert api(server, f"/events/{first}")["data"]["incident_id"] is None
    assert page.errors == [] and page.dialogs == []
