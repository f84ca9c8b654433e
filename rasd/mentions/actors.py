"""Actor mentions: aliases from ``data/actors.tsv`` (+ extras), bounded by the dates each id holds.

One surface form may name different ids at different times ("القوات الحكومية" is
SYR-MIL-2000 before 2024-12-08 and SYR-MIL-2024 after): the id valid on the
article's publication date wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rasd.data_files import read_tsv
from rasd.model import Span
from rasd.text.matcher import Matcher
from rasd.text.normalise import NormText


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    inter: str
    country: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.valid_to is None or self.valid_to >= date(2024, 12, 8)
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass(frozen=True, slots=True)
class ActorMention:
    span: Span
    actor_id: str
    adjective: bool = False  # a nationality adjective ("روسية") rather than a name


def _d(s: str) -> date | None:
    return date.fromisoformat(s) if s else None


@lru_cache(maxsize=1)
def actor_table() -> dict[str, Actor]:
    out = {}
    for r in read_tsv("actors.tsv"):
        out[r["id"]] = Actor(r["id"], r["name"], r["inter"], r["country"], _d(r["valid_from"]), _d(r["valid_to"]))
    return out


@lru_cache(maxsize=1)
def _matchers() -> tuple[Matcher[tuple[str, ...]], Matcher[tuple[str, ...]]]:
    aliases: dict[str, list[str]] = {}
    for r in read_tsv("actors.tsv"):
        for col in ("aliases_ar", "aliases_en"):
            for a in r[col].split("|"):
                if a.strip():
                    aliases.setdefault(a.strip(), []).append(r["id"])
    for r in read_tsv("actor_aliases_extra.tsv"):
        aliases.setdefault(r["alias"], []).append(r["id"])
    names = Matcher(((a, tuple(dict.fromkeys(ids))) for a, ids in aliases.items()), proclitics=True)
    adjs: dict[str, list[str]] = {}
    for r in read_tsv("actor_adjectives.tsv"):
        adjs.setdefault(r["adjective"], []).append(r["id"])
    adj = Matcher(((a, tuple(ids)) for a, ids in adjs.items()), proclitics=True, suffixes=False)
    return names, adj


def _pick(ids: tuple[str, ...], day: date | None) -> str | None:
    table = actor_table()
    valid = [i for i in ids if i in table and table[i].valid_on(day)]
    return valid[0] if valid else None


def find_actors(nt: NormText, published: date | None) -> list[ActorMention]:
    """Actor names and nationality adjectives in the text, resolved to ids valid on ``published``."""
    names, adj = _matchers()
    out: list[ActorMention] = []
    taken: set[int] = set()
    for m in names.find(nt.text):
        aid = _pick(m.value, published)
        if aid:
            s, e = nt.to_original(m.start, m.end)
            out.append(ActorMention(Span(s, e, nt.original[s:e]), aid))
            taken.update(range(m.start, m.end))
    for m in adj.find(nt.text):
        if any(i in taken for i in range(m.start, m.end)):
            continue
        aid = _pick(m.value, published)
        if aid:
            s, e = nt.to_original(m.start, m.end)
            out.append(ActorMention(Span(s, e, nt.original[s:e]), aid, adjective=True))
    out.sort(key=lambda a: a.span.start)
    return out
