"""Features of a candidate event, for the specific-incident model (``data/incident_model.json``).

A candidate is a sentence's trigger read with its place and day; the model (a
logistic regression trained on ``../shared/gold/train.jsonl`` by
``scripts/train_incident_model.py``) says how likely it is a specific incident
that the CODEBOOK counts, as opposed to background, analysis or a trend.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from rasd.events.codebook import event_type_of

USE_TRIGGER_KEYS = False
USE_WORDS = True
CUE_KINDS = ("trend", "irrealis", "meeting", "concluded", "negation")


def _bucket(x: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if x <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def candidate_features(
    *,
    sub: str,
    score: float,
    trigger_key: str,
    n_subs: int,
    cues: dict[str, list[int]],
    trigger_start: int,
    date_source: str,
    date_precision: int,
    day: date | None,
    published: date | None,
    place_source: str,
    place_kind: str,
    geo_precision: int,
    country: str | None,
    n_places: int,
    killed: bool,
    injured: bool,
    actor1: str | None,
    actor2: str | None,
    sentence_index: int,
    n_sentences: int,
    sentence_len: int,
    language: str,
    title_types: set[str],
    title_has_place: bool,
    article_trigger_sentences: int,
    admin1_support: int = 0,
    country_support: int = 0,
    main_admin1: bool = False,
    title_admin1: bool = False,
    title_place: bool = False,
    name_len: int = 0,
    words: tuple[str, ...] = (),
) -> dict[str, float]:
    """A sparse feature vector (name -> value) for one candidate."""
    et = event_type_of(sub).value
    tk = trigger_key
    form = "def" if tk.startswith(("ال", "وال", "بال", "فال", "لل", "the ")) else "bare"
    f: dict[str, float] = {
        "bias": 1.0,
        f"trigform={form}": 1.0,
        f"trigform={form}&type={event_type_of(sub).value}": 1.0,
        f"sub={sub}": 1.0,
        f"type={et}": 1.0,
        "score": min(score, 4.0),
        **({f"trig={trigger_key}": 1.0} if USE_TRIGGER_KEYS else {}),
        f"nsubs={_bucket(n_subs, (1, 2, 3))}": 1.0,
        f"date={date_source}": 1.0,
        f"dprec={date_precision}": 1.0,
        f"place={place_source}": 1.0,
        f"pkind={place_kind}": 1.0,
        f"gprec={geo_precision}": 1.0,
        f"country={country if country in ('SYR', 'YEM', 'IRQ', 'PSE', 'ISR', 'LBY', 'TUR') else 'other'}": 1.0,
        f"nplaces={_bucket(n_places, (0, 1, 2, 4))}": 1.0,
        f"sent={_bucket(sentence_index, (0, 1, 2, 4, 8))}": 1.0,
        "relpos": sentence_index / max(n_sentences, 1),
        f"slen={_bucket(sentence_len // 40, (1, 2, 4, 6))}": 1.0,
        f"lang={language}": 1.0,
        f"arttrig={_bucket(article_trigger_sentences, (1, 2, 4, 8))}": 1.0,
    }
    for kind in CUE_KINDS:
        if kind in cues:
            f[f"cue={kind}"] = 1.0
            if any(abs(p - trigger_start) < 50 for p in cues[kind]):
                f[f"cuenear={kind}"] = 1.0
            f[f"cue={kind}&type={et}"] = 1.0
    if day and published:
        f[f"age={_bucket((published - day).days, (-1, 0, 1, 3, 7, 31, 180))}"] = 1.0
    if killed:
        f["killed"] = 1.0
        f[f"killed&type={et}"] = 1.0
    if injured:
        f["injured"] = 1.0
    f["actor1" if actor1 else "noactor1"] = 1.0
    f["actor2" if actor2 else "noactor2"] = 1.0
    flags = {"title_same_type": et in title_types, "title_has_trigger": bool(title_types),
             "title_has_place": title_has_place, "main_admin1": main_admin1, "title_admin1": title_admin1,
             "title_place": title_place}
    f.update({name: 1.0 for name, on in flags.items() if on})
    f[f"date={date_source}&place={place_source}"] = 1.0
    f[f"adm1sup={_bucket(admin1_support, (0, 1, 2, 4))}"] = 1.0
    f[f"ctysup={_bucket(country_support, (0, 1, 3, 6))}"] = 1.0
    f[f"namelen={_bucket(name_len, (3, 4, 5, 7))}"] = 1.0
    for w in words:
        f[f"w={w}"] = 0.3
    gsr = sentence_score(words)
    f["gsr"] = gsr
    f[f"gsrb={_bucket(int(gsr * 10), (1, 3, 5, 7))}"] = 1.0
    return f


def repetition_features(same_type: int, same_type_place: int) -> dict[str, float]:
    return {f"rep_type={_bucket(same_type, (1, 2, 4, 8))}": 1.0, f"rep_place={_bucket(same_type_place, (1, 2, 4))}": 1.0}


@lru_cache(maxsize=1)
def _sentence_model() -> tuple[dict[str, float], float]:
    raw = json.loads(resources.files("rasd.data").joinpath("sentence_model.json").read_text(encoding="utf-8"))
    return raw["weights"], float(raw["bias"])


def sentence_score(words: tuple[str, ...]) -> float:
    """How much a sentence reads like a report of an assault or protest (0..1)."""
    w, b = _sentence_model()
    z = b + sum(w.get(x, 0.0) for x in words)
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


_WORD = re.compile(r"[\w\u0621-\u064a]+")
_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def words_of(norm_sentence: str) -> tuple[str, ...]:
    """The distinct words of a normalised sentence, Arabic clitics stripped (bag-of-words features)."""
    out = set()
    for w in _WORD.findall(norm_sentence):
        if w.isdigit():
            continue
        for c in _CLITICS:
            if w.startswith(c) and len(w) - len(c) >= 3:
                w = w[len(c):]
                break
        if len(w) >= 2:
            out.add(w)
    return tuple(sorted(out))


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, float], float]:
    raw = json.loads(resources.files("rasd.data").joinpath("incident_model.json").read_text(encoding="utf-8"))
    return raw["weights"], float(raw["threshold"])


def weights() -> dict[str, float]:
    return _weights()[0]


def incident_probability(features: dict[str, float], weights: dict[str, float]) -> float:
    w = weights
    z = sum(w.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def threshold() -> float:
    return _weights()[1] if model_available() else 0.5


def model_available() -> bool:
    try:
        _weights()
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return False
    return True


__all__ = ["candidate_features", "incident_probability", "threshold", "model_available", "weights", "Any"]
