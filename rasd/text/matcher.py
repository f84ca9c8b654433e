"""Dictionary matching over normalised text: one Aho-Corasick automaton, clitic-aware.

A pattern matches where it stands as a whole word, or where it is preceded by
Arabic proclitics written together with it (و ف ب ل ك ال and their combinations:
وال، بال، فال، كال، لل، وبال، ولل …). ``ل + ال`` is written ``لل`` (للنظام), so a
pattern beginning with ال also matches after a ل with its alef dropped. With
``suffixes`` given, a match may run on into one of those endings (ات، ها، هم …).
Longest match wins; matches do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from rasd.text.normalise import fold, is_arabic_letter

T = TypeVar("T")

PROCLITICS = frozenset(
    {"", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "وب", "ول", "فب", "فل", "وك", "وبال", "وكال", "فبال", "لل", "ولل", "فلل"}
)
ARABIC_SUFFIXES = ("", "ات", "ه", "ها", "هم", "هما", "ين", "ون", "ان", "يه", "يين", "ي", "تين", "تان", "اته", "اتها", "اتهم")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or is_arabic_letter(c)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A match in the normalised text: ``[start, end)`` covers the word without its clitics."""

    start: int
    end: int
    key: str
    value: T


class Matcher(Generic[T]):
    """Find dictionary entries in normalised text.

    ``entries`` maps surface forms (any spelling: they are folded here) to values.
    ``proclitics`` allows Arabic prefixes; ``suffixes`` allows Arabic endings.
    """

    def __init__(self, entries: Iterable[tuple[str, T]], *, proclitics: bool = True, suffixes: bool = False) -> None:
        self._auto: ahocorasick.Automaton = ahocorasick.Automaton()
        self._proclitics = proclitics
        self._suffixes = suffixes
        store: dict[str, list[tuple[str, T, bool]]] = {}
        for surface, value in entries:
            key = fold(surface).strip()
            if len(key) < 2:
                continue
            store.setdefault(key, []).append((key, value, False))
            if proclitics and key.startswith("ال") and len(key) > 3:
                store.setdefault(key[1:], []).append((key, value, True))  # لل + rest
            if suffixes and key.endswith("ه") and len(key) > 3:
                for plural in (key[:-1] + "ات", key[:-1] + "تين", key[:-1] + "تان"):
                    store.setdefault(plural, []).append((plural, value, False))
        for k, vals in store.items():
            self._auto.add_word(k, vals)
        self.size = len(store)
        if store:
            self._auto.make_automaton()

    def _prefix_ok(self, text: str, start: int, needs_lam: bool) -> int | None:
        """Return where the word (with its clitics) begins, or None if the match is inside a word."""
        k = start
        while k > 0 and _is_word_char(text[k - 1]):
            k -= 1
        prefix = text[k:start]
        if needs_lam:
            return k if prefix in ("ل", "ول", "فل") else None
        if prefix == "":
            return k
        if self._proclitics and prefix in PROCLITICS and all(is_arabic_letter(c) for c in prefix):
            return k
        return None

    def _suffix_end(self, text: str, end: int) -> int | None:
        k = end
        while k < len(text) and _is_word_char(text[k]):
            k += 1
        rest = text[end:k]
        if rest == "":
            return end
        if self._suffixes and rest in ARABIC_SUFFIXES:
            return k
        return None

    def find(self, text: str) -> list[Match[T]]:
        """All non-overlapping matches in ``text`` (normalised), longest first, in text order."""
        if not self.size:
            return []
        cands: list[Match[T]] = []
        for end_incl, vals in self._auto.iter(text):
            for key, value, needs_lam in vals:
                klen = len(key) - (1 if needs_lam else 0)
                start = end_incl + 1 - klen
                if self._prefix_ok(text, start, needs_lam) is None:
                    continue
                end = self._suffix_end(text, end_incl + 1)
                if end is None or (end > end_incl + 1 and klen < 3):
                    continue  # a two-letter stem with an ending is another word (فر + ات = فرات)
                if needs_lam:
                    start -= 1  # cover the ل that stands for the article's lam
                cands.append(Match(start, end, key, value))
        cands.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken: list[Match[T]] = []
        occupied: set[int] = set()
        for m in cands:
            if any(i in occupied for i in range(m.start, m.end)):
                continue
            occupied.update(range(m.start, m.end))
            taken.append(m)
        taken.sort(key=lambda m: m.start)
        return taken
