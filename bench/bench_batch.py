#!/usr/bin/env python3
"""The cost curve of ``rasd batch`` (Spark) against the single-process pipeline.

Usage (from the repository root, with ../shared beside it; Java 17+ and the ``spark`` extra)::

    nice -n 10 .venv/bin/python bench/bench_batch.py                 # 1k, 10k, 100k; writes bench/results_batch.md
    .venv/bin/python bench/bench_batch.py --sizes 1000 --no-write    # a quick look

For each size N the input is one plain JSONL file of N articles: the first N lines of
the ANT corpus (``shared/data/arabic_news_antcorpus_mideast_2018``, 17,797 articles),
replicated with new ids (``<docno>-r<k>``) past its end. Two modes run on it, each in a
fresh subprocess, one after the other:

* **single**: what ``rasd extract FILE -o events.jsonl`` does (``rasd.ingest`` reader,
  ``rasd.pipeline.extract``, one JSON line per event), in one process pinned to one
  core, as ``bench/bench_extract.py`` runs;
* **spark**: ``rasd.batch.job.run_batch`` (``--full``) on ``local[C]`` (C = the cores,
  2 here): session start-up (JVM), then the job (read, extract, write Parquet).

Measured: wall time of the whole subprocess (start-up included), the job's own time,
articles/s, and peak memory: the process tree of the subprocess (Python driver, JVM,
Python workers) sampled every 0.2 s from ``/proc``, RSS and PSS summed over it (PSS
shares pages between processes, so it does not count a page twice). For single, also
the extraction alone (``pipeline.extract`` calls after the first), as bench_extract.py
reports it.

Spark overhead = Spark wall time − single wall time / C: what Spark costs beyond a
perfect split of the single-process work over C cores (JVM start-up, the job's
planning and shuffles, moving rows between the JVM and Python, Parquet writing, and
the lexicons loaded once per Python worker).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

from benchinfo import commit, cpu_name  # noqa: E402  (bench/ is the script's folder)
sys.path.insert(0, str(REPO))

CORPUS = Path("data/arabic_news_antcorpus_mideast_2018/ant_mideast_intl_2018.jsonl.gz")
RERUN = "nice -n 10 .venv/bin/python bench/bench_batch.py"
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "2g",
}


# --- the two modes, each run in its own subprocess -------------------------------------------


def run_single(path: Path, out: Path) -> dict[str, Any]:
    """``rasd extract PATH -o OUT`` with timers, pinned to one core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    t0 = time.perf_counter()
    from rasd import pipeline
    from rasd.ingest import read_path
    from rasd.model import Article
    from rasd.output import JsonlSink

    first: float | None = None
    extract_s = extract_cpu = 0.0
    n = errors = events = 0
    with out.open("w", encoding="utf-8") as fh:
        sink = JsonlSink(fh)
        for item in read_path(path):
            if not isinstance(item, Article):
                errors += 1
                continue
            t, c = time.perf_counter(), time.process_time()
            result = pipeline.extract(item)
            dt = time.perf_counter() - t
            if first is None:
                first = dt  # loads the lexicons and gazetteer: reported apart, as bench_extract.py does
            else:
                extract_s += dt
                extract_cpu += time.process_time() - c
            n += 1
            for e in result.events:
                sink.add(e)
                events += 1
        sink.close()
    return {"articles": n, "errors": errors, "events": events, "job_s": time.perf_counter() - t0,
            "first_s": first or 0.0, "extract_s": extract_s, "extract_cpu_s": extract_cpu, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_spark(path: Path, out: Path, master: str) -> dict[str, Any]:
    """A Spark session on ``master`` and one full ``run_batch`` of PATH into OUT."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    t0 = time.perf_counter()
    from rasd.batch.job import make_session, run_batch

    spark = make_session(master, LOCAL_CONF, app_name="rasd bench_batch")
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        report = run_batch(spark, str(path), str(out), incremental=False)
        job = time.perf_counter() - t1
    finally:
        spark.stop()
    return {"articles": report.processed, "errors": report.skipped, "events": report.events, "startup_s": started,
            "job_s": job, "records": report.input_records, "steps": report.steps}


# --- the driver: corpora, subprocesses, memory sampling, the report ----------------------------


def make_corpus(src: Path, n: int, dst: Path) -> Path:
    """``dst``: ``n`` articles, the corpus's lines then copies of them with new ids."""
    if dst.is_file() and sum(1 for _ in dst.open("rb")) == n:
        return dst
    with gzip.open(src, "rb") as fh:
        lines = [ln.rstrip(b"\n") for ln in fh if ln.strip()]
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("wb") as out:
        for i in range(n):
            line = lines[i % len(lines)]
            copy = i // len(lines)
            if copy:
                obj = json.loads(line)
                obj["docno"] = f"{obj['docno']}-r{copy}"
                line = json.dumps(obj, ensure_ascii=False).encode("utf-8")
            out.write(line + b"\n")
    return dst


def _tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().decode(errors="replace").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, from ``smaps_rollup`` (0, 0 when it is gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class Sampler:
    """Peak RSS and PSS summed over a process tree, sampled in a thread."""

    root: int
    interval: float = 0.2
    peak_rss_kb: int = 0
    peak_pss_kb: int = 0
    peak_procs: int = 0
    load_sum: float = 0.0
    samples: int = 0
    cpu_by_pid: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.root)
            mem = [_memory_kb(p) for p in pids]
            self.peak_rss_kb = max(self.peak_rss_kb, sum(m[0] for m in mem))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(m[1] for m in mem))
            self.peak_procs = max(self.peak_procs, len(pids))
            for p in pids:  # cumulative per process: the last value seen is (nearly) its total
                self.cpu_by_pid[p] = max(self.cpu_by_pid.get(p, 0.0), _cpu_s(p))
            self.load_sum += os.getloadavg()[0]
            self.samples += 1
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu_s(self) -> float:
        """CPU seconds of the whole tree (up to one sampling interval short per process)."""
        return sum(self.cpu_by_pid.values())


