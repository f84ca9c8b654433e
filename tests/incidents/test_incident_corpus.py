"""The invented corpus (conftest.py) through the real extractor and the incident linker."""

from __future__ import annotations

import random

from incident_corpus import (
    ABU_HARDOUB,
    COPY,
    EVENT_DAY,
    HAJIN,
    HAJIN_AR1,
    HAJIN_EN,
    OTHERS,
    PROTEST,
    REGIONAL,
    THIBAN_DRONE,
    THIBAN_IED,
)

from rasd.incidents import Incident, event_refs, explain, incidents_from_results, link_incidents, near_duplicates, split


def _refs(extracted, reports):
    return [ref for r in reports for ref in event_refs(extracted[r.article_id])]


def _incident_of(incidents: list[Incident], article_id: str) -> Incident:
    hits = [i for i in incidents if article_id in i.article_ids]
    assert len(hits) == 1, f"{article_id} is in {len(hits)} incidents"
    return hits[0]


def _shape(incidents: list[Incident]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(i.id, i.event_ids, tuple(m.reason for m in i.members)) for i in incidents]


def test_the_extractor_codes_each_report(extracted):
    """Every report of the corpus gives one event of the expected kind, place and day."""
    expected = {
        **{r.article_id: ("Remote explosive/landmine/IED", "Hajin", 1) for r in HAJIN},
        THIBAN_DRONE.article_id: ("Air/drone strike", "Thiban", 1),
        THIBAN_IED.article_id: ("Remote explosive/landmine/IED", "Thiban", 1),
        ABU_HARDOUB.article_id: ("Remote explosive/landmine/IED", "Abu Hardoub", 1),
        REGIONAL.article_id: ("Remote explosive/landmine/IED", "Deir-ez-Zor", 3),
    }
    for article_id, (sub, location, precision) in expected.items():
        recs = [e.to_record() for e in extracted[article_id].events]
        assert len(recs) == 1, (article_id, recs)
        rec = recs[0]
        assert (rec["sub_event_type"], rec["location"], rec["geo_precision"]) == (sub, location, precision), article_id
        assert (rec["event_date"], rec["country"], rec["admin1_code"]) == (EVENT_DAY, "SYR", "SY09"), article_id


def test_three_outlets_one_incident(extracted):
    incidents = link_incidents(_refs(extracted, (*HAJIN, *OTHERS)))
    hajin = _incident_of(incidents, HAJIN_AR1.article_id)
    assert set(hajin.article_ids) == {r.article_id for r in HAJIN}
    assert hajin.sources == ("ar-outlet-1", "ar-outlet-2", "en-outlet-1")
    assert len(hajin.members) == 3
    assert hajin.record["n_events"] == 3 and hajin.record["sources"] == list(hajin.sources)
    assert hajin.record["location"] == "Hajin" and hajin.record["fatalities"] == 3
    rep = hajin.member(hajin.representative)
    assert rep.reason.startswith("representative:")
    for m in hajin.members:
        if m is rep:
            continue
        assert m.reason.startswith(f"matches {rep.event_id}: same type Explosions/Remote violence"), m.reason
        assert "km apart (Hajin ~ Hajin)" in m.reason and f"dates {EVENT_DAY}/{EVENT_DAY}" in m.reason
        assert "compatible" in m.reason


def test_same_day_same_governorate_stay_apart(extracted):
    """Another town 25 km away with the same sub-type, and a drone strike and a bomb in one town."""
    incidents = link_incidents(_refs(extracted, (*HAJIN, *OTHERS)))
    assert len(incidents) == 4
    for report in OTHERS:
        alone = _incident_of(incidents, report.article_id)
        assert alone.event_ids == (f"{report.article_id}#0",)
        assert alone.record["admin1_code"] == "SY09" and alone.record["event_date"] == EVENT_DAY
    a, b, c, d = (event_refs(extracted[r.article_id])[0] for r in (HAJIN_AR1, ABU_HARDOUB, THIBAN_DRONE, THIBAN_IED))
    assert explain(a, b).startswith("apart: places 25.0 km apart (Hajin ~ Abu Hardoub), more than 10 km")
    assert explain(c, d).startswith("apart: weak match (sub-types differ) without enough corroboration")


