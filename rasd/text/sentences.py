"""Sentence splitting on the original text (offsets into it)."""

from __future__ import annotations

import re

from rasd.model import Span

# a sentence ends at . ! ? ؟ … or a line break, followed by space or end
_END = re.compile(r"(?<=[.!?؟…])[\"'”»)\]]*(?=\s)|\n+")
_ABBREV = re.compile(r"(?:\b[A-Z]|\bMr|\bMrs|\bDr|\bSt|\bNo|\bU\.S|\bU\.N|\bJan|\bFeb|\bAug|\bSept?|\bOct|\bNov|\bDec|\bGen|\bCol|\bLt)\.$")


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans (whitespace trimmed), in order."""
    spans: list[Span] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end() if m.group(0).strip("\n") else m.start()
        if _ABBREV.search(text[max(start, end - 6):end]):
            continue
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))
