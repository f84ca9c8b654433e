"""The CODEBOOK §2 taxonomy: event types, sub-types and their hierarchy (highest first)."""

from __future__ import annotations

from enum import Enum


class EventType(str, Enum):
    BATTLES = "Battles"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    EXPLOSIONS = "Explosions/Remote violence"
    VAC = "Violence against civilians"
    STRATEGIC = "Strategic developments"


#: sub-type -> type, in hierarchy order (a higher entry absorbs a lower one at the same place and day)
SUB_TYPES: dict[str, EventType] = {
    "Government regains territory": EventType.BATTLES,
    "Non-state actor overtakes territory": EventType.BATTLES,
    "Armed clash": EventType.BATTLES,
    "Excessive force against protesters": EventType.PROTESTS,
    "Protest with intervention": EventType.PROTESTS,
    "Peaceful protest": EventType.PROTESTS,
    "Violent demonstration": EventType.RIOTS,
    "Mob violence": EventType.RIOTS,
    "Chemical weapon": EventType.EXPLOSIONS,
    "Air/drone strike": EventType.EXPLOSIONS,
    "Suicide bomb": EventType.EXPLOSIONS,
    "Shelling/artillery/missile attack": EventType.EXPLOSIONS,
    "Remote explosive/landmine/IED": EventType.EXPLOSIONS,
    "Grenade": EventType.EXPLOSIONS,
    "Sexual violence": EventType.VAC,
    "Attack": EventType.VAC,
    "Abduction/forced disappearance": EventType.VAC,
    "Agreement": EventType.STRATEGIC,
    "Arrests": EventType.STRATEGIC,
    "Change to group/activity": EventType.STRATEGIC,
    "Disrupted weapons use": EventType.STRATEGIC,
    "Headquarters or base established": EventType.STRATEGIC,
    "Looting/property destruction": EventType.STRATEGIC,
    "Non-violent transfer of territory": EventType.STRATEGIC,
    "Other": EventType.STRATEGIC,
}
RANK: dict[str, int] = {sub: i for i, sub in enumerate(SUB_TYPES)}


def event_type_of(sub_event_type: str) -> EventType:
    return SUB_TYPES[sub_event_type]


#: ACLED inter codes of armed actors (state forces, rebels, militias, ethnic militias, external forces)
MILITARY_INTER = frozenset({"1", "2", "3", "4", "8"})
