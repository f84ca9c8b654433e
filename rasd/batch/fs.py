"""File operations on any Hadoop-compatible file system (local, HDFS, S3A, GCS …), via the
Spark session's JVM: the job's outputs live wherever its input may, so its directory
moves go through Hadoop's ``FileSystem``, not :mod:`os`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_GLOB = re.compile(r"[*?\[{]")


def as_uri(location: str | Path) -> str:
    """A location as Spark should see it: a URI as given, a local path made absolute."""
    s = str(location)
    if _SCHEME.match(s) and not re.match(r"^[A-Za-z]:[\\/]", s):
        return s.rstrip("/") if len(s) > 1 else s
    return str(Path(s).expanduser().absolute())


def join(base: str, *parts: str) -> str:
    """``base/part/…`` for URIs and paths alike."""
    return "/".join([base.rstrip("/"), *(p.strip("/") for p in parts)])


def has_glob(location: str) -> bool:
    return bool(_GLOB.search(location))


class HadoopFS:
    """The Hadoop ``FileSystem`` of a location, with the few operations the job needs."""

    def __init__(self, spark: Any, location: str) -> None:
        sc = spark.sparkContext
        self._jvm = sc._jvm
        self._conf = sc._jsc.hadoopConfiguration()
        self._fs = self._path(location).getFileSystem(self._conf)

    def _path(self, location: str) -> Any:
        return self._jvm.org.apache.hadoop.fs.Path(location)

    def exists(self, location: str) -> bool:
        return bool(self._fs.exists(self._path(location)))

    def is_dir(self, location: str) -> bool:
        p = self._path(location)
        return bool(self._fs.exists(p) and self._fs.getFileStatus(p).isDirectory())

    def delete(self, location: str) -> None:
        """Remove a file or a directory tree (nothing if absent)."""
        p = self._path(location)
        if self._fs.exists(p):
            self._fs.delete(p, True)

    def mkdirs(self, location: str) -> None:
        self._fs.mkdirs(self._path(location))

    def rename(self, src: str, dst: str) -> None:
        """Move ``src`` to ``dst`` (which must not exist); its parent is made if missing."""
        d = self._path(dst)
        self._fs.mkdirs(d.getParent())
        if not self._fs.rename(self._path(src), d):
            raise OSError(f"cannot move {src} to {dst}")

    def children(self, location: str) -> list[str]:
        """Names of the entries of a directory (none if it is absent)."""
        p = self._path(location)
        if not self._fs.exists(p):
            return []
        return [s.getPath().getName() for s in self._fs.listStatus(p)]

    def data_files(self, location: str, limit: int = 1000) -> list[str]:
        """Up to ``limit`` file names under a location (a file, a directory, recursively, or a glob);
        names starting with ``_`` or ``.`` (``_SUCCESS``, checksums) are left out."""
        roots = []
        statuses = self._fs.globStatus(self._path(location)) if has_glob(location) else None
        if statuses is not None:
            roots = [s.getPath() for s in statuses]
        elif self._fs.exists(self._path(location)):
            roots = [self._path(location)]
        names: list[str] = []
        for root in roots:
            it = self._fs.listFiles(root, True)
            while it.hasNext() and len(names) < limit:
                name = it.next().getPath().getName()
                if not name.startswith(("_", ".")):
                    names.append(name)
        return names
