"""The pipeline version: which rules produced an output.

``rasd version`` prints the package version; a batch output also needs to know when
the *rules* changed under an unchanged package version (a lexicon row added, a
threshold moved, the incident model retrained). The pipeline version is therefore

    <package version>+<12 hex digits>

where the digits are a SHA-256 over every packaged rule data file (``rasd/data``:
lexicons, gazetteer, models) and every source file of the extraction code
(``rasd/pipeline.py``, ``rasd/model.py`` and the ``text``, ``mentions``, ``events``,
``geo`` and ``ingest`` packages), each hashed with its relative path. A change to any
of them gives a new version, so ``rasd batch`` (incremental) processes again every
article an older version produced. Commands, outputs and the store are not hashed:
changing them changes no event.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

RASD_DIR = Path(__file__).resolve().parent.parent
#: files and folders (relative to the ``rasd`` package) whose content decides the events
RULE_PARTS: tuple[str, ...] = ("data", "pipeline.py", "model.py", "text", "mentions", "events", "geo", "ingest")
_SKIP_SUFFIXES = (".pyc", ".pyo")


def package_version_or_unknown() -> str:
    """The installed rasd version, as ``rasd version`` prints it (``0+unknown`` when not installed)."""
    try:
        return package_version("rasd")
    except PackageNotFoundError:
        return "0+unknown"


def rule_files(root: Path = RASD_DIR) -> list[Path]:
    """Every file of :data:`RULE_PARTS` under ``root``, sorted by relative path (caches skipped)."""
    files: list[Path] = []
    for part in RULE_PARTS:
        p = root / part
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files += [f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts and not f.name.endswith(_SKIP_SUFFIXES)]
    return sorted(files, key=lambda f: f.relative_to(root).as_posix())


def rules_digest(root: Path = RASD_DIR) -> str:
    """12 hex digits of a SHA-256 over the rule files (relative path and bytes of each)."""
    h = hashlib.sha256()
    for f in rule_files(root):
        rel = f.relative_to(root).as_posix().encode()
        data = f.read_bytes()
        h.update(len(rel).to_bytes(4, "big") + rel + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """``<package version>+<rules digest>``, e.g. ``0.1.0+3f9c2a1b7d40`` (computed once per process)."""
    base = package_version_or_unknown().split("+", 1)[0]
    return f"{base}+{rules_digest()}"