def test_a_regional_report_joins_the_incident_it_corroborates(extracted):
    """"three SDF members killed in the eastern countryside": region-level, same toll as Hajin."""
    incidents = link_incidents(_refs(extracted, (*HAJIN, *OTHERS, REGIONAL)))
    hajin = _incident_of(incidents, REGIONAL.article_id)
    assert set(hajin.article_ids) == {r.article_id for r in (*HAJIN, REGIONAL)}
    assert hajin.representative != f"{REGIONAL.article_id}#0"  # the precise reports represent it
    reason = hajin.member(f"{REGIONAL.article_id}#0").reason
    assert "at geo precision 3" in reason and "weak (place known only to the region) corroborated by same toll 3" in reason
    assert _incident_of(incidents, ABU_HARDOUB.article_id).event_ids == (f"{ABU_HARDOUB.article_id}#0",)


def test_near_duplicate_copy_is_linked_and_unrelated_is_not(extracted):
    reports = (*HAJIN, *OTHERS, COPY, PROTEST)
    links = near_duplicates([(r.article_id, f"{r.title}\n{r.text}") for r in reports])
    assert [(l.a, l.b) for l in links] == [(HAJIN_AR1.article_id, COPY.article_id)]
    assert 0.7 <= links[0].similarity < 1.0
    linked = incidents_from_results(extracted[r.article_id] for r in reports)
    assert linked.duplicates == links
    hajin = _incident_of(linked.incidents, COPY.article_id)
    assert len(hajin.members) == 4 and len(hajin.sources) == 4
    assert f"near-duplicate articles {links[0].similarity:.2f}" in hajin.member(f"{COPY.article_id}#0").reason
    assert len(_incident_of(linked.incidents, PROTEST.article_id).members) == 1


def test_undo_a_merge(extracted):
    refs = _refs(extracted, (*HAJIN, *OTHERS))
    hajin = _incident_of(link_incidents(refs), HAJIN_AR1.article_id)
    english = f"{HAJIN_EN.article_id}#0"
    without, alone = split(hajin, english, "analyst: the English report is about another blast")
    assert english not in without.event_ids and len(without.members) == 2
    assert alone.event_ids == (english,)
    assert alone.members[0].reason == f"split from {hajin.id}: analyst: the English report is about another blast"
    assert without.id != hajin.id and alone.id != hajin.id
    undo = alone.undos[0]
    assert undo in without.undos and undo.incident_id == hajin.id and set(undo.apart_from) == set(without.event_ids)
    # a rebuild that knows the undo keeps it; one that does not re-makes the merge
    again = link_incidents(refs, apart=[undo])
    assert _incident_of(again, HAJIN_AR1.article_id).id == without.id
    assert _incident_of(again, HAJIN_EN.article_id).id == alone.id
    assert _incident_of(again, HAJIN_EN.article_id).members[0].reason.startswith(f"split from {hajin.id}: ")
    assert _incident_of(link_incidents(refs), HAJIN_EN.article_id).id == hajin.id


def test_order_does_not_matter(extracted):
    reports = (*HAJIN, *OTHERS, REGIONAL, COPY, PROTEST)
    refs = _refs(extracted, reports)
    dups = near_duplicates([(r.article_id, f"{r.title}\n{r.text}") for r in reports])
    first = _shape(link_incidents(refs, duplicates=dups))
    rng = random.Random(20250819)
    for _ in range(40):
        rng.shuffle(refs)
        shuffled_dups = [(l.b, l.a, l.similarity) if rng.random() < 0.5 else l for l in dups]
        rng.shuffle(shuffled_dups)
        assert _shape(link_incidents(refs, duplicates=shuffled_dups)) == first
    texts = [(r.article_id, r.text) for r in reports]
    rng.shuffle(texts)
    assert near_duplicates(texts) == near_duplicates(sorted(texts))
