"""The Spark job behind ``rasd batch`` (imports pyspark: load it only when a batch runs).

Steps of :func:`run_batch`:

1. **read** JSONL (``.jsonl``, ``.jsonl.gz``, any Hadoop-compatible URI, a directory or a
   glob) or Parquet articles. JSONL lines are read as raw bytes (``spark.read.text``
   split on ``\\n`` only, as Python reads a file) with their file and line number, so
   every line is parsed, decoded and named exactly as ``rasd extract`` does it
   (:mod:`rasd.batch.records`); the rows are spread over ``partitions`` tasks (a
   ``.gz`` file is one split, one task, otherwise);
2. **select**: in an incremental run, the records whose key (article id, or
   ``<file>:<line>`` for a record without one) the manifest lists with the current
   pipeline version are dropped (a broadcast anti-join on the keys);
3. **extract** in ``mapPartitions`` with :func:`rasd.pipeline.extract` (the lexicons and
   gazetteer are loaded once per Python worker by their ``lru_cache``\\ s); each record
   gives event, signal, skip and one manifest row; the result is cached;
4. **write** ``events``, ``signals`` and ``skips`` as Parquet partitioned by ``date``
   (see :data:`TABLES`), replacing the rows of every key processed again (below), then
   the manifest rows of this run, last.

Replacing outputs (incremental runs). The rows of a key may only live in the
partitions that already hold rows of it. Those partitions are found by a scan of the
key column of each table (cheap: one column of Parquet), and rewritten: their rows
minus the processed keys, plus this run's new rows for them, are written to
``_staging/<run>/new``; then each old partition directory is moved to
``_staging/<run>/old`` and the new one moved into its place. New rows for every other
partition are appended as new files. The manifest rows of the run are written last
(``manifest/run=<run id>``) and ``_staging/<run>`` is deleted. A run that dies part way
leaves the manifest as it was, so the next run processes the same records again and
replaces whatever the dead run wrote (its rows are found by the same key scan); a
partition it had moved away but not replaced is moved back from ``_staging`` first
(:func:`recover`).
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from rasd.batch import fs as hfs
from rasd.batch.records import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    MANIFEST_COLUMNS,
    PARQUET_FIELDS,
    SIGNAL_COLUMNS,
    SKIP_COLUMNS,
    Extractor,
    JsonlReader,
    ParquetReader,
    line_bases,
    read_and_extract,
)
from rasd.batch.version import pipeline_version
from rasd.errors import InputError

log = logging.getLogger("rasd.batch")

#: output tables: name → (output row kind, columns, key column)
TABLES: dict[str, tuple[str, tuple[tuple[str, str], ...], str]] = {
    "events": ("event", EVENT_COLUMNS, "article_id"),
    "signals": ("signal", SIGNAL_COLUMNS, "article_id"),
    "skips": ("skip", SKIP_COLUMNS, "key"),
}
MANIFEST_DIR = "manifest"
STAGING_DIR = "_staging"
#: default records per task: ~5 s of extraction, small enough to balance 2 or 200 cores
RECORDS_PER_PARTITION = 1000
#: above this many manifest keys the anti-join shuffles instead of broadcasting the keys
BROADCAST_KEYS_LIMIT = 5_000_000
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
PARQUET_SUFFIXES = (".parquet",)


_EVIDENCE = T.ArrayType(T.StructType([
    T.StructField("role", T.StringType()), T.StructField("start", T.IntegerType()),
    T.StructField("end", T.IntegerType()), T.StructField("text", T.StringType()),
]))
_TYPES: dict[str, T.DataType] = {
    "string": T.StringType(), "double": T.DoubleType(), "int": T.IntegerType(), "boolean": T.BooleanType(),
    "date": T.DateType(), "timestamp": T.TimestampType(), "evidence": _EVIDENCE,
}


def schema(columns: Sequence[tuple[str, str]], *extra: str) -> T.StructType:
    """The Spark schema of a column list of :mod:`rasd.batch.records` (plus string columns ``extra``)."""
    fields = [T.StructField(n, _TYPES[k]) for n, k in columns] + [T.StructField(n, T.StringType()) for n in extra]
    return T.StructType(fields)


ARTICLE_SCHEMA = schema(ARTICLE_COLUMNS)
OUTPUT_SCHEMA = T.StructType([
    T.StructField("kind", T.StringType(), False), T.StructField("key", T.StringType()), T.StructField("date", T.StringType()),
    T.StructField("event", schema(EVENT_COLUMNS)), T.StructField("signal", schema(SIGNAL_COLUMNS)),
    T.StructField("skip", schema(SKIP_COLUMNS)), T.StructField("manifest", schema(MANIFEST_COLUMNS)),
])


@dataclass(slots=True)
class BatchReport:
    """What one run did."""

    output: str
    run_id: str
    pipeline_version: str
    input_format: str
    #: non-blank lines (JSONL) or rows (Parquet) in the input
    input_records: int = 0
    #: records processed this run: articles extracted, and records skipped (with their reason)
    processed: int = 0
    skipped: int = 0
    #: with a store (``--pg``): articles loaded into it, and those whose loading failed (see the skips table)
    stored: int = 0
    store_failed: int = 0
    events: int = 0
    signals: int = 0
    #: partitions rewritten to replace rows of records processed again, per table
    replaced_partitions: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: wall seconds of each step (read, select, extract, write …), in order
    steps: dict[str, float] = field(default_factory=dict)

    def step(self, name: str, since: float) -> float:
        """Record the seconds since ``since`` as step ``name``; returns the time now."""
        now = time.perf_counter()
        self.steps[name] = self.steps.get(name, 0.0) + now - since
        log.info("%s: %.1f s", name, now - since)
        return now

    @property
    def up_to_date(self) -> int:
        """Records left alone: already processed by this pipeline version."""
        return max(0, self.input_records - self.processed - self.skipped)

    def summary(self) -> str:
        return (f"{self.processed:,} articles processed, {self.skipped:,} skipped, {self.up_to_date:,} up to date; "
                f"{self.events:,} events, {self.signals:,} signals (pipeline {self.pipeline_version}, run {self.run_id}, "
                f"{self.seconds:.1f} s)"
                + (f"; store: {self.stored:,} articles loaded, {self.store_failed:,} failed" if self.stored or self.store_failed else ""))


def make_session(master: str | None = None, conf: dict[str, str] | None = None, app_name: str = "rasd batch") -> SparkSession:
    """A Spark session for a batch (or the one already running, e.g. under ``spark-submit``).

    ``master`` unset: the one ``spark-submit`` was given, else ``local[*]``. In local
    mode the Python workers run this interpreter (``PYSPARK_PYTHON``), so they import
    the same rasd.
    """
    local = (master or "").startswith("local") or (master is None and "PYSPARK_GATEWAY_PORT" not in os.environ)
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def run_batch(
    spark: SparkSession,
    input_location: str,
    output: str,
    *,
    incremental: bool = True,
    input_format: str = "auto",
    partitions: int | None = None,
    version: str | None = None,
    store_url: str | None = None,
) -> BatchReport:
    """Extract every article of ``input_location`` into ``output`` (see the module docstring).

    ``incremental``: skip records the manifest lists with this pipeline version and
    replace the outputs of those processed again; ``False`` (``--full``): delete the
    outputs and manifest and process everything. ``version`` overrides the pipeline
    version (:func:`rasd.batch.version.pipeline_version`). ``store_url``: also load each
    article processed in this run, with its extraction, into the rasd store at that URL
    (from the tasks, see :class:`rasd.batch.records.Extractor`; the store is opened, and
    migrated, once here first). Raises :class:`InputError` when the input does not exist
    or has no JSONL/Parquet files, :class:`rasd.store.StoreError` when the store cannot
    be opened.
    """
    t0 = time.perf_counter()
    version = version or pipeline_version()
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%S%fZ")
    src, out = hfs.as_uri(input_location), hfs.as_uri(output)
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "static")
    if store_url:
        from rasd.store import open_store

        open_store(store_url).close()  # creates or migrates it once, before the tasks open it
    out_fs = hfs.HadoopFS(spark, out)
    recover(out_fs, out)
    if not incremental:
        for name in (*TABLES, MANIFEST_DIR, STAGING_DIR):
            out_fs.delete(hfs.join(out, name))

    fmt, scan, n_records, reader = _read_input(spark, src, input_format)
    report = BatchReport(output=out, run_id=run_id, pipeline_version=version, input_format=fmt, input_records=n_records)
    t = report.step("read (list, count, number lines)", t0)
    n_parts = partitions or max(spark.sparkContext.defaultParallelism, math.ceil(n_records / RECORDS_PER_PARTITION))
    scan = scan.repartition(n_parts)
    extractor = Extractor(version, started, store_url)
    done = current_keys(spark, out, version) if incremental else None
    if done is None:
        out_rdd = scan.rdd.mapPartitions(read_and_extract(reader, extractor))
    else:
        articles = spark.createDataFrame(scan.rdd.mapPartitions(reader), ARTICLE_SCHEMA)
        n_done = done.count()
        keys = F.broadcast(done) if n_done <= BROADCAST_KEYS_LIMIT else done
        todo = articles.join(keys, "key", "left_anti").select(*[n for n, _ in ARTICLE_COLUMNS])
        if n_done > BROADCAST_KEYS_LIMIT:
            todo = todo.repartition(n_parts)
        out_rdd = todo.rdd.mapPartitions(extractor)
    result = spark.createDataFrame(out_rdd, OUTPUT_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = result.groupBy("kind", "manifest.status").count().collect()
        t = report.step("extract (and select)", t)
        for row in counts:
            kind, status, count = row[0], row[1], int(row[2])
            if kind == "event":
                report.events += count
            elif kind == "signal":
                report.signals += count
            elif kind == "manifest" and status in ("ok", "store_failed"):
                report.processed += count
                if status == "store_failed":
                    report.store_failed += count
            elif kind == "manifest":
                report.skipped += count
        if report.processed or report.skipped:
            t = _write_tables(spark, out_fs, out, run_id, result, report, t)
            manifest = result.where(F.col("kind") == "manifest").select("manifest.*")
            n_files = max(1, (report.processed + report.skipped) // 1_000_000)
            manifest.coalesce(n_files).write.mode("errorifexists").parquet(hfs.join(out, MANIFEST_DIR, f"run={run_id}"))
            t = report.step("write manifest", t)
        out_fs.delete(hfs.join(out, STAGING_DIR, run_id))
    finally:
        result.unpersist()
    if store_url:
        report.stored = report.processed - report.store_failed
    report.seconds = time.perf_counter() - t0
    return report


def _read_input(spark: SparkSession, src: str, input_format: str) -> tuple[str, DataFrame, int, Any]:
    """The input as rows for a reader task function, the number of records, and that function."""
    in_fs = hfs.HadoopFS(spark, src)
    names = in_fs.data_files(src)
    if not names:
        raise InputError(src, "no such file or directory (or no files in it)")
    fmt = input_format
    if fmt == "auto":
        if any(n.lower().endswith(PARQUET_SUFFIXES) for n in names):
            fmt = "parquet"
        elif any(n.lower().endswith(JSONL_SUFFIXES) for n in names):
            fmt = "jsonl"
        else:
            raise InputError(src, "no .jsonl, .jsonl.gz or .parquet files (pass --format to read other names)")
    directory = not hfs.has_glob(src) and in_fs.is_dir(src)
    if fmt == "parquet":
        reader = spark.read
        if directory:
            reader = reader.option("pathGlobFilter", "*.parquet")
        df = reader.parquet(src)
        fields = tuple(f for f in PARQUET_FIELDS if f in df.columns)
        scan = df.select(F.col("_metadata.file_path").alias("file"), F.col("_metadata.row_index").alias("pos"),
                         *[F.col(f) for f in fields])
        return fmt, scan, scan.count(), ParquetReader(fields)
    text = spark.read.option("lineSep", "\n")
    if directory:
        text = text.option("recursiveFileLookup", "true").option("pathGlobFilter", "*.{jsonl,jsonl.gz}")
    lines = text.text(src).select(
        F.col("value").cast("binary").alias("raw"),
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("block"),
        F.monotonically_increasing_id().alias("row_id"),
    )
    blank = F.length(F.regexp_replace(F.col("raw").cast("string"), r"\s", "")) == 0
    stats = lines.groupBy("file", "block").agg(
        F.count(F.lit(1)).alias("n"), F.min("row_id").alias("first"), F.sum(F.when(blank, 0).otherwise(1)).alias("records")
    ).collect()
    bases = line_bases((r["file"], int(r["block"]), int(r["n"]), int(r["first"])) for r in stats)
    return fmt, lines, sum(int(r["records"]) for r in stats), JsonlReader(bases)


def current_keys(spark: SparkSession, out: str, version: str) -> DataFrame | None:
    """The keys whose latest manifest entry is of ``version`` and not ``store_failed``
    (``None``: no manifest yet)."""
    path = hfs.join(out, MANIFEST_DIR)
    if not any(n.startswith("run=") for n in hfs.HadoopFS(spark, out).children(path)):
        return None
    manifest = spark.read.schema(schema(MANIFEST_COLUMNS, "run")).parquet(path)
    latest = manifest.groupBy("key").agg(F.max_by(F.struct("pipeline_version", "status"), "run").alias("last"))
    return latest.where((F.col("last.pipeline_version") == version) & (F.col("last.status") != "store_failed")).select("key")


def read_table(spark: SparkSession, out: str, table: str) -> DataFrame:
    """An output table (``events``, ``signals``, ``skips``) with its ``date`` partition column."""
    return spark.read.schema(schema(TABLES[table][1], "date")).parquet(hfs.join(out, table))


def read_manifest(spark: SparkSession, out: str) -> DataFrame:
    """Every manifest row of every run, with its ``run`` id."""
    return spark.read.schema(schema(MANIFEST_COLUMNS, "run")).parquet(hfs.join(out, MANIFEST_DIR))


def _has_partitions(out_fs: hfs.HadoopFS, path: str) -> bool:
    return any(n.startswith("date=") for n in out_fs.children(path))


def _write_tables(spark: SparkSession, out_fs: hfs.HadoopFS, out: str, run_id: str, result: DataFrame,
                  report: BatchReport, t: float) -> float:
    keys = result.where(F.col("kind") == "manifest").select("key").distinct()
    for table, (kind, columns, key_col) in TABLES.items():
        path = hfs.join(out, table)
        names = [n for n, _ in columns] + ["date"]
        new = result.where(F.col("kind") == kind).select(f"{kind}.*", "date").select(*names)
        stale: list[str] = []
        if _has_partitions(out_fs, path):
            existing = read_table(spark, out, table)
            mine = keys.withColumnRenamed("key", key_col)
            stale = sorted(r[0] for r in existing.join(mine, key_col, "left_semi").select("date").distinct().collect())
            if stale:
                in_stale: Column = F.col("date").isin(stale)
                kept = existing.where(in_stale).join(mine, key_col, "left_anti").select(*names)
                staged = hfs.join(out, STAGING_DIR, run_id, "new", table)
                kept.unionByName(new.where(in_stale)).repartition("date").write.partitionBy("date").parquet(staged)
                _swap(out_fs, out, run_id, table, stale)
                new = new.where(~in_stale)
        report.replaced_partitions[table] = len(stale)
        new.repartition("date").write.mode("append").partitionBy("date").parquet(path)
        t = report.step(f"write {table}", t)
    return t


def _swap(out_fs: hfs.HadoopFS, out: str, run_id: str, table: str, dates: list[str]) -> None:
    """Put the staged partitions of ``table`` in place, keeping the replaced ones in ``_staging/<run>/old``."""
    for d in dates:
        part = f"date={d}"
        target = hfs.join(out, table, part)
        if out_fs.exists(target):
            out_fs.rename(target, hfs.join(out, STAGING_DIR, run_id, "old", table, part))
        staged = hfs.join(out, STAGING_DIR, run_id, "new", table, part)
        if out_fs.exists(staged):
            out_fs.rename(staged, target)


def recover(out_fs: hfs.HadoopFS, out: str) -> int:
    """Undo what an interrupted run left in ``_staging``: a partition moved away and not
    replaced is moved back; everything else there is deleted. Returns the partitions moved back."""
    restored = 0
    staging = hfs.join(out, STAGING_DIR)
    for run in out_fs.children(staging):
        for table in TABLES:
            old = hfs.join(staging, run, "old", table)
            for part in out_fs.children(old):
                target = hfs.join(out, table, part)
                if not out_fs.exists(target):
                    out_fs.rename(hfs.join(old, part), target)
                    restored += 1
        out_fs.delete(hfs.join(staging, run))
    return restored
