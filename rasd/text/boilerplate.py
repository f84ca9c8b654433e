"""Text-level boilerplate filter: which parts of a plain text are content.

HTML goes through trafilatura, which drops comment sections and navigation; plain
text (a ``.txt`` file, a JSONL ``text`` field, a copy-pasted page) still carries
footers such as "التعليقات مغلقة، ولكن تركبكس وبينغبكس مفتوحة.", "Comments are
closed", "جميع الحقوق محفوظة", share/follow-us lines and "اقرأ أيضا" link lines.

The text itself is never changed (it is stored exactly as received). Instead
:func:`content_ranges` returns the half-open ``(start, end)`` character ranges
of the text that are content; the extractor ignores what lies outside them.

Rules are data, in ``rasd/data/boilerplate.tsv``: a phrase, where it must stand
in a line (``start``, ``any``, whole ``line``) and whether it marks only that
line or the ``rest`` of the text (a "related articles" block). Lines are
compared after folding (:func:`rasd.text.normalise.fold`) with punctuation and
spacing squeezed, and only lines of at most ``MAX_LINE_CHARS`` characters can be
boilerplate: a paragraph of news that happens to say "all rights reserved" is
content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from rasd.errors import DataError
from rasd.text.normalise import fold

MAX_LINE_CHARS = 300
_NON_WORD = re.compile(r"[^\w©]+")
_MATCHES = ("start", "any", "line")
_SCOPES = ("line", "rest")


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate pattern (a row of ``boilerplate.tsv``), its phrase already keyed."""

    phrase: str
    match: Literal["start", "any", "line"]
    scope: Literal["line", "rest"]

    def matches(self, key: str) -> bool:
        if self.match == "line":
            return key == self.phrase
        if self.match == "start":
            return key == self.phrase or key.startswith(self.phrase + " ")
        return f" {self.phrase} " in f" {key} "


# code points whose folding matters for the phrases: Latin, Arabic (with supplements and
# presentation forms), general punctuation and zero-width marks
_FOLD_RANGES = ((0x0000, 0x0250), (0x0600, 0x0780), (0x2000, 0x2070), (0xFB50, 0xFE00), (0xFE70, 0xFF00))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """``str.translate`` table giving each character its :func:`fold` (built once, ~3,000 characters)."""
    table: dict[int, str] = {}
    for lo, hi in _FOLD_RANGES:
        for o in range(lo, hi):
            ch = chr(o)
            folded = fold(ch)
            if folded != ch:
                table[o] = folded
    return table


def line_key(line: str) -> str:
    """A line folded for comparison: normalised letters (as :func:`fold` does them, one
    character at a time: fast, and de-obfuscation does not matter for these phrases),
    words split by single spaces."""
    return _NON_WORD.sub(" ", line.translate(_fold_table()).lower()).strip()


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The rules of the packaged ``rasd/data/boilerplate.tsv``."""
    # through importlib.resources: also read from a zip (a wheel, Spark's --py-files)
    res = resources.files("rasd.data").joinpath("boilerplate.tsv")
    try:
        raw = res.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"packaged data file 'boilerplate.tsv' cannot be read ({exc})") from exc
    return tuple(_parse_rules(raw, "boilerplate.tsv"))


def _parse_rules(raw: str, name: str) -> Iterator[Rule]:
    header_seen = False
    for lineno, row in enumerate(raw.splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cells = row.split("\t")
        if len(cells) < 3 or cells[1] not in _MATCHES or cells[2] not in _SCOPES or not line_key(cells[0]):
            raise DataError(f"rasd/data/{name}:{lineno}: expected phrase<TAB>start|any|line<TAB>line|rest, got {row!r}")
        yield Rule(line_key(cells[0]), cells[1], cells[2])  # type: ignore[arg-type]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every line of ``text``, line breaks excluded."""
    start = 0
    for m in re.finditer(r"\r\n|[\n\r\u2028\u2029]", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def boilerplate_ranges(text: str, rules: tuple[Rule, ...] | None = None) -> list[tuple[int, int]]:
    """The half-open character ranges of ``text`` that are boilerplate, in order."""
    rules = load_rules() if rules is None else rules
    found: list[tuple[int, int]] = []
    for start, end in _lines(text):
        if end - start > MAX_LINE_CHARS or start == end:
            continue
        key = line_key(text[start:end])
        if not key:
            continue
        hit = next((r for r in rules if r.matches(key)), None)
        if hit is None:
            continue
        if hit.scope == "rest":
            found.append((start, len(text)))
            break
        found.append((start, end))
    return found


def content_ranges(text: str, rules: tuple[Rule, ...] | None = None) -> list[tuple[int, int]]:
    """The half-open character ranges of ``text`` that are content (not boilerplate),
    in order, none of them empty or only whitespace. With no boilerplate found this is
    ``[(0, len(text))]`` (or ``[]`` for a blank text)."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for start, end in boilerplate_ranges(text, rules) + [(len(text), len(text))]:
        if text[pos:start].strip():
            ranges.append((pos, start))
        pos = end
    return ranges


def in_content(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of the (sorted) content ``ranges``."""
    i = bisect_right(ranges, (start, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]
