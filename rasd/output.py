"""Output formats for events: a human table, a JSON array, JSON lines.

Every format is a *sink*: ``add(event)`` per event as extraction streams, then
``close()``. JSON and JSONL write as they go; the table is rendered (with rich)
at ``close()``. Sinks write to the stream they are given and never print on
their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal, Protocol, TextIO

from rich.console import Console
from rich.table import Table

from rasd.model import Event

Format = Literal["table", "json", "jsonl"]
TABLE_COLUMNS = ("article", "type / sub-type", "actor1 → actor2", "place (admin1)", "date", "fatalities")


def json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON (UTF-8 kept readable, no trailing newline)."""
    return json.dumps(record, ensure_ascii=False)


class EventSink(Protocol):
    def add(self, event: Event) -> None: ...

    def close(self) -> None: ...


class JsonlSink:
    """One CODEBOOK §8 record per line."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def add(self, event: Event) -> None:
        self._stream.write(json_line(event.to_record()) + "\n")

    def close(self) -> None:
        self._stream.flush()


class JsonSink:
    """A JSON array of records, streamed: ``[`` … ``]`` with one record a line."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._count = 0

    def add(self, event: Event) -> None:
        self._stream.write(("[\n" if self._count == 0 else ",\n") + json_line(event.to_record()))
        self._count += 1

    def close(self) -> None:
        self._stream.write("\n]\n" if self._count else "[]\n")
        self._stream.flush()


class TableSink:
    """A table with one row per event, rendered at ``close()``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._rows: list[tuple[str, ...]] = []

    def add(self, event: Event) -> None:
        self._rows.append(event_row(event))

    def close(self) -> None:
        console = Console(file=self._stream, width=None if _isatty(self._stream) else 160)
        if not self._rows:
            console.print("No events found.")
            return
        table = Table(*TABLE_COLUMNS, title=f"{len(self._rows)} event(s)")
        for row in self._rows:
            table.add_row(*row)
        console.print(table)


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def event_row(event: Event) -> tuple[str, ...]:
    """The table cells of one event, in ``TABLE_COLUMNS`` order."""
    actors = f"{event.actor1 or '—'} → {event.actor2 or '—'}"
    place = event.location or event.admin1 or event.country or "—"
    if event.admin1 and event.admin1 != place:
        place += f" ({event.admin1})"
    when = event.event_date.isoformat() if event.event_date else "—"
    return (event.article_id, f"{event.event_type} / {event.sub_event_type}", actors, place, when, str(event.fatalities))


_SINKS: dict[str, Callable[[TextIO], EventSink]] = {"table": TableSink, "json": JsonSink, "jsonl": JsonlSink}


def make_sink(fmt: Format, stream: TextIO) -> EventSink:
    """The sink for ``fmt`` (``table``, ``json`` or ``jsonl``) writing to ``stream``."""
    return _SINKS[fmt](stream)
