"""What runs inside the Spark tasks: input rows → articles → extraction → output rows.

Plain Python, no pyspark import: the functions here take and yield tuples, so the
Spark job (:mod:`rasd.batch.job`) only moves rows around. Nothing here re-implements
a rule:

* a JSONL line becomes an :class:`~rasd.model.Article` through the JSONL reader's own
  line parser (:func:`rasd.ingest.jsonl.parse_line`: size limit, UTF-8/windows-1256
  decoding, JSON, field names, dates, HTML, language), a Parquet row through the same
  reader's dict-to-article step; so an article read by ``rasd batch`` is equal to the
  one ``rasd extract`` reads from the same line, default id (``<file stem>-<line>``)
  included;
* extraction is :func:`rasd.pipeline.extract`; the gazetteer, lexicons and models are
  loaded by its ``lru_cache``\\ s once per Python worker process (Spark reuses its
  workers), never shipped with a task or broadcast;
* event and signal columns come from ``Event.to_record()`` / ``Signal.to_record()``.

A record that cannot be read or extracted becomes a *skip* row with the reason; no
exception leaves a task.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from rasd import pipeline
from rasd.errors import InputError
from rasd.ingest.jsonl import article_from_json, parse_line
from rasd.model import Article

#: partition value of rows without a date (an event with no day, an unreadable line)
UNKNOWN_DATE = "__unknown__"

#: columns of the events table (CODEBOOK §8, in its order) and their types
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"), ("event_type", "string"), ("sub_event_type", "string"),
    ("actor1", "string"), ("assoc_actor1", "string"), ("actor2", "string"),
    ("country", "string"), ("admin1", "string"), ("admin1_code", "string"), ("admin2", "string"), ("admin3", "string"),
    ("location", "string"), ("location_ar", "string"), ("latitude", "double"), ("longitude", "double"),
    ("geo_precision", "int"), ("event_date", "date"), ("time_precision", "int"), ("fatalities", "int"),
    ("civilian_targeting", "boolean"), ("evidence", "evidence"),
)
#: columns of the signals table: ``Signal.to_record()`` and the article's publication date
SIGNAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"), ("actor", "string"), ("country", "string"), ("admin1", "string"),
    ("admin1_code", "string"), ("kind", "string"), ("direction", "string"), ("evidence", "evidence"),
    ("published", "date"),
)
#: columns of the skips table. ``key`` is the article id, or ``<file>:<line>`` when none could be read;
#: ``stage`` is ``read`` (the line or row is no usable article) or ``extract`` (the pipeline raised)
SKIP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "string"), ("source", "string"), ("article_id", "string"), ("stage", "string"), ("reason", "string"),
    ("published", "date"),
)
#: columns of the manifest: one row per processed input record and run
MANIFEST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "string"), ("article_id", "string"), ("source", "string"), ("pipeline_version", "string"),
    ("status", "string"), ("events", "int"), ("signals", "int"), ("published", "date"), ("processed_at", "timestamp"),
)
#: an input record read into an article (``kind`` ``article``) or not (``kind`` ``skip``, with the reason)
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "string"), ("key", "string"), ("source", "string"), ("article_id", "string"), ("title", "string"),
    ("text", "string"), ("published", "date"), ("url", "string"), ("outlet", "string"), ("language", "string"),
    ("reason", "string"),
)
#: every output row: ``kind`` says which one of the four structs is set; ``date`` is its partition value
OUTPUT_KINDS = ("event", "signal", "skip", "manifest")
#: the article fields a Parquet input may have (the JSONL reader's names)
PARQUET_FIELDS = ("id", "docno", "title", "text", "html", "published", "date", "time", "url", "source")

Row = tuple[Any, ...]


def display_path(uri: str) -> str:
    """A file URI as a person would name it: ``file:/data/a%20b.jsonl`` → ``/data/a b.jsonl``;
    other schemes (``hdfs://``, ``s3a://``) are kept, percent-decoded."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return unquote(uri)


def date_partition(day: date | None) -> str:
    """The partition value of a day: ``YYYY-MM-DD``, or :data:`UNKNOWN_DATE`."""
    return day.isoformat() if day else UNKNOWN_DATE


@dataclass(frozen=True, slots=True)
class LineBase:
    """Where a block of a JSONL file starts: its first line's number and monotonic row id."""

    first_line: int
    first_row_id: int


def line_bases(blocks: Iterable[tuple[str, int, int, int]]) -> dict[tuple[str, int], LineBase]:
    """Line numbering of split files from per-block counts.

    ``blocks`` are ``(file, block start offset, lines in the block, smallest row id in
    the block)``. Spark reads a block's lines in order and numbers them with
    consecutive ids, so a line's number in its file is the lines of the earlier blocks
    of that file, plus its id minus the block's first id, plus one.
    """
    out: dict[tuple[str, int], LineBase] = {}
    by_file: dict[str, list[tuple[int, int, int]]] = {}
    for file, start, count, first_id in blocks:
        by_file.setdefault(file, []).append((start, count, first_id))
    for file, parts in by_file.items():
        line = 1
        for start, count, first_id in sorted(parts):
            out[(file, start)] = LineBase(line, first_id)
            line += count
    return out


def _article_row(article: Article, source: str) -> Row:
    return ("article", article.id, source, article.id, article.title, article.text, article.published, article.url,
            article.source, article.language, None)


def _read_skip(source: str, reason: str) -> Row:
    return ("skip", source, source, None, None, None, None, None, None, None, reason)


class JsonlReader:
    """Task function: rows ``(raw bytes, file URI, block start, row id)`` of JSONL files → article rows.

    Blank lines are passed over (as the JSONL reader does); a line that is no article
    becomes a ``skip`` row keyed and named ``<file>:<line>`` with the reader's reason.
    """

    def __init__(self, bases: dict[tuple[str, int], LineBase]) -> None:
        self.bases = bases

    def __call__(self, rows: Iterable[Row]) -> Iterator[Row]:
        for raw, file, block, row_id in rows:
            if raw is None or not bytes(raw).strip():
                continue
            base = self.bases[(file, block)]
            lineno = base.first_line + (row_id - base.first_row_id)
            path = display_path(file)
            source = f"{path}:{lineno}"
            try:
                article, _encoding = parse_line(bytes(raw), source, PurePosixPath(path), lineno, None, None)  # type: ignore[arg-type]
            except InputError as exc:
                yield _read_skip(source, exc.reason)
                continue
            except Exception as exc:  # noqa: BLE001  (a reader bug must not fail the job)
                yield _read_skip(source, f"cannot be read ({type(exc).__name__}: {exc})")
                continue
            yield _article_row(article, source)


class ParquetReader:
    """Task function: Parquet rows ``(file URI, row index, *PARQUET_FIELDS present)`` → article rows.

    Each row is read as the JSONL reader reads a line's object; its default id is
    ``<file stem>-<row number>`` (1-based) and skips are named ``<file>:row <n>``.
    """

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields

    def __call__(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            file, index, values = row[0], row[1], row[2:]
            path = display_path(file)
            number = int(index) + 1
            source = f"{path}:row {number}"
            obj = {k: _plain(v) for k, v in zip(self.fields, values) if v is not None}
            stem = PurePosixPath(path).name.removesuffix(".parquet")
            try:
                article = article_from_json(obj, source, f"{stem}-{number}", None, None)
            except InputError as exc:
                yield _read_skip(source, exc.reason)
                continue
            except Exception as exc:  # noqa: BLE001  (a reader bug must not fail the job)
                yield _read_skip(source, f"cannot be read ({type(exc).__name__}: {exc})")
                continue
            yield _article_row(article, source)


def _plain(value: Any) -> Any:
    """A Parquet value as JSON would give it: a whole float (an id stored as double) as an int."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _evidence(items: list[dict[str, Any]]) -> list[Row]:
    return [(e["role"], e["start"], e["end"], e["text"]) for e in items]


def event_row(record: dict[str, Any]) -> Row:
    """An ``Event.to_record()`` as a tuple in :data:`EVENT_COLUMNS` order (the day as a date)."""
    out = []
    for name, kind in EVENT_COLUMNS:
        v = record[name]
        if kind == "date" and v is not None:
            v = date.fromisoformat(v)
        elif kind == "evidence":
            v = _evidence(v)
        out.append(v)
    return tuple(out)


def signal_row(record: dict[str, Any], published: date | None) -> Row:
    """A ``Signal.to_record()`` and the publication date, in :data:`SIGNAL_COLUMNS` order."""
    rec = dict(record, evidence=_evidence(record["evidence"]), published=published)
    return tuple(rec[name] for name, _ in SIGNAL_COLUMNS)


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row (as a dict) back to the CODEBOOK §8 record ``rasd extract -o`` writes."""
    rec: dict[str, Any] = {}
    for name, kind in EVENT_COLUMNS:
        v = row[name]
        if kind == "date":
            v = v.isoformat() if isinstance(v, date) else v
        elif kind == "evidence":
            v = _evidence_dicts(v)
        rec[name] = v
    return rec


def signal_record(row: dict[str, Any]) -> dict[str, Any]:
    """A signals-table row (as a dict) back to ``Signal.to_record()`` (without ``published``)."""
    rec = {name: row[name] for name, _ in SIGNAL_COLUMNS if name != "published"}
    rec["evidence"] = _evidence_dicts(row["evidence"])
    return rec


def _evidence_dicts(items: Iterable[Any] | None) -> list[dict[str, Any]]:
    """Evidence as ``Evidence.to_dict()`` gives it, from dicts (pyarrow, Spark ``asDict``) or
    ``(role, start, end, text)`` tuples (a task's rows)."""
    out = []
    for e in items or []:
        if isinstance(e, dict):
            out.append({"role": e["role"], "start": e["start"], "end": e["end"], "text": e["text"]})
        else:
            role, start, end, text = e
            out.append({"role": role, "start": start, "end": end, "text": text})
    return out


class Extractor:
    """Task function: article rows → output rows ``(kind, key, date, event, signal, skip, manifest)``.

    Runs :func:`rasd.pipeline.extract` on each article; every input row also gives one
    ``manifest`` row stamped with ``version`` and ``processed_at``: status ``ok``,
    ``skipped`` (not read, or the extraction raised) or ``store_failed``.

    With ``store_url``, each extracted article and its result also go into the rasd
    store (:func:`rasd.store.open_store`, once per worker process): ``add_article``
    (a no-op when an article of the same identity is stored) then ``save_extraction``
    (which replaces that article's machine events and signals). A store error does not
    lose the events (they are still written to Parquet): it adds a skip row (stage
    ``store``) and the status ``store_failed``, so the next incremental run tries again.
    """

    def __init__(self, version: str, processed_at: datetime, store_url: str | None = None) -> None:
        self.version = version
        self.processed_at = processed_at
        self.store_url = store_url

    def __call__(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            kind, key, source, article_id, title, text, published, url, outlet, language, reason = row
            if kind == "skip":
                yield from self._skip(key, source, None, "read", reason, None)
                continue
            article = Article(id=article_id, text=text, title=title or "", published=published, url=url, source=outlet,
                              language=language)
            try:
                result = pipeline.extract(article)
            except Exception as exc:  # noqa: BLE001  (the extractor's bug must not kill the batch, as in rasd.runner)
                yield from self._skip(key, source, article_id, "extract",
                                      f"extraction failed: {type(exc).__name__}: {exc}", published)
                continue
            for event in result.events:
                yield ("event", key, date_partition(event.event_date), event_row(event.to_record()), None, None, None)
            day = date_partition(published)
            for signal in result.signals:
                yield ("signal", key, day, None, signal_row(signal.to_record(), published), None, None)
            status = "ok"
            if self.store_url:
                try:
                    store = open_store_once(self.store_url)
                    stored_id, _created = store.add_article(article, input_name=source)
                    store.save_extraction(stored_id, result, self.version)
                except Exception as exc:  # noqa: BLE001  (a store failure is recorded, the batch goes on)
                    status = "store_failed"
                    yield ("skip", key, day, None, None,
                           (key, source, article_id, "store", f"not stored: {type(exc).__name__}: {exc}", published), None)
            yield ("manifest", key, day, None, None, None,
                   (key, article_id, source, self.version, status, len(result.events), len(result.signals), published,
                    self.processed_at))

    def _skip(self, key: str, source: str, article_id: str | None, stage: str, reason: str,
              published: date | None) -> Iterator[Row]:
        day = date_partition(published)
        yield ("skip", key, day, None, None, (key, source, article_id, stage, reason, published), None)
        yield ("manifest", key, day, None, None, None,
               (key, article_id, source, self.version, "skipped", 0, 0, published, self.processed_at))


@lru_cache(maxsize=4)
def open_store_once(url: str) -> Any:
    """The store at ``url``, opened once per process (its connection pool serves every task)."""
    from rasd.store import open_store

    return open_store(url)


def read_and_extract(reader: JsonlReader | ParquetReader, extractor: Extractor) -> Any:
    """One task function doing both steps (when there is no manifest to consult in between)."""

    def run(rows: Iterable[Row]) -> Iterator[Row]:
        return extractor(reader(rows))

    return run
