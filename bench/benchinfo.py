"""What every benchmark report states about the machine and the code measured (no rasd import,
so importing it costs a benchmark nothing)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cpu_name() -> str:
    """The CPU model from ``/proc/cpuinfo`` ("" when unknown)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            return next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        return ""


def commit() -> str:
    """The short HEAD of the checkout the benchmark runs from, and whether rasd/ differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "rasd"], cwd=REPO, capture_output=True,
                               text=True, check=False).stdout.strip()
    except OSError:
        return "unknown"
    if not head:
        return "unknown (not a git checkout)"
    return head + (" (rasd/ has uncommitted changes)" if dirty else "")
