"""The coder: mentions of one article -> CODEBOOK events and trend signals.

Stages, per content sentence:

1. *cue* — the triggers of the sentence name candidate sub-types; trend cues make
   the sentence a Signal, irrealis/meeting cues (threats, plans, talks) drop it;
2. *type* — the sub-type by the CODEBOOK hierarchy and the notes of §2 (generic
   "attack"/"killed" cues are typed by who was hit);
3. *place* — the places of the sentence (else those of the sentence before, else
   the article's main region, at precision 3);
4. *time* — the date nearest the trigger (else the date in force in the discourse,
   else the publication date);
5. *actors* and *fatalities* — the actors around the trigger, the lowest killed toll;
6. *aggregate* — one event per type, place and day; a higher sub-type absorbs a lower.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rasd.events.codebook import MILITARY_INTER, RANK, SUB_TYPES, EventType, event_type_of
from rasd.model import Article, Event, Evidence, Signal, Span
from rasd.text.normalise import fold

SPECIFIC_EXPLOSIONS = ("Chemical weapon", "Suicide bomb", "Air/drone strike", "Shelling/artillery/missile attack",
                       "Remote explosive/landmine/IED", "Grenade")


@dataclass(frozen=True, slots=True)
class SentenceMentions:
    """Everything found in one sentence (all offsets are original-text offsets)."""

    span: Span
    index: int
    triggers: list[Any]
    actors: list[Any]
    places: list[Any]
    dates: list[Any]
    casualties: list[Any]
    cues: dict[str, list[int]]


@dataclass(slots=True)
class Draft:
    """An event under construction, before aggregation."""

    sub_event_type: str
    place: Any | None
    geo_precision: int
    day: date | None
    time_precision: int
    actor1: str | None
    assoc_actor1: str | None
    actor2: str | None
    fatalities: int
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    date_source: str = "sentence"
    sentence: int = -1
    date_written: bool = False  # the day is written out ("7 April"), not relative to publication


# ---------------------------------------------------------------- stage 2: type
PROTEST_SUBS = ("Excessive force against protesters", "Protest with intervention", "Peaceful protest")
STATE_FORCES_INTER = {"1", "8"}


TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def choose_sub_type(sm: SentenceMentions, actor2: str | None, actor_inter: dict[str, str],
                    actor1: str | None = None) -> tuple[str | None, float, Any]:
    """The sub-type a sentence reports, its score and the trigger that decides it.

    CODEBOOK §2 rules, in order: chemical weapons; protests and riots (protesters
    present: killed by forces -> excessive force, clashes/burning -> violent
    demonstration, dispersal -> intervention); explosions and remote violence (the most
    telling weapon cue), unless a strong clash cue outweighs them (a ground battle);
    then the strongest other cue; generic "attack"/"killed" cues are typed by who
    was hit (armed forces -> armed clash, civilians -> attack on civilians).
    """
    scores: dict[str, float] = {}
    first: dict[str, Any] = {}
    for t in sm.triggers:
        scores[t.sub_event_type] = scores.get(t.sub_event_type, 0.0) + t.weight
        first.setdefault(t.sub_event_type, t)
    if not scores:
        return None, 0.0, None
    scores.pop("*none", None)
    first.pop("*none", None)
    if not scores:
        return None, 0.0, None
    generic = scores.pop("*attack", 0.0)
    kill = scores.pop("*kill", 0.0)
    _drop_unconcluded(scores, sm.cues)
    bonus = generic + kill

    def pick(sub: str, via: str | None = None) -> tuple[str, float, Any]:
        return sub, scores.get(via or sub, 0.0) + bonus, first[via or sub]

    if scores.get("Chemical weapon", 0.0) >= 0.8:
        return pick("Chemical weapon")
    scores.pop("Chemical weapon", None)  # "chemical weapons" talked about, no attack named
    protesters = any(a.actor_id == "PROTESTERS" for a in sm.actors)
    armed = any(actor_inter.get(a.actor_id) in MILITARY_INTER for a in sm.actors if not a.adjective)
    protest_cue = next((s for s in PROTEST_SUBS if s in scores), None)
    if "Mob violence" in scores and not armed:
        return pick("Mob violence")
    trig_start = min((t.span.start for t in sm.triggers), default=0)
    armed_agent = any(actor_inter.get(a.actor_id) in MILITARY_INTER and a.span.start < trig_start
                      for a in sm.actors if not a.adjective)
    rioting = "Violent demonstration" in scores and "Looting/property destruction" not in scores \
        and (protesters or not armed_agent)
    armed_sides = {a.actor_id for a in sm.actors if not a.adjective and actor_inter.get(a.actor_id) in MILITARY_INTER}
    crowd_clash = protesters and "Armed clash" in scores and len(armed_sides) < 2  # two armed sides: a battle
    if protest_cue or rioting or crowd_clash:
        via = protest_cue or ("Violent demonstration" if "Violent demonstration" in scores else "Armed clash")
        killed = any(c.kind == "killed" for c in sm.casualties)
        forces = any(actor_inter.get(a.actor_id) in STATE_FORCES_INTER for a in sm.actors)
        if "Excessive force against protesters" in scores or (killed and forces):
            return pick("Excessive force against protesters", via)
        if "Violent demonstration" in scores or "Armed clash" in scores:
            return pick("Violent demonstration", via if via in scores else "Violent demonstration")
        if "Protest with intervention" in scores:
            return pick("Protest with intervention")
        return pick(via if via in PROTEST_SUBS else "Peaceful protest", via)
    _drop_weapon_objects(scores, sm)
    if "Violent demonstration" in scores and ("Looting/property destruction" in scores or armed_agent):
        # burning and wrecking by an armed group, not by protesters: property destruction
        scores["Looting/property destruction"] = scores.get("Looting/property destruction", 0.0) + scores["Violent demonstration"]
        first.setdefault("Looting/property destruction", first["Violent demonstration"])
        scores.pop("Violent demonstration")
    explosions = [s for s in SPECIFIC_EXPLOSIONS if s in scores]
    if explosions:
        best = explosions[0]
        # CODEBOOK §2: shelling or an air strike inside a ground battle is part of the battle
        if scores.get("Armed clash", 0.0) >= 1.0 and best not in ("Chemical weapon", "Suicide bomb") \
                and scores[best] < scores["Armed clash"]:
            best = "Armed clash"
        return pick(best)
    top = max(scores, key=lambda s: (scores[s], -RANK[s])) if scores else None
    territory = [s for s in TERRITORY if top and scores.get(s, 0.0) >= 0.6 and scores[s] >= scores[top] - 0.2
                 and (s == top or first[s].span.start < first[top].span.start)]
    if territory:
        state = actor_inter.get(actor1 or "", "") in STATE_FORCES_INTER
        sub = "Government regains territory" if state or (actor1 is None and territory[0] == TERRITORY[0]) \
            else "Non-state actor overtakes territory"
        return sub, scores[territory[0]] + bonus, first[territory[0]]
    if scores:
        best = max(scores, key=lambda s: (scores[s], -RANK[s]))
        return pick(best)
    if generic or kill:
        victim_inter = actor_inter.get(actor2 or "", "")
        trig = next(t for t in sm.triggers if t.sub_event_type in ("*attack", "*kill"))
        if generic and victim_inter in MILITARY_INTER:
            return "Armed clash", bonus, trig
        if kill and victim_inter == "7":
            return "Attack", bonus, trig
        if generic and kill:
            return "Attack", bonus - 0.2, trig
    return None, 0.0, None


#: weapon nouns that, beside an arrest or a seizure, name what was seized or made, not a blast
WEAPON_OBJECTS = frozenset({"متفجرات", "مفخخه", "مفخخات", "ناسفه", "عبوه", "عبوات", "قنبله", "قنابل", "عبوه ناسفه",
                            "عبوات ناسفه", "سياره مفخخه", "سيارات مفخخه", "صواريخ", "قذايف", "مدفعيه", "راجمات",
                            "explosives", "explosive device", "explosive devices", "improvised explosive device", "ied",
                            "bomb", "bombs", "roadside bomb", "landmine", "landmines", "rocket", "rockets", "missile",
                            "missiles", "artillery", "mortars", "car bomb"})
STRATEGIC_ACTS = {"Arrests", "Disrupted weapons use", "Change to group/activity", "Headquarters or base established"}


def _drop_weapon_objects(scores: dict[str, float], sm: SentenceMentions) -> None:
    """"arrested bomb-makers", "seized rockets": the weapon is the object of a strategic act."""
    if not (STRATEGIC_ACTS & scores.keys()):
        return
    for sub in ("Remote explosive/landmine/IED", "Shelling/artillery/missile attack"):
        cues = [t for t in sm.triggers if t.sub_event_type == sub]
        if cues and all(_fold_key(t.span.text) in WEAPON_OBJECTS for t in cues):
            scores.pop(sub, None)


def _fold_key(s: str) -> str:
    k = fold(s)
    for pre in ("وال", "بال", "فال", "ال", "و", "ب"):
        if k.startswith(pre) and len(k) - len(pre) >= 4:
            return k[len(pre):]
    return k


def _drop_unconcluded(scores: dict[str, float], cues: dict[str, list[int]]) -> None:
    """An agreement counts only once concluded; talks and visits are no strategic event."""
    if "Agreement" in scores and "concluded" not in cues:
        scores.pop("Agreement")
    if "meeting" in cues and "concluded" not in cues:
        for sub in list(scores):
            if event_type_of(sub) is EventType.STRATEGIC:
                scores.pop(sub)


# ---------------------------------------------------------------- stage 5: fatalities
def choose_fatalities(sm: SentenceMentions, sub: str | None = None) -> tuple[int, Any | None]:
    """The reported deaths of the sentence (CODEBOOK §6): the lowest of conflicting tolls;
    a suicide bomber's own death is added to the victims'."""
    killed = [c for c in sm.casualties if c.kind == "killed" and not getattr(c, "attacker", False)]
    attackers = [c for c in sm.casualties if getattr(c, "attacker", False)]
    extra = attackers[0].count if attackers and sub == "Suicide bomb" else 0
    if not killed:
        return extra, (attackers[0] if extra else None)
    c = min(killed, key=lambda c: c.count) if len({c.count for c in killed}) > 1 and _same_toll(killed) else killed[0]
    return c.count + extra, c


def _same_toll(killed: list[Any]) -> bool:
    # conflicting reports of one toll sit close together ("35, or 37 by another count")
    return max(c.start for c in killed) - min(c.start for c in killed) < 80


# ---------------------------------------------------------------- stage 3: place
BETWEEN = re.compile(r"(?:\bbetween(?:\s+the\s+(?:towns|villages|cities)\s+of)?|بين(?:\s+(?:بلدتي|قريتي|مدينتي|بلدتى|قريتى|مدينتى))?)\s+$",
                     re.IGNORECASE)
AND = re.compile(r"^\s*(?:and|و)\s*$", re.IGNORECASE)


def _between(places: list[Any], text: str) -> list[Any]:
    """"on the road between Sarmada and Dana", "بين أم المياذن ومدينة درعا": one event near the first."""
    out: list[Any] = []
    skip: set[int] = set()
    for i, p in enumerate(places):
        if i in skip:
            continue
        nxt = places[i + 1] if i + 1 < len(places) else None
        before = text[max(0, p.span.start - 40):p.span.start]
        if nxt is not None and BETWEEN.search(before) and AND.match(text[p.span.end:nxt.span.start]):
            skip.add(i + 1)
            p = replace(p, geo_precision=max(p.geo_precision, 2)) if hasattr(p, "__dataclass_fields__") else p
        out.append(p)
    return out


def event_places(places: list[Any], text: str = "") -> list[Any]:
    """The distinct places an event happened at: drop countries when a region is named,
    and a containing region when a place inside it is named."""
    sub_national = [p for p in places if p.admin1]
    if not sub_national:
        return []
    keep: list[Any] = []
    seen: set[str] = set()
    sub_national = [p for i, p in enumerate(sub_national) if not _describes_previous(p, sub_national[:i], text)]
    sub_national = _between(sub_national, text)
    fine = [p for p in sub_national if (p.geo_precision <= 2 or p.kind not in ("adm1", "region")) and p.kind != "country"]
    for p in sub_national:
        if p.kind in ("adm1", "region") or p.geo_precision == 3:
            if any(f.admin1_code == p.admin1_code for f in fine if f is not p):
                continue
        key = (p.name_en or "") + "|" + (p.admin1_code or "")
        if key in seen:
            continue
        seen.add(key)
        keep.append(p)
    return keep


def _describes_previous(p: Any, before: list[Any], text: str = "") -> bool:
    """"في دوما قرب دمشق", "جنديرس في جنوب غرب عفرين", "الطارمية شمالي العاصمة بغداد": a place
    right after a town, qualified or joined by a direction, says where that town is; it is not a
    second place of the event."""
    if not before:
        return False
    prev = before[-1]
    if prev.kind in ("country", "adm1", "region"):
        return False
    if prev.country and p.country and prev.country != p.country:
        # "a Briton from Birmingham, in Deir ez-Zor province": a place in another country
        # does not say where the first one is
        return False
    gap = p.span.start - prev.span.end
    if 0 <= gap <= 30 and p.geo_precision != 1:
        return True
    between = text[prev.span.end:p.span.start]
    return 0 <= gap <= 40 and bool(DIRECTION_GAP.search(between) or WITHIN_GAP.search(between)) \
        and not AND_GAP.search(between)


DIRECTION_GAP = re.compile(r"(?:شمال|جنوب|شرق|غرب|قرب|بالقرب|\bnorth|\bsouth|\beast|\bwest|\bnear)", re.IGNORECASE)
#: "the Wadi al-Dahab neighbourhood of Homs city", "حي الوعر في مدينة حمص": the second place contains the first
WITHIN_GAP = re.compile(r"(?:neighbou?rhood|district|area|suburb|quarter|outskirts) of|(?:في|ب)\s*(?:مدينة|محافظة|ريف)", re.IGNORECASE)
AND_GAP = re.compile(r"(?:^|\s)(?:و(?=\s|[^\s])|and\s)", re.IGNORECASE)


def main_place(all_places: list[Any], title_places: list[Any]) -> Any | None:
    """The article's main region: the admin1 named most often (the title counts double)."""
    counts: Counter[str] = Counter()
    best: dict[str, Any] = {}
    for p in all_places + title_places + title_places:
        if p.admin1_code:
            counts[p.admin1_code] += 1
            if p.admin1_code not in best or p.kind == "adm1":
                best[p.admin1_code] = p
    if not counts:
        return None
    code, _ = counts.most_common(1)[0]
    return best[code]


