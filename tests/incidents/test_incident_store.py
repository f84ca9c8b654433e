"""``rasd incidents --db URL``: the invented corpus stored in a temporary SQLite store, linked, undone, rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("rasd.store", reason="the store (rasd/store/, issue 4) is not in this checkout")

from incident_corpus import HAJIN, HAJIN_AR1, HAJIN_EN, OTHERS, REGIONAL
from typer.testing import CliRunner

from rasd.cli import app
from rasd.incidents.stored import METHOD
from rasd.store import Store, open_store, pipeline_version


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'incidents.db'}"


def _store(db: str, extracted, reports) -> dict[str, list[int]]:
    """Store the reports with their events; article id -> stored event ids."""
    out = {}
    with open_store(db) as store:
        for r in reports:
            article_id, _ = store.add_result(extracted[r.article_id], pipeline_version())
            out[r.article_id] = [e.id for e in store.events(article_id=article_id)]
    return out


def _run(db: str, *args: str) -> dict[str, int]:
    result = CliRunner().invoke(app, ["incidents", "--db", db, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _active(store: Store) -> list[set[int]]:
    return sorted((set(i.event_ids) for i in store.incidents()), key=min)


def test_store_link_undo_extend_rebuild(db, extracted):
    ids = _store(db, extracted, (*HAJIN, *OTHERS))
    hajin = {e for r in HAJIN for e in ids[r.article_id]}
    assert len(hajin) == 3

    counts = _run(db)
    assert counts["events"] == 6 and counts["articles"] == 6 and counts["incidents"] == 1 and counts["created"] == 1
    with open_store(db) as store:
        assert _active(store) == [hajin]
        (inc,) = store.incidents()
        assert inc.method == METHOD
        reasons = {m.event_id: m.reason for m in inc.members}
        assert sum(r.startswith("representative:") for r in reasons.values()) == 1
        assert sum("places 0.0 km apart (Hajin ~ Hajin)" in r for r in reasons.values()) == 2
        assert store.stats()["incidents"] == 1

    # running again changes nothing
    assert _run(db)["unchanged"] == 1
    with open_store(db) as store:
        assert len(store.incidents(include_undone=True)) == 1

    # an analyst takes the English report out; it is not merged back, even by a rebuild
    english = ids[HAJIN_EN.article_id][0]
    with open_store(db) as store:
        assert store.undo_member(inc.id, english)
    counts = _run(db)
    assert counts["apart"] == 2 and counts["unchanged"] == 1 and counts["created"] == 0
    with open_store(db) as store:
        assert _active(store) == [hajin - {english}]

    # a fourth report arrives: the stored incident is extended
    ids.update(_store(db, extracted, [REGIONAL]))
    counts = _run(db)
    assert counts["extended"] == 1
    regional = ids[REGIONAL.article_id][0]
    with open_store(db) as store:
        assert _active(store) == [hajin - {english} | {regional}]
        (inc2,) = store.incidents()
        assert inc2.id == inc.id
        assert "corroborated by same toll 3" in next(m.reason for m in inc2.members if m.event_id == regional)

    counts = _run(db, "--rebuild")
    assert counts["undone"] == 1 and counts["created"] == 1
    with open_store(db) as store:
        assert _active(store) == [hajin - {english} | {regional}]
        assert len(store.incidents(include_undone=True)) == 2
        assert store.stats()["incidents"] == 1
    assert _run(db, "--rebuild")["apart"] == 2  # the analyst's undo survives rebuilds


def test_incidents_made_by_hand_are_left_alone(db, extracted):
    ids = _store(db, extracted, HAJIN)
    first = ids[HAJIN_AR1.article_id][0]
    with open_store(db) as store:
        store.create_incident([(first, "by hand")], method="analyst")
    counts = _run(db)
    assert counts["events"] == 2 and counts["created"] == 1
    with open_store(db) as store:
        methods = sorted(i.method or "" for i in store.incidents())
        assert methods == ["analyst", METHOD]


def test_a_database_that_cannot_be_opened_is_exit_2(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    result = CliRunner().invoke(app, ["incidents", "--db", f"sqlite:///{tmp_path / 'a-file' / 'store.db'}"])
    assert result.exit_code == 2, result.output


def test_reextraction_links_the_new_events_again(db, extracted):
    # re-extraction replaces machine events, and their memberships go with them; `rasd ingest
    # --reextract` links the new events again, so the incident survives a rules update
    _store(db, extracted, (*HAJIN, *OTHERS))
    assert _run(db)["created"] == 1
    result = CliRunner().invoke(app, ["ingest", "--reextract", "--force", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["reextracted"] == 6
    assert out["incidents_relinked"]["created"] == 1 and out["incidents_relinked"]["undone"] == 1
    with open_store(db) as store:
        (inc,) = store.incidents()
        events = {e.id for e in store.events()}
        assert set(inc.event_ids) <= events and len(inc.event_ids) == 3
        assert len(store.incidents(include_undone=True)) == 2  # the first, undone, kept as history


def test_reextraction_without_incidents_links_nothing(db, extracted):
    _store(db, extracted, OTHERS)
    result = CliRunner().invoke(app, ["ingest", "--reextract", "--force", "--db", db])
    assert result.exit_code == 0, result.output
    assert "incidents: re-linked" not in result.output
    with open_store(db) as store:
        assert store.incidents(include_undone=True) == []
