"""``rasd incidents``: link the stored events into incidents and save them.

A thin shell over :func:`rasd.incidents.stored.link_store`; registered on the main
app by :func:`register` (see the end of :mod:`rasd.cli`). The store is imported
inside the command, so other commands do not pay for SQLAlchemy at start-up.
"""

from __future__ import annotations

import json

import typer

from rasd.cli_store import DB_HELP, open_store_or_exit


def incidents(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    rebuild: bool = typer.Option(
        False, "--rebuild",
        help="Undo every incident this command made before (kept as history) and link all events afresh.",
    ),
    threshold: float = typer.Option(0.7, "--threshold", min=0.05, max=1.0,
                                    help="Near-duplicate articles: estimated Jaccard of 3-word shingles."),
    as_json: bool = typer.Option(False, "--json", help="Print the run's counts as one JSON object."),
) -> None:
    """Merge the stored events that report one incident, with the reason for each merge.

    Events of different articles are merged when their type, actors, place (by
    geo precision) and date (by time precision) agree; see docs/incidents.md.
    Events an analyst took out of an incident are not merged back. Exit status:
    0, or 2 when the database cannot be opened.
    """
    from rasd.incidents.rules import Policy
    from rasd.incidents.stored import link_store
    with open_store_or_exit(db) as store:
        report = link_store(store, rebuild=rebuild, policy=Policy(duplicate_threshold=threshold))
    counts = report.as_dict()
    if as_json:
        typer.echo(json.dumps(counts))
        return
    typer.echo(f"{report.events} events from {report.articles} articles; {report.duplicates} near-duplicate "
               f"article pairs; {report.incidents} incidents of two or more events")
    typer.echo(f"created {report.created}, extended {report.extended}, unchanged {report.unchanged}, "
               f"kept as stored {report.kept}, undone by --rebuild {report.undone}, "
               f"event pairs kept apart by earlier undos {report.apart}")


def register(app: typer.Typer) -> None:
    """Add ``rasd incidents`` to ``app``."""
    app.command("incidents")(incidents)
