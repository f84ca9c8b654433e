"""The library functions behind the CLI: extract over files, evaluate against gold.

Each ``rasd`` command calls one function here, so tests and scripts can do
what the CLI does without a shell.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from rasd import pipeline
from rasd.errors import InputError
from rasd.ingest import read_path
from rasd.model import Result, Skip

Outcome = Result | InputError | Skip
REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def extract_files(
    paths: Iterable[str | Path], *, published: date | None = None, title: str | None = None
) -> Iterator[Outcome]:
    """Run :func:`rasd.pipeline.extract` on every article of ``paths``, lazily.

    Yields a ``Result`` per article, an ``InputError`` per input that could not be
    read (naming ``path`` or ``path:line``) and a ``Skip`` per article whose
    extraction raised (naming the file and article id, with the exception): one
    bad item never ends the batch.
    """
    for path in paths:
        for item in read_path(Path(path), published=published, title=title):
            if isinstance(item, InputError):
                yield item
                continue
            try:
                yield pipeline.extract(item)
            except Exception as exc:  # the extractor's bug must not kill a 17,000-article batch
                yield Skip(f"{path}: article {item.id}", f"extraction failed: {type(exc).__name__}: {exc}")


def sample_paths() -> list[Path]:
    """The bundled sample articles (the ``rasd/samples`` folder), for ``rasd extract`` with no input."""
    return [SAMPLES_DIR]


def find_shared_dir(start: Path | None = None) -> Path | None:
    """The project's ``shared`` folder: ``$RASD_SHARED``, else a ``shared`` folder beside
    the repository, else the first ``shared`` found walking up from ``start`` (the cwd)."""
    env = os.environ.get("RASD_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT.parent / "shared")
    here = (start or Path.cwd()).resolve()
    candidates += [d / "shared" for d in (here, *here.parents)]
    return next((c for c in candidates if (c / "eval" / "score.py").is_file()), None)


def default_scorer() -> Path | None:
    """``shared/eval/score.py`` (see :func:`find_shared_dir`), or ``None`` when not found."""
    shared = find_shared_dir()
    return shared / "eval" / "score.py" if shared else None


def load_scorer(path: Path) -> ModuleType:
    """Import the scorer module at ``path`` (its rules stay in its file, not copied here)."""
    spec = importlib.util.spec_from_file_location("rasd_external_scorer", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise InputError(str(path), "scorer not found or not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "score", None)):
        raise InputError(str(path), "scorer has no score(gold_path, system_path) function")
    return module


def evaluate(gold: str | Path, articles: str | Path, scorer: str | Path) -> dict[str, Any]:
    """Extract events from ``articles`` (JSONL), score them against ``gold`` with the
    scorer at ``scorer`` and return its scores, plus ``input_errors``: how many
    articles could not be read or extracted (those count as finding nothing)."""
    for p in (gold, articles):
        if not Path(p).is_file():
            raise InputError(str(p), "no such file")
    module = load_scorer(Path(scorer))
    errors = 0
    with tempfile.TemporaryDirectory(prefix="rasd-eval-") as tmp:
        events_path = Path(tmp) / "events.jsonl"
        with events_path.open("w", encoding="utf-8") as out:
            for item in extract_files([articles]):
                if not isinstance(item, Result):
                    errors += 1
                    continue
                for event in item.events:
                    out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        scores = dict(module.score(str(gold), str(events_path)))
    scores["input_errors"] = errors
    return scores
