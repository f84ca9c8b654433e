"""Helpers of the batch tests: the test corpus, and canonical records to compare outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds  # type: ignore[import-untyped]
import pytest

from rasd.batch.records import event_record, signal_record
from rasd.errors import InputError
from rasd.model import Result
from rasd.runner import extract_files

EN_TEXT = "Warplanes struck the village of Kafranbel in southern Idlib on Monday, killing three civilians."
AR_CP1256 = "قصفت طائرات حربية قرية كفرنبل في ريف إدلب الجنوبي يوم الاثنين، ما أدى إلى مقتل ثلاثة مدنيين."

#: lines mixed into the corpus: (bytes, reason expected in the skips table or None for an article)
ODD_LINES: list[tuple[bytes, str | None]] = [
    (b"this is not json", "not valid JSON"),
    (b'{"id": "no-text", "title": "a title and nothing else"}', "missing 'text'"),
    (b"[1, 2, 3]", "expected a JSON object"),
    (b"", None),  # blank: passed over, as rasd extract does
    (json.dumps({"title": "no id", "text": EN_TEXT, "published": "2019-05-14"}).encode(), None),  # id: <stem>-<line>
    (json.dumps({"id": "bad-date", "text": EN_TEXT, "published": "yesterday"}).encode(), "bad 'published' date"),
    (json.dumps({"id": "cp1256", "text": AR_CP1256, "published": "2019-05-14"}, ensure_ascii=False).encode("cp1256"), None),
    (b'{"id": "latin1", "text": "caf\xe9 cr\xe8me"}', "not UTF-8 text"),
]


def write_corpus(path: Path, articles: list[bytes]) -> Path:
    """``articles`` with :data:`ODD_LINES` spread among them (two at the start, the rest later)."""
    lines: list[bytes] = []
    odd = iter(ODD_LINES)
    for i, line in enumerate(articles):
        if i in (0, 1, 7, 12, 19, 23, 28, 29):
            lines.append(next(odd)[0])
        lines.append(line)
    lines += [o[0] for o in odd]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def canonical(records: list[dict[str, Any]]) -> list[str]:
    """Records as sorted JSON strings (keys sorted): equal lists mean equal outputs, in any order."""
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)


def expected(paths: list[Path]) -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """What ``rasd extract`` gives on ``paths``: canonical events, signals, and ``(line, reason)`` of errors."""
    events: list[dict[str, Any]] = []
    signals: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    for item in extract_files(paths):
        if isinstance(item, Result):
            events += [e.to_record() for e in item.events]
            signals += [s.to_record() for s in item.signals]
        elif isinstance(item, InputError):
            errors.append((int(item.source.rsplit(":", 1)[1]), item.reason))
        else:
            pytest.fail(f"extraction failed on a test article: {item}")
    return canonical(events), canonical(signals), sorted(errors)


def table_rows(out: Path, table: str) -> list[dict[str, Any]]:
    """Every row of an output table, read with pyarrow (not Spark), with its ``date`` partition."""
    path = out / table
    if not path.is_dir():
        return []
    return ds.dataset(str(path), format="parquet", partitioning="hive").to_table().to_pylist()  # type: ignore[no-any-return]


def batch_events(out: Path) -> list[str]:
    return canonical([event_record(r) for r in table_rows(out, "events")])


def batch_signals(out: Path) -> list[str]:
    return canonical([signal_record(r) for r in table_rows(out, "signals")])


def batch_skips(out: Path) -> list[tuple[int, str]]:
    """``(line, reason)`` of the skips (their source is ``<file>:<line>``)."""
    return sorted((int(r["source"].rsplit(":", 1)[1]), r["reason"]) for r in table_rows(out, "skips"))
