"""``rasd batch``: the extraction pipeline over a large corpus on Apache Spark.

Registered on the main ``rasd`` app at the end of :mod:`rasd.cli`; also runnable alone
as ``python -m rasd.batch`` or ``spark-submit …/rasd/batch/__main__.py`` (see
``docs/scaling.md``). Spark is an optional extra: pyspark is imported only when the
command runs, and its absence gives a message saying what to install.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

SPARK_MISSING = (
    "rasd batch needs Apache Spark (pyspark) and Java 17+: pip install 'rasd[spark]' "
    "(and a JRE, e.g. apt-get install openjdk-17-jre-headless)"
)


class InputFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    parquet = "parquet"


def batch(
    input_location: str = typer.Argument(
        ..., metavar="INPUT", show_default=False,
        help="JSONL (.jsonl, .jsonl.gz) or Parquet articles: a file, a directory or a glob; a local path or any "
             "Hadoop-compatible URI (hdfs://, s3a://, …).",
    ),
    output: str = typer.Option(
        ..., "--output", "-o", help="Output directory (local path or URI): events/, signals/, skips/ (Parquet by date), manifest/."
    ),
    master: str | None = typer.Option(
        None, "--master", help="Spark master URL. Default: the one spark-submit was given, else local[*] (every core)."
    ),
    incremental: bool = typer.Option(
        True, "--incremental/--full",
        help="--incremental: process only records not yet processed by this pipeline version, replacing their "
             "earlier outputs. --full: delete the outputs and manifest, process everything.",
    ),
    pg: str | None = typer.Option(
        None, "--pg",
        help="Also load the articles processed in this run, with their events and signals, into the rasd store at this "
             "URL (postgresql+psycopg://user@host/db; any URL `rasd ingest --db` takes). Written from the Spark tasks: "
             "the executors need the postgres extra and a route to the database.",
    ),
    input_format: InputFormat = typer.Option(InputFormat.auto, "--format", help="Input format (auto: by file names)."),  # noqa: B008
    partitions: int | None = typer.Option(
        None, "--partitions", min=1, help="Tasks to spread the records over (default: one per 1,000 records, at least one per core)."
    ),
    conf: list[str] | None = typer.Option(  # noqa: B008
        None, "--conf", help="Extra Spark setting KEY=VALUE (repeatable), e.g. --conf spark.executor.memory=4g."
    ),
) -> None:
    """Extract events from a corpus on Apache Spark: the pipeline of `rasd extract`, in parallel.

    Writes Parquet tables partitioned by day under OUTPUT: events (CODEBOOK §8
    columns, evidence as an array of structs), signals, skips (records not read,
    extracted or stored, with the reason) and the manifest of processed records.
    Bad records never fail the job. Exit status: 0 when the job ran (skips
    included), 1 when Spark failed, 2 on a usage error (no input, no Spark, a
    store that cannot be opened).
    """
    settings: dict[str, str] = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--conf")
        settings[key.strip()] = value
    try:
        from rasd.batch import job
    except ImportError as exc:
        if "pyspark" in str(exc) or "py4j" in str(exc) or (exc.name or "").startswith(("pyspark", "py4j")):
            typer.echo(f"error: {SPARK_MISSING}", err=True)
            raise typer.Exit(2) from exc
        raise
    from rasd.errors import InputError
    from rasd.store import StoreError

    spark, created = _session(job, master, settings)
    try:
        report = job.run_batch(spark, input_location, output, incremental=incremental,
                               input_format=input_format.value, partitions=partitions, store_url=pg)
    except (InputError, StoreError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except Exception as exc:  # a Spark failure: say what failed, no JVM stack on the terminal
        typer.echo(f"error: the Spark job failed: {type(exc).__name__}: {_first_line(exc)}", err=True)
        raise typer.Exit(1) from exc
    finally:
        if created:
            spark.stop()
    typer.echo(report.summary(), err=True)
    typer.echo(f"wrote {report.output}/{{events,signals,skips,manifest}}", err=True)


def _session(job: Any, master: str | None, settings: dict[str, str]) -> tuple[Any, bool]:
    """The running Spark session (a test's, a notebook's) or a new one, and whether it is new
    (a new one is stopped when the command ends)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None and not settings:
        return active, False
    try:
        spark = job.make_session(master, settings)
    except Exception as exc:  # most often: no Java
        typer.echo(f"error: Spark could not start ({type(exc).__name__}: {_first_line(exc)}). {SPARK_MISSING}", err=True)
        raise typer.Exit(2) from exc
    return spark, active is None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def register(app: typer.Typer) -> None:
    """Add ``batch`` to the ``rasd`` app (called at the end of :mod:`rasd.cli`)."""
    app.command("batch")(batch)


def main() -> None:
    """Run ``rasd batch`` alone (``python -m rasd.batch``, ``spark-submit rasd/batch/__main__.py``)."""
    app = typer.Typer(add_completion=False)
    app.command()(batch)
    app(prog_name="rasd batch")


if __name__ == "__main__":
    main()
