"""``rasd ingest`` and ``rasd stats``: the store's commands, a thin shell over :mod:`rasd.store`.

Registered on the main app by :func:`register` (see the end of :mod:`rasd.cli`).
Every command touching the store takes ``--db URL`` (default: ``$RASD_DB``, else
the embedded SQLite file under the user's data directory). The store is imported
inside the commands, so ``rasd extract`` does not pay for SQLAlchemy at start-up.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rasd.store import Store
    from rasd.store.ingestion import IngestReport

DB_HELP = "Database URL: sqlite:///FILE, postgresql://USER@HOST/DB or a file path. Default: $RASD_DB, else the embedded SQLite file."


def _open(db: str | None) -> Store:
    from rasd.store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def ingest(
    paths: list[Path] | None = typer.Argument(
        None, help="Files (.txt, .html/.htm, .jsonl, .jsonl.gz) or folders (read recursively, in name order).",
        show_default=False,
    ),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    source: str | None = typer.Option(None, "--source", help="Outlet name for these articles (default: a JSONL line's 'source')."),
    reextract: bool = typer.Option(
        False, "--reextract",
        help="Extract again stored articles made by another pipeline version (those in PATHS; all stored ones without PATHS).",
    ),
    force: bool = typer.Option(False, "--force", help="With --reextract: extract again whatever the version."),
    published: str | None = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for .txt/.html inputs."),
    title: str | None = typer.Option(None, "--title", help="Article title for .txt/.html inputs."),
    as_json: bool = typer.Option(False, "--json", help="Print the run's report as one JSON object."),
) -> None:
    """Store articles and their events; re-ingesting is a no-op.

    Bad inputs (empty, binary, wrong encoding, broken JSONL lines) are quarantined
    with their reason and the others stored. Exit status: 0, or 1 when anything was
    quarantined; 2 for a usage error or a database that cannot be opened.
    """
    from sqlalchemy.exc import DBAPIError

    from rasd.cli import _route_warnings
    from rasd.ingest import parse_published
    from rasd.store import StoreError
    from rasd.store.ingestion import ingest_paths, reextract_stored

    if force and not reextract:
        raise typer.BadParameter("--force goes with --reextract", param_hint="--force")
    if not paths and not reextract:
        raise typer.BadParameter("give files or folders to ingest (or --reextract alone for the stored articles)",
                                 param_hint="PATHS")
    try:
        pub = parse_published(published, "--published")
    except Exception as exc:
        raise typer.BadParameter(str(getattr(exc, "reason", exc)), param_hint="--published") from exc
    _route_warnings()
    command = shlex.join(["rasd", "ingest", *map(str, paths or []), *(["--source", source] if source else []),
                          *(["--reextract"] if reextract else []), *(["--force"] if force else [])])
    with _open(db) as store, _ProgressBar() as bar:
        try:
            if paths:
                report = ingest_paths(store, paths, source=source, reextract=reextract, force=force, published=pub,
                                      title=title, command=command, progress=bar.update)
            else:
                report = reextract_stored(store, force=force, command=command, progress=bar.update)
        except (StoreError, DBAPIError) as exc:  # the database failed (gone, full, locked too long): stop here
            bar.stop()
            typer.echo(f"error: {store.safe_url}: {getattr(exc, 'orig', None) or exc}", err=True)
            raise typer.Exit(2) from exc
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False) if as_json else _report_text(report))
    raise typer.Exit(1 if report.counts.quarantined else 0)


def _report_text(report: IngestReport) -> str:
    c = report.counts
    lines = [
        f"stored: {c.stored}",
        f"already present: {c.present} (no-op)",
        f"re-extracted: {c.reextracted}",
        f"events: {c.events} (signals: {report.signals})",
        f"quarantined: {c.quarantined}",
    ]
    lines += [f"  {name}: {reason}" for name, reason in report.quarantined]
    return "\n".join(lines)


class _ProgressBar:
    """A rich progress bar on stderr while a run goes on (only when stderr is a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[unit]}"),
            TimeElapsedColumn(), TextColumn("{task.description}"),
            console=console, disable=not console.is_terminal, transient=True,
        )
        self._task: Any = None

    def update(self, report: IngestReport) -> None:
        c = report.counts
        text = f"stored {c.stored} · present {c.present} · re-extracted {c.reextracted} · quarantined {c.quarantined}"
        if self._task is None:
            self._task = self._progress.add_task(text, total=report.total or None, unit=report.unit)
        self._progress.update(self._task, completed=report.done, description=text)

    def __enter__(self) -> _ProgressBar:
        self._progress.start()
        return self

    def stop(self) -> None:
        self._progress.stop()

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


def stats(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as one JSON object."),
) -> None:
    """Print the counts of sources, articles, events, incidents, signals and quarantined inputs."""
    with _open(db) as store:
        counts = store.stats()
        where = store.safe_url
    if as_json:
        typer.echo(json.dumps(counts))
        return
    typer.echo(f"database     {where}")
    for key, value in counts.items():
        typer.echo(f"{key:12} {value:,}")


def register(app: typer.Typer) -> None:
    """Add the store's commands to the ``rasd`` app."""
    app.command("ingest")(ingest)
    app.command("stats")(stats)