def measure(args: list[str], log: Path) -> dict[str, Any]:
    """Run ``bench_batch.py --worker …`` in a subprocess; its JSON result, wall time and peak memory."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("ab") as err:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=err, cwd=REPO, env=env)
        sampler = Sampler(proc.pid)
        stdout, _ = proc.communicate()
        sampler.stop()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed (exit {proc.returncode}); see {log}")
    res: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    res.update(wall_s=wall, peak_rss_mb=sampler.peak_rss_kb / 1024, peak_pss_mb=sampler.peak_pss_kb / 1024,
               processes=sampler.peak_procs, load=sampler.load_sum / max(1, sampler.samples), cpu_s=max(sampler.cpu_s, reaped))
    return res


def machine() -> str:
    cpu = cpu_name()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False).stderr.splitlines()
    import pyspark

    return (f"nproc={os.cpu_count()}, {cpu or platform.machine()}, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB; "
            f"Python {platform.python_version()}, pyspark {pyspark.__version__}, {java[0] if java else 'java ?'}")


def report(rows: list[dict[str, Any]], cores: int, notes: list[str]) -> str:
    lines = [
        "# Batch cost curve: single process vs Spark (local mode)",
        "",
        (f"Rerun: `{RERUN}` (from the repo root, ../shared beside it; `--help` for options). "
         "See `bench/bench_batch.py` for what is measured and `docs/scaling.md` for the reading."),
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine()}",
        f"- commit: {commit()}",
        "- corpus: ANT Corpus (Arabic news 2018, 17,797 articles), replicated with new ids past its end; one plain JSONL file per size",
        f"- single: one process pinned to one core (`rasd extract -o`); spark: `run_batch --full` on `local[{cores}]`; both under `nice -n 10`",
        "",
        ("| articles | mode | wall s | articles/s | CPU s | articles per CPU-s | extraction only, articles per CPU-s | "
         "start-up s | peak memory PSS MB (RSS MB), processes | Spark overhead: wall s, CPU s (CPU ms per article) | load |"),
        "|---:|---|---:|---:|---:|---:|---:|---|---|---|---:|",
    ]
    for r in rows:
        n = r["articles"]
        if r["mode"] == "single":
            only = f"{(n - 1) / r['extract_cpu_s']:.1f}" if r.get("extract_cpu_s") else "—"
            start = f"{r['wall_s'] - r['job_s']:.1f} (+{r['first_s']:.1f} first call)"
            over = "—"
        else:
            only = "—"
            start = f"{r['wall_s'] - r['job_s']:.1f} (JVM {r['startup_s']:.1f})"
            over = (f"{r['overhead_s']:.0f}, {r['overhead_cpu_s']:.0f} ({r['overhead_cpu_s'] / n * 1000:.1f})"
                    if "overhead_cpu_s" in r else "—")
        lines.append(
            f"| {n:,} | {r['mode']} | {r['wall_s']:.1f} | {n / r['wall_s']:.1f} | {r['cpu_s']:.1f} | {n / r['cpu_s']:.1f} | {only} | "
            f"{start} | {r['peak_pss_mb']:.0f} ({r['peak_rss_mb']:.0f}), {r['processes']} | {over} | {r['load']:.1f} |"
        )
    spark_rows = [r for r in rows if r["mode"] == "spark" and r.get("steps")]
    if spark_rows:
        names = list(spark_rows[0]["steps"])
        lines += ["", "Steps of the Spark job (wall seconds; `rasd.batch.job.BatchReport.steps`):", "",
                  "| articles | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
        lines += [f"| {r['articles']:,} | " + " | ".join(f"{r['steps'].get(k, 0.0):.1f}" for k in names) + " |"
                  for r in spark_rows]
    lines += ["", *notes]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated article counts")
    ap.add_argument("--modes", default="single,spark")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/rasd-bench-batch"), help="inputs and outputs (deleted outputs)")
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 2, help="Spark local[C]")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results_batch.md")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--worker", choices=["single", "spark"], help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker == "single":
        print(json.dumps(run_single(args.input, args.output)))
        return 0
    if args.worker == "spark":
        print(json.dumps(run_spark(args.input, args.output, f"local[{args.cores}]")))
        return 0

    from rasd.runner import find_shared_dir

    shared = find_shared_dir()
    if shared is None:
        print("error: ../shared not found", file=sys.stderr)
        return 2
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    log = work / "bench.log"
    rows: list[dict[str, Any]] = []
    mismatches: list[str] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        src = make_corpus(shared / CORPUS, n, work / f"ant-{n}.jsonl")
        single: dict[str, Any] | None = None
        for mode in args.modes.split(","):
            out = work / f"out-{mode}-{n}"
            shutil.rmtree(out, ignore_errors=True)
            target = out.with_suffix(".jsonl") if mode == "single" else out
            print(f"{datetime.now():%H:%M:%S} {mode} {n:,} …", file=sys.stderr, flush=True)
            res = measure(["--worker", mode, "--input", str(src), "--output", str(target), "--cores", str(args.cores)], log)
            res["mode"] = mode
            if mode == "single":
                single = res
            elif single is not None:
                res["overhead_s"] = res["wall_s"] - single["wall_s"] / args.cores
                res["overhead_cpu_s"] = res["cpu_s"] - single["cpu_s"]
            rows.append(res)
            print(json.dumps(res), file=sys.stderr, flush=True)
            same_n = [r for r in rows if r["articles"] == res["articles"] and r is not res]
            if same_n and same_n[0]["events"] != res["events"]:
                mismatches.append(f"{n:,}: single {same_n[0]['events']:,} events, spark {res['events']:,}")
            shutil.rmtree(out, ignore_errors=True)
            target.unlink(missing_ok=True)
    load = os.getloadavg()
    notes = [
        (f"- load: the mean 1-minute load average during each run, on {os.cpu_count()} cores shared with other work "
        f"(a load above {os.cpu_count()} means runnable processes waited for a core: throughput is then a lower bound); "
        f"at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)"),
        ("- wall s: the whole subprocess (interpreter, imports, JVM, job, stop); job s: single = read + extract + write, "
        "spark = `run_batch` alone (session already up)"),
        ("- extraction only: `pipeline.extract` calls after the first (the first loads lexicons and gazetteer), "
        "comparable to bench/results.md"),
        ("- CPU s: user + system CPU seconds of the whole process tree (sampled from /proc, and the reaped children's "
         "rusage); articles per CPU-s does not depend on how busy the machine was, wall figures do"),
        (f"- Spark overhead: wall = spark wall − single wall / {args.cores} (a perfect split of the single-process run over "
         f"{args.cores} cores); CPU = spark CPU − single CPU (the JVM, moving rows between the JVM and Python, Parquet, "
         "one pipeline load per Python worker)"),
    ]
    notes.append("- events found, single vs spark: " + (
        "MISMATCH (" + "; ".join(mismatches) + ")" if mismatches else
        "the same count at every size (" + ", ".join(f"{r['articles']:,}: {r['events']:,}" for r in rows if r["mode"] == "spark") + ")"))
    text = report(rows, args.cores, notes)
    print(text)
    if not args.no_write:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