# ---------------------------------------------------------------- stage 6: aggregate
def aggregate(drafts: list[Draft]) -> list[Draft]:
    """One draft per event family, place and day; the higher sub-type absorbs the lower.

    A draft whose day was only inherited (from the discourse or the publication date)
    joins a draft of the same family and place whose day the text states, when there is
    one: repeated mentions of one incident are one event.
    """
    merged: dict[tuple[Any, ...], Draft] = {}
    explicit: dict[tuple[Any, ...], Draft] = {}
    for d in sorted(drafts, key=lambda d: 0 if d.date_source == "sentence" else 1):
        fam_place = (_family(d.sub_event_type), _place_key(d.place))
        key = fam_place + (d.day,)
        if key not in merged and d.date_source != "sentence" and fam_place in explicit:
            key = fam_place + (explicit[fam_place].day,)
        if key not in merged:
            merged[key] = d
            if d.date_source == "sentence":
                explicit.setdefault(fam_place, d)
            continue
        _absorb(merged[key], d)
    return _merge_vague(_merge_nested(_merge_retellings(list(merged.values()))))


#: places that name an area other places lie in
_AREA_KINDS = frozenset({"country", "adm1", "adm2", "region"})
#: how many days before a vague period's date ("خلال الأيام الماضية", "الشهر الماضي") it may reach, by time precision
VAGUE_REACH = {2: 10, 3: 45}


