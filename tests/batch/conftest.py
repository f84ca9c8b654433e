"""Fixtures of the Spark batch tests: one local Spark session for the whole test session
(the JVM takes seconds to start), and a small corpus with broken lines."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_support import write_corpus


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A ``local[2]`` Spark session bound to 127.0.0.1, UI off, few shuffle partitions."""
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("needs pyspark: pip install 'rasd[spark]'")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("needs Java 17+ for Spark (apt-get install openjdk-17-jre-headless)")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from rasd.batch.job import make_session

    session = make_session("local[2]", {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.sql.shuffle.partitions": "4",
        "spark.default.parallelism": "2",
    }, app_name="rasd batch tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dev_lines(shared_dir: Path) -> list[bytes]:
    """The first 30 gold dev articles, one JSON line each (skips without ../shared)."""
    path = shared_dir / "gold" / "dev_articles.jsonl"
    if not path.is_file():
        pytest.skip(f"needs {path}")
    lines = [ln for ln in path.read_bytes().splitlines() if ln.strip()]
    return lines[:30]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, dev_lines: list[bytes]) -> Path:
    """``corpus/articles.jsonl``: 30 dev articles with broken, blank and odd lines among them."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles.jsonl", dev_lines)
