"""Sentence cues (trend, irrealis, meeting, concluded, negation) from ``data/cues.tsv``."""

from __future__ import annotations

import re
from functools import lru_cache

from rasd.data_files import read_tsv
from rasd.text.matcher import Matcher


@lru_cache(maxsize=1)
def _arabic() -> Matcher[str]:
    return Matcher(((r["pattern"], r["kind"]) for r in read_tsv("cues.tsv") if r["lang"] == "ar"), proclitics=True, suffixes=True)


@lru_cache(maxsize=1)
def _english() -> dict[str, re.Pattern[str]]:
    by_kind: dict[str, list[str]] = {}
    for r in read_tsv("cues.tsv"):
        if r["lang"] == "en":
            by_kind.setdefault(r["kind"], []).append(re.escape(r["pattern"].lower()))
    return {k: re.compile(r"\b(?:" + "|".join(sorted(v, key=len, reverse=True)) + r")\b") for k, v in by_kind.items()}


def cue_positions(norm_text: str) -> dict[str, list[int]]:
    """Cue kind -> start offsets (in the normalised text) of its cues."""
    out: dict[str, list[int]] = {}
    for m in _arabic().find(norm_text):
        out.setdefault(m.value, []).append(m.start)
    for kind, rx in _english().items():
        for m in rx.finditer(norm_text):
            out.setdefault(kind, []).append(m.start())
    return out
