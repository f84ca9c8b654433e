"""When two events from different articles are one incident: the merge rules.

:func:`compare` checks a pair of events and returns a :class:`Verdict` with the
reason, in words, for the merge or for keeping them apart. The gates, all
required (thresholds in :class:`Policy`):

1. **different articles** — events of one article are never merged: the coder
   already decided they are distinct (one event per place, day and type);
2. **same country and same event type** — the six CODEBOOK types are not mixed
   (the coder keeps Battles and Explosions/Remote violence apart even inside one
   article, so merging them across articles would contradict it); a different
   sub-type is allowed but is a *weakness* (see below);
3. **compatible actors** — actor1s agree, or one is unknown (empty or
   ``UNIDENTIFIED``), or they are allies acting together (``data/allies.tsv``, or
   one is the other's ``assoc_actor1``); the same holds for actor2, where
   ``CIVILIANS`` is compatible with anything (outlets disagree on whether the dead
   were fighters or civilians). In Battles, the same two sides named in the other
   order are compatible (a clash is mutual). Conflicting named actors block;
4. **place** by the coarser ``geo_precision`` of the two: 1 (a town) — at most
   ``km_town`` (10 km) apart; 2 (near a town) — at most ``km_near`` (25 km) apart or
   the same admin2; 3 (a region) — the same admin1. Without coordinates the names
   decide (same location; same admin2; same admin1);
5. **date** by the coarser ``time_precision``: 1 — at most ``days_day`` (1) day
   apart; 2 — at most ``days_span`` (3) days; 3 — the same month.

Weaknesses: the place matched only at region level (precision 3), the date only
at month level (precision 3), or the sub-types differ. A weak match is merged
only when corroborated: near-duplicate articles corroborate any number of
weaknesses (the same text is the same story); otherwise each weakness needs one
corroboration of its own: the same positive toll, or a shared named actor (not
``UNIDENTIFIED``/``CIVILIANS``/``PROTESTERS``). A strong match needs nothing more;
near-duplicate articles then only raise its score, so it is merged first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rasd.events.roles import allied_pair
from rasd.geo.distance import haversine_km
from rasd.incidents.duplicates import DEFAULT_THRESHOLD
from rasd.incidents.model import EventRef
from rasd.text.normalise import fold

#: actor ids that name nobody in particular
UNKNOWN_ACTORS = frozenset({"", "UNIDENTIFIED"})
#: actor ids too generic to corroborate a match (every VAC event has CIVILIANS)
GENERIC_ACTORS = frozenset({"UNIDENTIFIED", "CIVILIANS", "PROTESTERS"})
BATTLES = "Battles"


@dataclass(frozen=True, slots=True)
class Policy:
    """The thresholds of the merge rules (see the module docstring)."""

    km_town: float = 10.0
    km_near: float = 25.0
    days_day: int = 1
    days_span: int = 3
    duplicate_threshold: float = DEFAULT_THRESHOLD


DEFAULT_POLICY = Policy()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of comparing two events: linked or not, a score to order merges, and why."""

    linked: bool
    score: float
    reason: str


def _no(reason: str) -> Verdict:
    return Verdict(False, 0.0, reason)


def _str(rec: Mapping[str, Any], key: str) -> str:
    v = rec.get(key)
    return "" if v is None else str(v)


def _precision(rec: Mapping[str, Any], key: str) -> int:
    v = rec.get(key)
    return v if isinstance(v, int) and v in (1, 2, 3) else 3


def _date(rec: Mapping[str, Any]) -> date | None:
    v = rec.get("event_date")
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


def _coords(rec: Mapping[str, Any]) -> tuple[float, float] | None:
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def _same_name(x: str, y: str) -> bool:
    return bool(x) and bool(y) and fold(x).strip() == fold(y).strip()


