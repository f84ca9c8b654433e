"""End-to-end fixtures: a real ``rasd serve`` over a database filled by ``rasd ingest``, and
Debian's Chromium driven by Playwright (never a downloaded browser).

The server runs as a subprocess on a free port of 127.0.0.1; its database (SQLite in a
temporary folder) holds the invented articles of ``tests/e2e/data/articles.jsonl``. The
reviewer token comes from ``rasd token create``. Without ``/usr/bin/chromium`` the browser
tests skip, saying why (``.ci/run`` installs the ``chromium`` package).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).resolve().parent / "data" / "articles.jsonl"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
#: how long the server may take to start (a readiness wait, not a timed assertion)
START_DEADLINE_S = 90


def rasd(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``rasd`` command line (this interpreter's) and return what it did."""
    return subprocess.run([sys.executable, "-m", "rasd.cli", *args], capture_output=True, text=True, env=env,
                          check=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base: str
    db: str
    token: str


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``rasd ingest`` the e2e articles, ``rasd token create``, then ``rasd serve`` until the session ends."""
    folder = tmp_path_factory.mktemp("e2e")
    db = f"sqlite:///{folder / 'e2e.db'}"
    env = {**os.environ, "RASD_DB": ""}
    done = rasd("ingest", str(DATA), "--db", db, env=env)
    assert done.returncode == 0, done.stderr
    made = rasd("token", "create", "e2e-reviewer", "--db", db, env=env)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    port = free_port()
    log = (folder / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT,
                            env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_DEADLINE_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rasd serve exited ({proc.returncode}): {(folder / 'serve.log').read_text()}")
            try:
                if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"rasd serve did not answer: {(folder / 'serve.log').read_text()}")
            time.sleep(0.2)
        yield Server(base, db, token)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    """A fresh page (own context: no token kept between tests) that records script errors and dialogs."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]

    def on_dialog(d: object) -> None:
        pg.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    pg.on("dialog", on_dialog)
    try:
        yield pg
    finally:
        context.close()
