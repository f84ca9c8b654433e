"""Event triggers: words that cue a CODEBOOK sub-event type (lexicon in ``data/triggers.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasd.data_files import read_tsv
from rasd.model import Span
from rasd.text.matcher import Matcher
from rasd.text.normalise import NormText


@dataclass(frozen=True, slots=True)
class TriggerMention:
    span: Span
    sub_event_type: str  # a CODEBOOK sub-type, or '*attack' / '*kill' for generic cues
    weight: float


@lru_cache(maxsize=1)
def _matcher() -> Matcher[tuple[str, float]]:
    entries = [(r["pattern"], (r["sub_event_type"], float(r["weight"]))) for r in read_tsv("triggers.tsv")]
    return Matcher(entries, proclitics=True, suffixes=True)


def find_triggers(nt: NormText) -> list[TriggerMention]:
    out = []
    for m in _matcher().find(nt.text):
        s, e = nt.to_original(m.start, m.end)
        sub, w = m.value
        out.append(TriggerMention(Span(s, e, nt.original[s:e]), sub, w))
    return out
