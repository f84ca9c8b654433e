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


def open_store_or_exit(db: str | None) -> Store:
    """The store at ``db`` for a command; a database that cannot be opened ends it with status 2
    and the reason (every store command: ingest, stats, incidents, serve, trends, token)."""
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
    samples: bool = typer.Option(False, "--samples", help="Also ingest the sample articles bundled with rasd."),
    sources: Path | None = typer.Option(None, "--sources", help="A sources.toml of web sources to read (see sources.example.toml)."),
    feeds: list[str] | None = typer.Option(None, "--feed", help="An RSS or Atom feed URL (repeatable)."),
    wordpress: list[str] | None = typer.Option(None, "--wordpress", help="A WordPress site: its /wp-json/wp/v2/posts, paged (repeatable)."),
    sitemaps: list[str] | None = typer.Option(None, "--sitemap", help="A sitemap or sitemap index URL (repeatable)."),
    urls: list[str] | None = typer.Option(None, "--url", help="One article page URL (repeatable)."),
    url_list: list[Path] | None = typer.Option(None, "--url-list", help="A text file of article URLs, one per line (repeatable)."),
    allow_private: list[str] | None = typer.Option(
        None, "--allow-private", help="An address or network (e.g. 127.0.0.1) that may be fetched although private or loopback."),
    watch_: bool = typer.Option(False, "--watch", help="Keep polling the web sources until Ctrl-C."),
    interval: float = typer.Option(900.0, "--interval", help="Seconds between polls with --watch.", min=1.0),
    as_json: bool = typer.Option(False, "--json", help="Print the run's report as one JSON object."),
) -> None:
    """Store articles and their events; re-ingesting is a no-op.

    Inputs: files and folders, the bundled samples (--samples), and web sources: RSS/Atom
    feeds, WordPress sites, sitemaps, URL lists and pages (--sources FILE, --feed, …),
    fetched politely (timeouts, retries, per-host rate limit, robots.txt, a size cap;
    private and loopback addresses refused unless --allow-private). Bad inputs (empty,
    binary, wrong encoding, broken JSONL lines, HTTP errors, invalid feeds, too large
    pages …) are quarantined with their reason and the others stored. Exit status: 0,
    or 1 when anything was quarantined; 2 for a usage error or a database that cannot
    be opened.
    """
    from sqlalchemy.exc import DBAPIError

    from rasd.cli import _route_warnings
    from rasd.ingest import parse_published
    from rasd.store import StoreError
    from rasd.store.ingestion import ingest_paths, reextract_stored

    if force and not reextract:
        raise typer.BadParameter("--force goes with --reextract", param_hint="--force")
    paths = list(paths or [])
    if samples:
        paths.append(_samples_dir())
    specs = _web_specs(sources, feeds, wordpress, sitemaps, urls, url_list)
    if watch_ and not specs:
        raise typer.BadParameter("--watch polls web sources: give --sources, --feed, --wordpress, --sitemap, --url or --url-list",
                                 param_hint="--watch")
    if not paths and not reextract and not specs:
        raise typer.BadParameter("give files or folders to ingest, --samples, web sources (--sources, --feed …), "
                                 "or --reextract alone for the stored articles", param_hint="PATHS")
    try:
        pub = parse_published(published, "--published")
    except Exception as exc:
        raise typer.BadParameter(str(getattr(exc, "reason", exc)), param_hint="--published") from exc
    _route_warnings()
    command = shlex.join(["rasd", "ingest", *map(str, paths), *(["--source", source] if source else []),
                          *(["--reextract"] if reextract else []), *(["--force"] if force else []),
                          *[f"--{s.kind}={s.url}" for s in specs], *(["--watch"] if watch_ else [])])
    reports: list[IngestReport] = []
    relinked: Any = None
    with open_store_or_exit(db) as store, _ProgressBar() as bar:
        try:
            linked_before = reextract and _has_machine_incidents(store)
            if paths:
                reports.append(ingest_paths(store, paths, source=source, reextract=reextract, force=force, published=pub,
                                            title=title, command=command, progress=bar.update))
            elif reextract:
                reports.append(reextract_stored(store, force=force, command=command, progress=bar.update))
            if specs:
                reports.append(_ingest_web(store, specs, allow_private, watch_, interval, command, bar))
            if linked_before and any(r.counts.reextracted for r in reports):
                relinked = _relink_incidents(store)
        except (StoreError, DBAPIError) as exc:  # the database failed (gone, full, locked too long): stop here
            bar.stop()
            typer.echo(f"error: {store.safe_url}: {getattr(exc, 'orig', None) or exc}", err=True)
            raise typer.Exit(2) from exc
    report = _combined(reports)
    if as_json:
        out = report.as_dict()
        if relinked is not None:
            out["incidents_relinked"] = relinked.as_dict()
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        typer.echo(_report_text(report))
        if relinked is not None:
            typer.echo(f"incidents: re-linked after re-extraction ({relinked.incidents} of two or more events; "
                       f"created {relinked.created}, earlier machine incidents undone {relinked.undone})")
    raise typer.Exit(1 if report.counts.quarantined else 0)