def _merge_vague(drafts: list[Draft]) -> list[Draft]:
    """"… shelled Douma on Monday. Government forces have shelled Douma over the past days": a mention
    dated only to a week or a month is the same event as a mention of the same family, at the same
    place or inside the area it names, dated to a day within that period, not another event."""
    days = [d for d in drafts if d.time_precision == 1 and d.day is not None]
    if not days:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        reach = VAGUE_REACH.get(d.time_precision)
        host = None
        if reach is not None and d.day is not None and d.place is not None and d.date_source == "sentence":
            host = next((m for m in days if _family(m.sub_event_type) == _family(d.sub_event_type)
                         and (_place_key(m.place) == _place_key(d.place)
                              or (d.place.kind in _AREA_KINDS and _inside(m.place, d.place)))
                         and -reach <= (m.day - d.day).days <= reach), None)  # type: ignore[operator]
        if host is None:
            out.append(d)
        else:
            _absorb(host, d)
    return out


#: how far apart two dated mentions of one kind of incident at one place may be and still be one incident
RETELLING_DAYS = 10


def _merge_retellings(drafts: list[Draft]) -> list[Draft]:
    """An article that comes back to an incident ("the chemical attack on Douma") dates each
    mention by the sentence it stands in, often a later statement about it: mentions of the same
    sub-type at the same place from different sentences, a few days apart, are one incident on
    the earliest day. Drafts from one sentence ("on Monday and Tuesday") stay apart."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (d.day or date.max)):
        twin = next((m for m in out if m.sub_event_type == d.sub_event_type and _place_key(m.place) == _place_key(d.place)
                     and m.day and d.day and 0 <= (d.day - m.day).days <= RETELLING_DAYS and m.sentence != d.sentence), None)
        if twin is None:
            out.append(d)
        else:
            _absorb(twin, d)
    return out


#: how many days apart a vague and a precise mention of one incident may be dated
NESTED_DAYS = 0


def _merge_nested(drafts: list[Draft]) -> list[Draft]:
    """"air strikes on Idlib … the strikes on Zardana killed 18": a mention of an incident placed
    only at a coarser level (a governorate, a district, a region) is the same event as a mention of
    the same family placed more precisely inside it on (about) the same day, not another event."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: d.geo_precision):
        host = next((m for m in out if m.geo_precision < d.geo_precision and _family(m.sub_event_type) == _family(d.sub_event_type)
                     and _inside(m.place, d.place) and _near_days(m.day, d.day, NESTED_DAYS)), None)
        if host is None:
            out.append(d)
        else:
            _absorb(host, d)
    return out


