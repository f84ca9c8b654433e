"""``rasd serve``, ``rasd trends`` and ``rasd token``: the API/dashboard commands, a thin shell over
:mod:`rasd.api` and :mod:`rasd.analytics`.

Registered on the main app by :func:`register` (see the end of :mod:`rasd.cli`). Every command
takes ``--db URL`` (default: ``$RASD_DB``, else the embedded SQLite file). Heavy imports
(FastAPI, SQLAlchemy) happen inside the commands.
"""

from __future__ import annotations

import ipaddress
import json
from datetime import date
from enum import Enum
from typing import Any

import typer

from rasd.cli_store import DB_HELP, open_store_or_exit


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. Anything but loopback exposes the API to the network."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0: any free port)."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level (critical, error, warning, info, debug)."),
) -> None:
    """Serve the API (/api), its OpenAPI docs (/docs) and the dashboard (/) until stopped (Ctrl-C).

    Read routes are open to whoever reaches the address; review and source routes need a
    token from ``rasd token create NAME``.
    """
    import uvicorn

    from rasd.api import create_app

    if not _is_loopback(host):
        typer.echo(f"warning: binding {host}: the API is reachable from the network (read routes need no token)",
                   err=True)
    store = open_store_or_exit(db)
    app = create_app(store)
    where = store.safe_url
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"rasd: serving {where} at http://{shown}:{port}/ (API /api, docs /docs); Ctrl-C stops", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level == "debug")
    finally:
        store.close()


class Dimension(str, Enum):
    admin1 = "admin1"
    admin2 = "admin2"
    actor = "actor"
    event_type = "event_type"
    sub_event_type = "sub_event_type"
    country = "country"
    all = "all"


class TrendFormat(str, Enum):
    table = "table"
    json = "json"


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not a date YYYY-MM-DD: {value!r}", param_hint=name) from exc


