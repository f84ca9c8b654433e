"""The pipeline version stored with every extraction: the rasd version and a hash of the rules.

``0.1.0+3f9a2c1d7e4b``: the package version (as ``rasd version`` prints it) and the
first 12 hex digits of a sha256 over every packaged data file under ``rasd/data``
(lexicons, gazetteer, actors, models), by name and content. Editing a rule file
changes the version, so ``rasd ingest --reextract`` knows which stored articles
were extracted under other rules. A code change without a version bump does not
change it: use ``--reextract --force`` then.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from importlib.resources.abc import Traversable


def package_version() -> str:
    """The installed rasd version, or ``0+unknown`` when rasd is not installed."""
    try:
        return version("rasd")
    except PackageNotFoundError:
        return "0+unknown"


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        name = prefix + entry.name
        if entry.is_dir():
            if entry.name != "__pycache__":
                out += _files(entry, name + "/")
        elif not entry.name.endswith((".pyc", ".py")):
            out.append((name, entry))
    return out


@lru_cache(maxsize=1)
def rules_hash() -> str:
    """sha256 (hex) over the names and contents of the packaged rule data files."""
    h = hashlib.sha256()
    for name, entry in sorted(_files(resources.files("rasd.data")), key=lambda x: x[0]):
        h.update(name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(entry.read_bytes()).digest())
    return h.hexdigest()


def pipeline_version() -> str:
    """``<rasd version>+<12 hex digits of the rules hash>``."""
    return f"{package_version()}+{rules_hash()[:12]}"