def _near_days(a: date | None, b: date | None, days: int) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= days


def _inside(fine: Any, coarse: Any) -> bool:
    """Whether place ``fine`` lies within the area ``coarse`` names (by admin codes and names)."""
    if fine is None or coarse is None or fine.country != coarse.country:
        return False
    if coarse.kind == "country":
        return True
    if not coarse.admin1_code or fine.admin1_code != coarse.admin1_code:
        return False
    if coarse.kind in ("adm1",):
        return True
    return bool(coarse.admin2) and fine.admin2 == coarse.admin2


def same_incident_kind(a: Draft, b: Draft) -> bool:
    """Same family of event (battles and explosions are one) at the same place."""
    return _family(a.sub_event_type) == _family(b.sub_event_type) and _place_key(a.place) == _place_key(b.place)


def _family(sub: str) -> str:
    et = event_type_of(sub)
    return et.value


def _absorb(m: Draft, d: Draft) -> None:
    if RANK[d.sub_event_type] < RANK[m.sub_event_type]:
        m.sub_event_type = d.sub_event_type
        m.actor1, m.actor2 = d.actor1 or m.actor1, d.actor2 or m.actor2
    m.fatalities = max(m.fatalities, d.fatalities)
    if m.actor1 in (None, "UNIDENTIFIED") and d.actor1 not in (None, "UNIDENTIFIED"):
        m.actor1 = d.actor1  # a perpetrator named in another mention of the incident
    m.actor1 = m.actor1 or d.actor1
    m.actor2 = m.actor2 or d.actor2
    m.assoc_actor1 = m.assoc_actor1 or d.assoc_actor1
    m.score = max(m.score, d.score)
    m.evidence.extend(e for e in d.evidence if e not in m.evidence)
    if d.geo_precision < m.geo_precision:
        m.place, m.geo_precision = d.place, d.geo_precision