def _has_machine_incidents(store: Any) -> bool:
    """Whether the store holds active incidents that ``rasd incidents`` made."""
    from rasd.incidents.stored import METHOD

    return any(i.method == METHOD for i in store.incidents())


def _relink_incidents(store: Any) -> Any:
    """Re-extraction replaced machine events, and their incident memberships went with them: link the
    new events again (``rasd incidents --rebuild``: machine incidents undone, kept as history, and
    made afresh; incidents made by hand are left alone)."""
    from rasd.incidents.stored import link_store

    return link_store(store, rebuild=True)


def _samples_dir() -> Path:
    from rasd.runner import SAMPLES_DIR

    return SAMPLES_DIR


def _web_specs(sources: Path | None, feeds: list[str] | None, wordpress: list[str] | None, sitemaps: list[str] | None,
               urls: list[str] | None, url_list: list[Path] | None) -> list[Any]:
    """The web sources named on the command line, and those of a sources.toml."""
    from urllib.parse import urlsplit

    from rasd.ingest.web import SourcesError, SourceSpec, load_sources

    specs: list[Any] = []
    if sources is not None:
        try:
            specs.extend(load_sources(sources))
        except SourcesError as exc:
            raise typer.BadParameter(str(exc), param_hint="--sources") from exc
    for kind, values in (("rss", feeds), ("wordpress", wordpress), ("sitemap", sitemaps), ("page", urls)):
        for url in values or []:
            if urlsplit(url).scheme not in ("http", "https"):
                raise typer.BadParameter(f"not an http(s) URL: {url}", param_hint=f"--{kind}")
            specs.append(SourceSpec(name=urlsplit(url).netloc, kind=kind, url=url))
    for path in url_list or []:
        specs.append(SourceSpec(name=path.stem, kind="urls", url=str(path)))
    return specs


def _ingest_web(store: Store, specs: list[Any], allow_private: list[str] | None, watch_: bool, interval: float,
                command: str, bar: _ProgressBar) -> IngestReport:
    import signal
    import threading

    from rasd.ingest.web import Fetcher
    from rasd.store.web import ingest_sources, watch_sources

    with Fetcher(allow_private=list(allow_private or [])) as fetcher:
        if not watch_:
            return ingest_sources(store, specs, fetcher, command=command, progress=bar.update)
        stop = threading.Event()
        previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
        try:
            typer.echo(f"watching {len(specs)} source(s) every {interval:g} s; Ctrl-C to stop", err=True)
            return watch_sources(store, specs, fetcher, interval, stop, command=command, progress=bar.update)
        finally:
            signal.signal(signal.SIGINT, previous)


def _combined(reports: list[IngestReport]) -> IngestReport:
    """One report for a command that ran a file run and a web run."""
    if len(reports) == 1:
        return reports[0]
    from dataclasses import fields

    from rasd.store.ingestion import IngestReport as Report

    out = Report(run_id=reports[-1].run_id)
    for r in reports:
        for f in fields(out.counts):
            setattr(out.counts, f.name, getattr(out.counts, f.name) + getattr(r.counts, f.name))
        out.signals += r.signals
        out.quarantined.extend(r.quarantined)
    return out


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
    with open_store_or_exit(db) as store:
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
