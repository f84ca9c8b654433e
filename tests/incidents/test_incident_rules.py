"""The merge rules on hand-made CODEBOOK §8 records: each gate, its threshold, and the clustering."""

from __future__ import annotations

import math
import random

import pytest

from rasd.incidents import EventRef, Policy, compare, incident_id, incident_toll, link_incidents, split
from rasd.incidents.rules import Facts, haversine_km, may_match

HAJIN = (34.6951, 40.8314)


def east(km: float) -> tuple[float, float]:
    """The point ``km`` east of Hajin."""
    lat, lon = HAJIN
    return lat, round(lon + km / (111.32 * math.cos(math.radians(lat))), 4)


def ref(event_id: str, article_id: str | None = None, source: str | None = None, **fields) -> EventRef:
    rec = {
        "article_id": article_id or event_id, "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED", "actor1": "UNIDENTIFIED", "assoc_actor1": None,
        "actor2": "SDF", "country": "SYR", "admin1": "Deir-ez-Zor", "admin1_code": "SY09", "admin2": "Abu Kamal",
        "admin3": "Hajin", "location": "Hajin", "location_ar": "هجين", "latitude": HAJIN[0], "longitude": HAJIN[1],
        "geo_precision": 1, "event_date": "2025-08-19", "time_precision": 1, "fatalities": 3,
        "civilian_targeting": False, "evidence": [],
    }
    if "at_km" in fields:
        rec["latitude"], rec["longitude"] = east(fields.pop("at_km"))
        rec["location"] = rec["admin3"] = None
    rec.update(fields)
    return EventRef(event_id, article_id or event_id, source or f"outlet-{event_id}", rec)


def linked(a: EventRef, b: EventRef, similarity: float | None = None) -> bool:
    v = compare(a, b, similarity)
    assert v.linked == compare(b, a, similarity).linked  # symmetric
    return v.linked


def test_east_helper_is_accurate():
    assert haversine_km(*HAJIN, *east(9.0)) == pytest.approx(9.0, abs=0.05)


@pytest.mark.parametrize(("precision", "km", "merged"), [
    (1, 9.0, True), (1, 11.0, False), (2, 20.0, True), (2, 30.0, False),
])
def test_distance_depends_on_geo_precision(precision, km, merged):
    a = ref("a")
    b = ref("b", at_km=km, geo_precision=precision, admin2="Other district")
    assert linked(a, b) is merged


def test_near_a_town_may_be_farther_within_the_same_admin2():
    assert linked(ref("a"), ref("b", at_km=30.0, geo_precision=2))  # both in Abu Kamal district
    assert not linked(ref("a"), ref("b", at_km=30.0, geo_precision=2, admin2="Al Mayadin"))


def test_region_level_needs_same_admin1_and_corroboration():
    region = {"geo_precision": 3, "location": "Deir-ez-Zor", "latitude": 35.3359, "longitude": 40.1408}
    assert linked(ref("a"), ref("b", **region))  # same toll 3 and shared actor SDF
    assert not linked(ref("a"), ref("b", **region, admin1="Al-Hasakeh", admin1_code="SY08"))
    v = compare(ref("a", fatalities=0, actor2=None), ref("b", **region, fatalities=0, actor2=None))
    assert not v.linked and v.reason.startswith("weak match (place known only to the region) without enough corroboration")


@pytest.mark.parametrize(("precision", "day", "merged"), [
    (1, "2025-08-20", True), (1, "2025-08-21", False), (2, "2025-08-22", True), (2, "2025-08-23", False),
    (3, "2025-08-31", True), (3, "2025-09-01", False),
])
def test_date_window_depends_on_time_precision(precision, day, merged):
    assert linked(ref("a"), ref("b", event_date=day, time_precision=precision)) is merged


def test_actor_rules():
    assert linked(ref("a", actor1="ISIS"), ref("b", actor1="UNIDENTIFIED"))
    assert linked(ref("a", actor1="ISIS"), ref("b", actor1=None))
    v = compare(ref("a", actor1="ISIS"), ref("b", actor1="SYR-MIL-2024"))
    assert not v.linked and v.reason == "actor1 conflict (ISIS vs SYR-MIL-2024)"
    # allies acting together, and a partner named as the associate of the other's actor1
    assert linked(ref("a", actor1="SYR-MIL-2000"), ref("b", actor1="RUS-MIL"))
    assert linked(ref("a", actor1="SDF", assoc_actor1="COALITION"), ref("b", actor1="COALITION"))
    # actor2: CIVILIANS is compatible with a named force, two different forces are not
    assert linked(ref("a", actor2="CIVILIANS"), ref("b", actor2="SDF"))
    assert not linked(ref("a", actor2="SYR-MIL-2024"), ref("b", actor2="SDF"))


def test_a_clash_may_name_its_two_sides_in_either_order():
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    assert linked(ref("a", actor1="ISIS", actor2="SDF", **battle), ref("b", actor1="SDF", actor2="ISIS", **battle))
    assert not linked(ref("a", actor1="ISIS", actor2="SDF"), ref("b", actor1="SDF", actor2="ISIS"))  # an IED is not mutual


def test_types_must_agree_and_sub_types_need_corroboration():
    assert not linked(ref("a"), ref("b", event_type="Battles", sub_event_type="Armed clash"))
    drone = {"sub_event_type": "Air/drone strike"}
    assert linked(ref("a"), ref("b", **drone))  # same toll, shared actor
    assert not linked(ref("a", fatalities=0, actor2=None), ref("b", fatalities=0, actor2=None, **drone))
    assert linked(ref("a", fatalities=2, actor2=None), ref("b", fatalities=2, actor2=None, **drone))


