"""``rasd`` command line: a thin shell over :mod:`rasd.runner`.

Commands: ``extract`` (files → events), ``eval`` (score against gold), ``geocode``
(explain the places of a text, :mod:`rasd.geo.explain`), ``version``.
Results go to stdout (or files), errors and warnings to stderr, each naming the
input (``path`` or ``path:line``). ``extract`` exits 1 when any input failed,
after processing all the others.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import ExitStack
from enum import Enum
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import Any, Optional, TextIO

import typer

from rasd import runner
from rasd.errors import InputError
from rasd.ingest import parse_published
from rasd.model import Result
from rasd.output import JsonlSink, json_line, make_sink

app = typer.Typer(
    help="rasd: Arabic and English conflict news to ACLED-style event records with evidence.",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class _StderrHandler(logging.Handler):
    """Log records of the ``rasd`` loggers as ``warning: …`` lines on the current stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)


def _route_warnings() -> None:
    logger = logging.getLogger("rasd")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler(logging.WARNING))
    logger.setLevel(logging.WARNING)


@app.command()
def extract(
    inputs: Optional[list[Path]] = typer.Argument(
        None,
        help="Files (.txt, .html/.htm, .jsonl, .jsonl.gz) or directories. None: the bundled sample articles.",
        show_default=False,
    ),
    published: Optional[str] = typer.Option(
        None, "--published", help="Publication date YYYY-MM-DD for .txt/.html inputs (fills in JSONL lines that have none)."
    ),
    title: Optional[str] = typer.Option(None, "--title", help="Article title for .txt/.html inputs."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", help="Write events here, one CODEBOOK §8 JSON record per line.", dir_okay=False
    ),
    signals: Optional[Path] = typer.Option(
        None, "--signals", help="Write trend signals here, one JSON record per line.", dir_okay=False
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="How to print events on stdout."),
) -> None:
    """Extract events from articles and print them (table, json or jsonl).

    Exit status: 0 when every input was read, 1 when any failed (the others are
    still processed and written).
    """
    _route_warnings()
    try:
        pub = parse_published(published, "--published")
    except InputError as exc:
        raise typer.BadParameter(exc.reason, param_hint="--published") from exc
    paths = inputs or runner.sample_paths()
    counts = {"articles": 0, "events": 0, "signals": 0, "errors": 0}
    with ExitStack() as stack:
        events_out = JsonlSink(stack.enter_context(_open_for_writing(output))) if output else None
        signals_out = stack.enter_context(_open_for_writing(signals)) if signals else None
        sink = make_sink(fmt.value, sys.stdout)
        for item in runner.extract_files(paths, published=pub, title=title):
            if not isinstance(item, Result):
                counts["errors"] += 1
                typer.echo(f"error: {item.source}: {item.reason}", err=True)
                continue
            counts["articles"] += 1
            for event in item.events:
                counts["events"] += 1
                sink.add(event)
                if events_out:
                    events_out.add(event)
            for signal in item.signals:
                counts["signals"] += 1
                if signals_out:
                    signals_out.write(json_line(signal.to_record()) + "\n")
        sink.close()
    typer.echo(", ".join(f"{v} {k}" for k, v in counts.items()), err=True)
    raise typer.Exit(1 if counts["errors"] else 0)


def _open_for_writing(path: Path) -> TextIO:
    """``path`` opened for UTF-8 writing, its folder made if missing; a clean error if impossible."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: {path}: cannot be written ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from exc


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="Gold events (JSONL: docno, published, events)."),
    articles: Path = typer.Argument(..., help="The gold's articles (JSONL: id, title, text, published, …)."),
    scorer: Optional[Path] = typer.Option(
        None, "--scorer", help="The scorer script. Default: shared/eval/score.py beside the repo or above the cwd."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
) -> None:
    """Extract events from ARTICLES and score them against GOLD with the project's scorer."""
    _route_warnings()
    scorer = scorer or runner.default_scorer()
    if scorer is None:
        typer.echo("error: shared/eval/score.py not found beside the repo or above the cwd; pass --scorer", err=True)
        raise typer.Exit(2)
    try:
        scores = runner.evaluate(gold, articles, scorer)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json_line(scores) if as_json else _scores_text(scores))


def _scores_text(scores: dict[str, Any]) -> str:
    fields = {k: v for k, v in scores.items() if k.startswith("matched_")}
    overall = {k: v for k, v in scores.items() if k not in fields}
    lines = ["Scores"] + [f"  {k:32} {v}" for k, v in overall.items()]
    if fields:
        lines += ["Per-field accuracy on matched events"] + [f"  {k.removeprefix('matched_'):32} {v}" for k, v in fields.items()]
    return "\n".join(lines)


class GeocodeFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def geocode(
    text: str = typer.Argument(..., help="The text to geocode (Arabic or English), quoted."),
    fmt: GeocodeFormat = typer.Option(GeocodeFormat.table, "--format", "-f", help="table (for reading) or json."),
) -> None:
    """Show the places found in TEXT, the gazetteer entries each name may stand for, and the one chosen.

    For each place: its span (original offsets), the phrase with its modifier words
    ("ريف إدلب الجنوبي", "near Hajin"), the candidates (kind, name, country, admin1 code,
    population; * marks the choice) and the coded place (admin1–3, lat/lon, geo_precision).
    """
    from rasd.geo.explain import format_table, geocode_places

    places = geocode_places(text)
    if fmt is GeocodeFormat.json:
        typer.echo(json.dumps([g.to_dict() for g in places], ensure_ascii=False, indent=2))
    else:
        typer.echo(format_table(places))


@app.command()
def version() -> None:
    """Print the rasd version."""
    try:
        typer.echo(f"rasd {package_version('rasd')}")
    except PackageNotFoundError:
        typer.echo("rasd (not installed)")


from rasd import cli_incidents  # noqa: E402  (rasd incidents: link stored events)

cli_incidents.register(app)


from rasd import cli_batch  # noqa: E402  (rasd batch: Spark, optional extra)

cli_batch.register(app)


from rasd import cli_web  # noqa: E402  (rasd serve, trends, token: API and dashboard)

cli_web.register(app)


from rasd import cli_store  # noqa: E402  (store commands: ingest, stats)

cli_store.register(app)


if __name__ == "__main__":
    app()
