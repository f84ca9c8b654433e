"""Actor roles of an event: actor1, assoc_actor1, actor2 (CODEBOOK §3)."""

from __future__ import annotations

from typing import Any

from rasd.events.codebook import EventType, event_type_of

MILITARY_INTER = {"1", "2", "3", "4", "8"}


def choose_actors(sm: Any, trigger: Any, sub: str, actor_inter: dict[str, str], *, country: str | None = None) -> tuple[str | None, str | None, str | None]:
    """actor1, assoc_actor1, actor2 from the actor mentions around the trigger.

    actor1: a nationality adjective on the trigger ("غارات روسية"), else the first armed
    actor of the sentence (the agent of an Arabic verb-first clause); a partner named
    after "بدعم/بمساندة/بمشاركة" ("with the support of") is assoc_actor1; actor2: the
    next other actor. Protests and riots: actor1 PROTESTERS, a force present is actor2;
    violence against civilians: actor2 CIVILIANS, an unnamed perpetrator UNIDENTIFIED.
    """
    text = sm.span.text
    base = sm.span.start
    adjectives = [a for a in sm.actors if a.adjective and 0 <= a.span.start - trigger.span.end <= 25]
    names = [a for a in sm.actors if not a.adjective]
    support = {a.actor_id for a in names if _after_support_word(text, a.span.start - base)}
    armed = [a.actor_id for a in names if a.actor_id not in ("CIVILIANS", "PROTESTERS") and a.actor_id not in support]
    actor1 = adjectives[0].actor_id if adjectives else (armed[0] if armed else None)
    assoc = next(iter(sorted(support - {actor1})), None)
    actor2 = next((a for a in armed if a != actor1), None)
    civ = any(a.actor_id == "CIVILIANS" for a in names)
    et = event_type_of(sub)
    if et in (EventType.PROTESTS, EventType.RIOTS):
        actor2 = actor1 if sub != "Peaceful protest" else None
        actor1 = "PROTESTERS"
    elif et is EventType.VAC:
        actor2 = "CIVILIANS"
        actor1 = actor1 or "UNIDENTIFIED"
    elif civ and actor2 is None and et is EventType.EXPLOSIONS:
        actor2 = "CIVILIANS"
    if actor1 == actor2:
        actor2 = None
    return actor1, assoc, actor2


SUPPORT_WORDS = ("بدعم", "وبدعم", "بمساندة", "وبمساندة", "بمشاركة", "وبمشاركة", "باسناد", "بإسناد", "وبإسناد",
                 "backed by", "with the support of", "supported by", "alongside")


def _after_support_word(text: str, pos: int) -> bool:
    window = text[max(0, pos - 14):pos]
    return any(w in window for w in SUPPORT_WORDS)