def trends(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    dimension: Dimension = typer.Option(Dimension.admin1, "--by", help="What each row is about."),
    week: str | None = typer.Option(None, "--week", help="Any day of the week to assess (default: the last week with events)."),
    country: list[str] | None = typer.Option(None, "--country", help="ISO3 code; repeat for several."),
    admin1: list[str] | None = typer.Option(None, "--admin1", help="Governorate name or code (Deir-ez-Zor, SY09)."),
    admin2: list[str] | None = typer.Option(None, "--admin2", help="District name."),
    actor: list[str] | None = typer.Option(None, "--actor", help="Actor id (ISIS, SDF, …)."),
    event_type: list[str] | None = typer.Option(None, "--event-type", help="CODEBOOK event type."),
    date_from: str | None = typer.Option(None, "--from", help="Only events on or after this date."),
    date_to: str | None = typer.Option(None, "--to", help="Only events on or before this date."),
    reviewed: bool = typer.Option(False, "--reviewed", help="Only events a person confirmed or edited."),
    min_events: int = typer.Option(1, "--min-events", min=0, help="Leave out rows with fewer events this week and in the last year."),
    dyad_place: str = typer.Option("admin1", "--dyads-by", help="New actor pairs per admin1 or admin2."),
    limit: int = typer.Option(30, "--limit", min=1, help="Rows to print."),
    fmt: TrendFormat = typer.Option(TrendFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Escalation per place, actor or type: this week's events against the previous 4 and 52 weeks.

    Levels follow ACLED's early-warning thresholds: large increase (> +25 %), moderate increase
    (+10 … +25 %), limited change (−25 … +10 %), decrease (< −25 %); new activity where the
    baseline was zero. New actor pairs in a place and the trend signals of the articles are
    shown beside the counts.
    """
    from rasd.analytics.query import REVIEWED, EventFilter, trend_report
    from rasd.events.codebook import EventType
    from rasd.store.engine import read_tx

    if dyad_place not in ("admin1", "admin2"):
        raise typer.BadParameter("admin1 or admin2", param_hint="--dyads-by")
    types = [t.value for t in EventType]
    for t in event_type or []:
        if t not in types:
            raise typer.BadParameter(f"unknown event type {t!r}; one of: {', '.join(types)}", param_hint="--event-type")
    flt = EventFilter(date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                      country=[c.upper() for c in country or []], admin1=admin1 or [], admin2=admin2 or [],
                      actor=actor or [], event_type=event_type or [])
    if reviewed:
        flt = flt.with_(status=REVIEWED)
    with open_store_or_exit(db) as store, read_tx(store.engine) as conn:
        report = trend_report(conn, store.backend, flt, dimension=dimension.value, week=_date(week, "--week"),
                              min_events=min_events, dyad_place=dyad_place)
    if fmt is TrendFormat.json:
        data = report.to_dict()
        data["trends"] = data["trends"][:limit]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(_trends_text(report.to_dict(), limit))


def _pct(x: Any) -> str:
    return "—" if x is None else f"{x * 100:+.0f}%"


def _trends_text(data: dict[str, Any], limit: int) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    if not data["week"]:
        return "No events match."
    out = StringIO()
    console = Console(file=out, width=160)
    table = Table(title=f"Week of {data['week']} by {data['dimension']} (data from {data['coverage_start']})")
    for col in ("", "events", "4-wk avg", "change", "level (4 wk)", "52-wk avg", "change ", "level (52 wk)",
                "signals", "last 12 weeks"):
        table.add_column(col, justify="right" if col and "level" not in col and col != "signals" else "left")
    for t in data["trends"][:limit]:
        sig = ", ".join(f"{k} {v}" for k, v in sorted(t["signals"].items())) or ""
        spark = " ".join(str(n) for n in t["series"])
        b4 = "—" if t["baseline_4"] is None else f"{t['baseline_4']:.2f}"
        b52 = "—" if t["baseline_52"] is None else f"{t['baseline_52']:.2f}"
        table.add_row(t["label"], str(t["events"]), b4, _pct(t["change_4"]), t["level_4"].replace("_", " "),
                      b52, _pct(t["change_52"]), t["level_52"].replace("_", " "), sig, spark)
    console.print(table)
    if len(data["trends"]) > limit:
        console.print(f"… {len(data['trends']) - limit} more rows (--limit)")
    if data["new_dyads"]:
        dy = Table(title="New actor pairs this week (none in the previous 52 weeks there)")
        for col in ("place", "actors", "events", "first"):
            dy.add_column(col)
        for d in data["new_dyads"][:limit]:
            dy.add_row(d["label"], f"{d['actor_a']} – {d['actor_b']}", str(d["events"]), d["first_date"])
        console.print(dy)
    return out.getvalue().rstrip()


token_app = typer.Typer(help="API tokens for the review and source routes (stored hashed in the database).",
                        no_args_is_help=True)


@token_app.command("create")
def token_create(
    name: str = typer.Argument(..., help="Who the token is for: their name shows in the review history."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Make a token for NAME and print it once (only its SHA-256 is stored)."""
    from rasd.api.review import create_token

    with open_store_or_exit(db) as store:
        try:
            token_id, token = create_token(store.engine, name)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="NAME") from exc
    typer.echo(token)
    typer.echo(f"token {token_id} for {name!r} created; it is shown only now. Send it as 'Authorization: Bearer …'.",
               err=True)


@token_app.command("list")
def token_list(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """List tokens (id, name, created, last used, revoked); never the tokens themselves."""
    from rasd.api.review import list_tokens

    with open_store_or_exit(db) as store:
        rows = list_tokens(store.engine)
    if not rows:
        typer.echo("No tokens.")
    for r in rows:
        state = f"revoked {r['revoked_at']:%Y-%m-%d}" if r["revoked_at"] else "active"
        used = f"{r['last_used_at']:%Y-%m-%d %H:%M}" if r["last_used_at"] else "never"
        typer.echo(f"{r['id']:>4}  {r['name']:<30} created {r['created_at']:%Y-%m-%d}  last used {used}  {state}")


@token_app.command("revoke")
def token_revoke(
    token_id: int = typer.Argument(..., help="The token's id (rasd token list)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Revoke a token: it stops working at once."""
    from rasd.api.review import revoke_token

    with open_store_or_exit(db) as store:
        done = revoke_token(store.engine, token_id)
    if not done:
        typer.echo(f"error: no active token with id {token_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"token {token_id} revoked")


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``trends`` and ``token`` to the ``rasd`` app."""
    app.command("serve")(serve)
    app.command("trends")(trends)
    app.add_typer(token_app, name="token")
