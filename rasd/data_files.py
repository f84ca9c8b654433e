"""Access to the reviewed data files shipped in ``rasd/data``."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources

from rasd.errors import DataError


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a packaged TSV file (lines starting with '#' are comments)."""
    try:
        text = resources.files("rasd.data").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DataError(f"packaged data file {name!r} is missing") from exc
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