def place_key(p: Any) -> str:
    return _place_key(p)


def _place_key(p: Any) -> str:
    if p is None:
        return ""
    return f"{p.country}|{p.admin1_code}|{p.name_en}"


def to_event(article: Article, d: Draft) -> Event:
    p = d.place
    return Event(
        article_id=article.id,
        event_type=event_type_of(d.sub_event_type).value,
        sub_event_type=d.sub_event_type,
        actor1=d.actor1,
        assoc_actor1=d.assoc_actor1,
        actor2=d.actor2,
        country=p.country if p else None,
        admin1=p.admin1 if p else None,
        admin1_code=p.admin1_code if p else None,
        admin2=getattr(p, "admin2", None) if p else None,
        admin3=getattr(p, "admin3", None) if p else None,
        location=(p.name_en if p else None),
        location_ar=(p.span.text if p and d.geo_precision < 3 or (p and p.kind == "region") else (p.name_ar if p else None)),
        latitude=p.lat if p else None,
        longitude=p.lon if p else None,
        geo_precision=d.geo_precision,
        event_date=d.day,
        time_precision=d.time_precision,
        fatalities=d.fatalities,
        civilian_targeting=d.actor2 == "CIVILIANS",
        evidence=tuple(sorted(d.evidence, key=lambda e: (e.span.start, e.role))),
    )






def signal_of(article: Article, sm: SentenceMentions, sub: str | None, place: Any | None) -> Signal | None:
    """A trend statement as a Signal (kind = event type, direction from its cue)."""
    actors = [a for a in sm.actors if not a.adjective and a.actor_id not in ("CIVILIANS", "PROTESTERS")]
    if not actors and place is None:
        return None
    direction = "decline" if "decline" in sm.cues else "escalation"
    ev = [Evidence("trigger", sm.span)]
    if actors:
        ev.append(Evidence("actor1", actors[0].span))
    return Signal(
        article_id=article.id,
        actor=actors[0].actor_id if actors else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        admin1_code=place.admin1_code if place else None,
        kind=event_type_of(sub).value if sub else "activity",
        direction=direction,
        evidence=tuple(ev),
    )


__all__ = ["SentenceMentions", "Draft", "choose_sub_type", "choose_fatalities", "event_places",
           "main_place", "aggregate", "to_event", "signal_of", "SUB_TYPES"]