def _same_admin1(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    ca, cb = _str(a, "admin1_code"), _str(b, "admin1_code")
    if ca and cb:
        return ca == cb
    return _same_name(_str(a, "admin1"), _str(b, "admin1"))


def _place_label(rec: Mapping[str, Any]) -> str:
    return _str(rec, "location") or _str(rec, "admin1") or "?"


@dataclass(frozen=True, slots=True)
class _Check:
    ok: bool
    text: str
    weak: str = ""  # what makes a passing check weak
    closeness: float = 1.0  # 1 = same point/day, 0 = at the limit


@dataclass(frozen=True, slots=True)
class Facts:
    """What :func:`may_match` needs of a record, computed once per event."""

    day: date | None
    time_precision: int
    geo_precision: int
    coords: tuple[float, float] | None
    admin1_code: str
    admin1: str  # folded
    admin2: str  # folded

    @classmethod
    def of(cls, rec: Mapping[str, Any]) -> Facts:
        return cls(_date(rec), _precision(rec, "time_precision"), _precision(rec, "geo_precision"), _coords(rec),
                   _str(rec, "admin1_code"), fold(_str(rec, "admin1")).strip(), fold(_str(rec, "admin2")).strip())

    def same_admin1(self, other: Facts) -> bool:
        """As :func:`_same_admin1`: the codes when both have one, else the (folded) names."""
        if self.admin1_code and other.admin1_code:
            return self.admin1_code == other.admin1_code
        return bool(self.admin1) and self.admin1 == other.admin1


def may_match(a: Facts, b: Facts, policy: Policy = DEFAULT_POLICY) -> bool:
    """A quick necessary condition of the date and place gates (False only when :func:`compare`
    would keep the pair apart), so that most pairs never pay for building reasons."""
    if a.day is None or b.day is None:
        return False
    tl = max(a.time_precision, b.time_precision)
    if tl == 3:
        if (a.day.year, a.day.month) != (b.day.year, b.day.month):
            return False
    elif abs((a.day - b.day).days) > (policy.days_day if tl == 1 else policy.days_span):
        return False
    gl = max(a.geo_precision, b.geo_precision)
    if gl == 3 or a.coords is None or b.coords is None:
        return a.same_admin1(b)
    same_admin2 = gl == 2 and bool(a.admin2) and a.admin2 == b.admin2 and a.same_admin1(b)
    if same_admin2:
        return True
    limit = policy.km_town if gl == 1 else policy.km_near
    # a degree of latitude is at least 110.5 km: a cheap lower bound of the distance first
    if abs(a.coords[0] - b.coords[0]) * 110.5 > limit:
        return False
    return haversine_km(*a.coords, *b.coords) <= limit


def check_place(a: Mapping[str, Any], b: Mapping[str, Any], policy: Policy = DEFAULT_POLICY) -> _Check:
    """Gate 4: the places are close enough for the coarser precision of the two."""
    if _str(a, "country") != _str(b, "country") or not _str(a, "country"):
        return _Check(False, f"countries differ ({_str(a, 'country') or '?'} / {_str(b, 'country') or '?'})")
    level = max(_precision(a, "geo_precision"), _precision(b, "geo_precision"))
    names = f"({_place_label(a)} ~ {_place_label(b)})"
    ca, cb = _coords(a), _coords(b)
    km = haversine_km(*ca, *cb) if ca and cb else None
    if level == 3:
        if _same_admin1(a, b):
            region = _str(a, "admin1") or _str(b, "admin1") or _str(a, "admin1_code")
            return _Check(True, f"same admin1 {region} {names} at geo precision 3", weak="place known only to the region",
                          closeness=0.0)
        return _Check(False, f"different admin1 {names} at geo precision 3")
    limit = policy.km_town if level == 1 else policy.km_near
    if km is not None:
        if km <= limit:
            return _Check(True, f"places {km:.1f} km apart {names}, within {limit:g} km at geo precision {level}",
                          closeness=1.0 - km / limit if limit else 1.0)
        if level == 2 and _str(a, "admin2") and _same_name(_str(a, "admin2"), _str(b, "admin2")) and _same_admin1(a, b):
            return _Check(True, f"places {km:.1f} km apart {names} but same admin2 {_str(a, 'admin2')} at geo precision 2",
                          closeness=0.0)
        return _Check(False, f"places {km:.1f} km apart {names}, more than {limit:g} km at geo precision {level}")
    # no coordinates: the names decide
    if _same_name(_str(a, "location"), _str(b, "location")) and _same_admin1(a, b):
        return _Check(True, f"same location {names} (no coordinates)", closeness=0.5)
    if level == 2 and _same_name(_str(a, "admin2"), _str(b, "admin2")) and _same_admin1(a, b):
        return _Check(True, f"same admin2 {_str(a, 'admin2')} {names} (no coordinates)", closeness=0.0)
    return _Check(False, f"places {names} not shown to be the same (no coordinates)")


def check_date(a: Mapping[str, Any], b: Mapping[str, Any], policy: Policy = DEFAULT_POLICY) -> _Check:
    """Gate 5: the dates are within the window of the coarser time precision of the two."""
    da, db = _date(a), _date(b)
    if da is None or db is None:
        return _Check(False, "an event has no date")
    level = max(_precision(a, "time_precision"), _precision(b, "time_precision"))
    pair = f"dates {da.isoformat()}/{db.isoformat()}"
    if level == 3:
        if (da.year, da.month) == (db.year, db.month):
            return _Check(True, f"{pair} in the same month at time precision 3", weak="date known only to the month",
                          closeness=0.0)
        return _Check(False, f"{pair} in different months at time precision 3")
    window = policy.days_day if level == 1 else policy.days_span
    gap = abs((da - db).days)
    if gap <= window:
        return _Check(True, f"{pair} within the ±{window} day window of time precision {level}",
                      closeness=1.0 - gap / (window + 1))
    return _Check(False, f"{pair} are {gap} days apart, more than ±{window} at time precision {level}")


def _named(actor: str) -> bool:
    return actor not in UNKNOWN_ACTORS


def _side_ok(x: str, y: str, x_assoc: str, y_assoc: str) -> str | None:
    """How two actors in one role are compatible, or None when they conflict."""
    if x == y:
        return "same" if _named(x) else "unknown"
    if not _named(x) or not _named(y):
        return "one unknown"
    if allied_pair(x, y) or (x_assoc and x_assoc == y) or (y_assoc and y_assoc == x):
        return "allied"
    return None


def check_actors(a: Mapping[str, Any], b: Mapping[str, Any]) -> _Check:
    """Gate 3: no conflicting named actors (see the module docstring)."""
    a1, a2, b1, b2 = (_str(a, "actor1"), _str(a, "actor2"), _str(b, "actor1"), _str(b, "actor2"))
    aa, ba = _str(a, "assoc_actor1"), _str(b, "assoc_actor1")
    shown = f"actors {a1 or '-'}/{a2 or '-'} ~ {b1 or '-'}/{b2 or '-'}"
    one = _side_ok(a1, b1, aa, ba)
    two = "civilians" if "CIVILIANS" in (a2, b2) and a2 != b2 else _side_ok(a2, b2, "", "")
    if one is not None and two is not None:
        how = "allied" if "allied" in (one, two) else "compatible"
        return _Check(True, f"{shown} {how}")
    if (_str(a, "event_type") == BATTLES and _named(a1) and _named(a2) and {a1, a2} == {b1, b2}):
        return _Check(True, f"{shown} compatible (the same two sides of a clash)")
    which = "actor1" if one is None else "actor2"
    x, y = (a1, b1) if one is None else (a2, b2)
    return _Check(False, f"{which} conflict ({x} vs {y})")


def shared_named_actors(a: Mapping[str, Any], b: Mapping[str, Any]) -> set[str]:
    """Actors both events name, other than the generic ids."""
    keys = ("actor1", "assoc_actor1", "actor2")
    sa = {_str(a, k) for k in keys} - GENERIC_ACTORS - {""}
    sb = {_str(b, k) for k in keys} - GENERIC_ACTORS - {""}
    return sa & sb


def _toll(rec: Mapping[str, Any]) -> int:
    v = rec.get("fatalities")
    return v if isinstance(v, int) else 0


def _short_of_corroboration(ra: Mapping[str, Any], rb: Mapping[str, Any], dup: bool) -> bool:
    """Whether the pair is weak beyond what it can corroborate, read from the records alone
    (the same outcome as the full check in :func:`compare`, without building any reason)."""
    if dup:
        return False
    weak = (int(_str(ra, "sub_event_type") != _str(rb, "sub_event_type"))
            + int(max(_precision(ra, "geo_precision"), _precision(rb, "geo_precision")) == 3)
            + int(max(_precision(ra, "time_precision"), _precision(rb, "time_precision")) == 3))
    if not weak:
        return False
    toll = _toll(ra)
    corroborations = int(toll > 0 and toll == _toll(rb)) + int(bool(shared_named_actors(ra, rb)))
    return corroborations < weak


def compare(a: EventRef, b: EventRef, similarity: float | None = None, policy: Policy = DEFAULT_POLICY, *,
            explain: bool = True) -> Verdict:
    """Whether events ``a`` and ``b`` are one incident, with the reason.

    ``similarity`` is the near-duplicate similarity of their articles, when they are
    near duplicates (None otherwise). With ``explain=False`` (the linker's hot loop) a
    weak pair without enough corroboration is refused at once, with a short reason,
    instead of first naming the gate it may also fail; the outcome is the same.
    """
    if a.event_id == b.event_id:
        return _no("the same event")
    if a.article_id == b.article_id:
        return _no("same article: the coder already made these events distinct")
    ra, rb = a.record, b.record
    ta, tb = _str(ra, "event_type"), _str(rb, "event_type")
    if not ta or ta != tb:
        return _no(f"event types differ ({ta or '?'} / {tb or '?'})")
    dup = similarity is not None and similarity >= policy.duplicate_threshold
    if not explain and _short_of_corroboration(ra, rb, dup):
        return _no("weak match without enough corroboration")
    sa, sb = _str(ra, "sub_event_type"), _str(rb, "sub_event_type")
    parts = [f"same type {ta} ({sa})" if sa == sb else f"same type {ta} ({sa} ~ {sb})"]
    weak = [] if sa == sb else ["sub-types differ"]
    score = 1.0 + (0.3 if sa == sb else 0.0)
    for check in (check_place(ra, rb, policy), check_date(ra, rb, policy), check_actors(ra, rb)):
        if not check.ok:
            return _no(check.text)
        parts.append(check.text)
        score += 0.3 * check.closeness
        if check.weak:
            weak.append(check.weak)
    if dup:
        parts.append(f"near-duplicate articles {similarity:.2f}")
        score += similarity or 0.0
    corroborations = []
    toll_a, toll_b = _toll(ra), _toll(rb)
    if toll_a > 0 and toll_a == toll_b:
        corroborations.append(f"same toll {toll_a}")
    shared = sorted(shared_named_actors(ra, rb))
    if shared:
        corroborations.append(f"shared actor {', '.join(shared)}")
    score += 0.1 * len(corroborations) - 0.3 * len(weak)
    if weak:
        if dup:
            parts.append(f"weak ({'; '.join(weak)}) but near-duplicate articles")
        elif len(corroborations) >= len(weak):
            parts.append(f"weak ({'; '.join(weak)}) corroborated by {' and '.join(corroborations)}")
        else:
            have = f" (only {' and '.join(corroborations)})" if corroborations else ""
            return _no(f"weak match ({'; '.join(weak)}) without enough corroboration{have}: " + "; ".join(parts))
    return Verdict(True, round(score, 6), "; ".join(parts))
