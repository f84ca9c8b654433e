"""A throwaway PostgreSQL server for tests and benchmarks: ``initdb`` a cluster in a
temporary folder, start it on a free port of 127.0.0.1, stop and delete it afterwards.

    with TempPostgres() as pg:
        store = open_store(pg.url())

The server binaries come from ``$RASD_PG_BIN`` or the newest
``/usr/lib/postgresql/*/bin`` (the Debian ``postgresql`` package). It listens on
127.0.0.1 only, its unix socket lives in the temporary folder, and local
connections are trusted (the folder is private to the user running it).
PostgreSQL refuses to run as root: when root runs this, the folder is handed to
the ``postgres`` user and ``initdb``/``pg_ctl`` run through ``runuser -u postgres``.

Not used by rasd itself; kept in the package so the tests and ``bench/`` share one helper.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from rasd.store.errors import StoreError

SUPERUSER = "postgres"


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or ``None`` when PostgreSQL is not installed."""
    env = os.environ.get("RASD_PG_BIN")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for c in candidates:
        if (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _version_key(path: str) -> tuple[int, ...]:
    part = Path(path).parent.name
    return tuple(int(x) for x in part.split(".") if x.isdigit()) or (0,)


def free_port() -> int:
    """A TCP port of 127.0.0.1 free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TempPostgres:
    """A PostgreSQL cluster living in a temporary folder for the time of a ``with`` block."""

    def __init__(self, *, bin_dir: Path | None = None, fast: bool = False) -> None:
        """``fast`` turns off ``fsync`` (tests: the data is thrown away anyway)."""
        found = bin_dir or find_pg_bin()
        if found is None:
            raise StoreError("PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package")
        self.bin_dir = found
        self.fast = fast
        self.port = 0
        self.root: Path | None = None
        self._as_postgres = os.geteuid() == 0

    @property
    def data_dir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> TempPostgres:
        self.root = Path(tempfile.mkdtemp(prefix="rasd-pg-"))
        self.port = free_port()
        if self._as_postgres:
            pw = pwd.getpwnam(SUPERUSER)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        initdb = ("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync")
        try:
            self._run(*initdb, "--locale=C.UTF-8")
        except StoreError:  # a system without the C.UTF-8 locale: the byte-order C locale will do
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self._run(*initdb, "--no-locale")
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root}"
        if self.fast:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"), "-o", opts, "-w", "start")
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def create_database(self, name: str) -> str:
        """Create an empty database ``name`` (``[a-z0-9_]``) and return its URL."""
        import psycopg

        if not name.replace("_", "").isalnum() or not name.islower():
            raise ValueError(f"database name must be lower-case [a-z0-9_]: {name!r}")
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin_dir / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", SUPERUSER, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            log = ""
            if self.root is not None and (self.root / "server.log").exists():
                log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise StoreError(f"{tool} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}\n{log}")

    def __enter__(self) -> TempPostgres:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
