"""``rasd ingest --samples``: the README's main job stores the bundled sample articles once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rasd.runner import SAMPLES_DIR, extract_files
from rasd.model import Result


def test_ingest_samples_twice(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    cmd = [sys.executable, "-m", "rasd.cli", "ingest", "--samples", "--db", db, "--json"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    results = [r for r in extract_files([SAMPLES_DIR]) if isinstance(r, Result)]
    assert report["stored"] == len(results) > 10 and report["quarantined"] == 0
    assert report["events"] == sum(len(r.events) for r in results)
    second = json.loads(subprocess.run(cmd, capture_output=True, text=True, timeout=600).stdout)
    assert second["stored"] == 0 and second["present"] == len(results)
