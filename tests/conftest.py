"""Shared fixtures: where ``../shared`` is, and small input files written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's ``shared`` folder beside the repository; tests that need it skip without it."""
    shared = REPO_ROOT.parent / "shared"
    if not (shared / "eval" / "score.py").is_file():
        pytest.skip(f"needs the project's shared folder at {shared} (absent here)")
    return shared


@pytest.fixture
def data_dir() -> Path:
    """``tests/data``: small input files kept with the tests."""
    return DATA_DIR