def test_near_duplicate_articles_corroborate_a_weak_match():
    a = ref("a", fatalities=0, actor2=None)
    b = ref("b", fatalities=0, actor2=None, sub_event_type="Shelling/artillery/missile attack",
            event_date="2025-08-05", time_precision=3)
    assert not linked(a, b)
    assert not linked(a, b, similarity=0.5)  # below the threshold: not near duplicates
    v = compare(a, b, 0.82)
    assert v.linked and v.reason.endswith("near-duplicate articles 0.82; weak (sub-types differ; date known only to the "
                                          "month) but near-duplicate articles")
    assert compare(ref("a"), ref("b"), 0.82).score > compare(ref("a"), ref("b")).score  # and strengthen a strong one
    assert not compare(ref("a"), ref("b", at_km=40.0), 0.99).linked  # but never override a gate


def test_events_of_one_article_are_never_merged():
    a, b = ref("a#0", article_id="art"), ref("a#1", article_id="art")
    assert compare(a, b).reason == "same article: the coder already made these events distinct"
    c = ref("c")  # compatible with both
    incidents = link_incidents([a, b, c])
    assert sorted(len(i.members) for i in incidents) == [1, 2]


def test_chains_do_not_drift():
    """a–b 8 km, b–c 8 km, a–c 16 km: never all three in one incident."""
    a, b, c = ref("a"), ref("b", at_km=8.0), ref("c", at_km=16.0)
    assert linked(a, b) and linked(b, c) and not linked(a, c)
    incidents = link_incidents([a, b, c])
    assert sorted(len(i.members) for i in incidents) == [1, 2]


def test_closest_pair_merges_first():
    """a–b 6 km, b–c 5 km, a–c 11 km: b goes with c, its closer match."""
    a, b, c = ref("a"), ref("b", at_km=6.0), ref("c", at_km=11.0)
    assert linked(a, b) and linked(b, c) and not linked(a, c)
    groups = sorted(i.event_ids for i in link_incidents([a, b, c]))
    assert groups == [("a",), ("b", "c")]


def test_incident_ids_are_stable():
    assert incident_id(["b", "a"]) == incident_id(["a", "b"]) == incident_id(("a", "b", "a"))
    assert incident_id(["a", "b"]) != incident_id(["a", "b", "c"])
    inc = link_incidents([ref("x"), ref("y")])[0]
    assert inc.id == incident_id(["x", "y"]) == inc.record["incident_id"]
    with pytest.raises(ValueError):
        incident_id([])


def test_toll_is_the_lowest_given():
    assert incident_toll([ref("a", fatalities=5), ref("b", fatalities=3), ref("c", fatalities=0)]) == 3
    assert incident_toll([ref("a", fatalities=0)]) == 0
    inc = link_incidents([ref("a", fatalities=4), ref("b", fatalities=3, at_km=1.0)])[0]
    assert inc.record["fatalities"] == 3


def test_representative_is_the_most_precise_report():
    region = ref("a", geo_precision=3, location="Deir-ez-Zor")
    town = ref("b")
    inc = link_incidents([region, town])[0]
    assert inc.representative == "b" and inc.record["location"] == "Hajin"
    assert inc.member("a").reason.startswith("matches b: ")


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="given twice"):
        link_incidents([ref("a"), ref("a")])
    inc = link_incidents([ref("a"), ref("b")])[0]
    with pytest.raises(KeyError):
        split(inc, "zzz")
    alone = link_incidents([ref("a")])[0]
    with pytest.raises(ValueError, match="nothing to split"):
        split(alone, "a")


def test_undo_by_event_pair_and_policy_thresholds():
    a, b = ref("a"), ref("b", at_km=5.0)
    assert len(link_incidents([a, b])) == 1
    assert len(link_incidents([a, b], apart=[("b", "a")])) == 2
    assert len(link_incidents([a, b], policy=Policy(km_town=4.0))) == 2


def test_split_re_explains_when_the_representative_leaves():
    a, b, c = ref("a"), ref("b", at_km=1.0, geo_precision=2), ref("c", at_km=2.0, geo_precision=2)
    inc = link_incidents([a, b, c])[0]
    assert inc.representative == "a"
    without, alone = split(inc, "a", "wrong town")
    assert without.representative == "b" and without.member("b").reason.startswith("representative:")
    assert without.member("c").reason.startswith("matches b: ")
    assert alone.member("a").reason == f"split from {inc.id}: wrong town"


def test_the_quick_path_decides_as_the_explained_one():
    """``compare(explain=False)`` (the linker's) and ``may_match`` never change an outcome."""
    rng = random.Random(4)
    subs = ["Remote explosive/landmine/IED", "Air/drone strike"]
    refs = [ref(f"e{i}", sub_event_type=rng.choice(subs), actor1=rng.choice(["ISIS", "UNIDENTIFIED", "SDF", None]),
                actor2=rng.choice(["SDF", "CIVILIANS", None]), fatalities=rng.randrange(3),
                admin1_code=rng.choice(["SY09", "SY08"]), admin2=rng.choice(["Abu Kamal", "Al Mayadin"]),
                at_km=rng.uniform(0, 40), geo_precision=rng.choice([1, 2, 3]), time_precision=rng.choice([1, 2, 3]),
                event_date=f"2025-08-{rng.randrange(14, 24)}")
            for i in range(60)]
    linked_pairs = 0
    for i, a in enumerate(refs):
        for b in refs[i + 1:]:
            full, quick = compare(a, b), compare(a, b, explain=False)
            assert (full.linked, full.score) == (quick.linked, quick.score), (a.record, b.record)
            if full.linked:
                linked_pairs += 1
                assert may_match(Facts.of(a.record), Facts.of(b.record))
    assert linked_pairs > 20
