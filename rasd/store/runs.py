"""Ingestion runs and the quarantine of inputs that could not be stored (connection level).

A run is a row written when ingestion starts (``running``) and updated when it
ends (``finished`` or ``failed``) with its counts. A run killed on the way stays
``running`` with no ``finished_at``: the record of an interrupted run.

The quarantine holds one row per (input, reason): meeting the same bad input
again (a re-run over the same folder) updates ``last_seen``, ``run_id`` and
``attempts`` instead of adding a row, so re-ingesting stays a no-op here too.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from rasd.store.articles import now
from rasd.store.records import QuarantineEntry, Run, RunCounts
from rasd.store.schema import RUN_STATUSES, quarantine, runs

#: reasons are cut to this length (they are in a unique index)
MAX_REASON = 1000
MAX_INPUT_NAME = 1000
_COUNTS = ("stored", "present", "reextracted", "quarantined", "events")


def start_run(conn: Connection, command: str | None = None) -> int:
    return int(conn.execute(runs.insert().values(started_at=now(), status="running", command=command)
                            .returning(runs.c.id)).scalar_one())


def finish_run(conn: Connection, run_id: int, counts: RunCounts | dict[str, int] | None = None,
               status: str = "finished") -> None:
    if status not in RUN_STATUSES:
        raise ValueError(f"run status must be one of {RUN_STATUSES}, not {status!r}")
    values = counts.as_dict() if isinstance(counts, RunCounts) else dict(counts or {})
    unknown = set(values) - set(_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts: {sorted(unknown)}")
    conn.execute(update(runs).where(runs.c.id == run_id).values(finished_at=now(), status=status, **values))


def list_runs(conn: Connection, limit: int | None = None) -> list[Run]:
    q = select(runs).order_by(runs.c.id.desc())
    if limit:
        q = q.limit(limit)
    return [Run(id=r["id"], started_at=r["started_at"], finished_at=r["finished_at"], status=r["status"],
                command=r["command"], counts={k: r[k] for k in _COUNTS}) for r in conn.execute(q).mappings()]


def add_quarantine(conn: Connection, input_name: str, reason: str, run_id: int | None = None) -> None:
    t = now()
    values = dict(input_name=input_name[:MAX_INPUT_NAME], reason=reason[:MAX_REASON], run_id=run_id,
                  first_seen=t, last_seen=t, attempts=1)
    ins = (postgresql.insert(quarantine) if conn.dialect.name == "postgresql" else sqlite.insert(quarantine)).values(**values)
    conn.execute(ins.on_conflict_do_update(
        index_elements=["input_name", "reason"],
        set_={"last_seen": t, "run_id": run_id, "attempts": quarantine.c.attempts + 1},
    ))


def list_quarantine(conn: Connection, *, run_id: int | None = None, limit: int | None = None) -> list[QuarantineEntry]:
    q = select(quarantine).order_by(quarantine.c.id)
    if run_id is not None:
        q = q.where(quarantine.c.run_id == run_id)
    if limit:
        q = q.limit(limit)
    return [QuarantineEntry(input_name=r["input_name"], reason=r["reason"], run_id=r["run_id"],
                            first_seen=r["first_seen"], last_seen=r["last_seen"], attempts=r["attempts"])
            for r in conn.execute(q).mappings()]
