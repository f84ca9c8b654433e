"""rasd (رصد): Arabic and English conflict news to ACLED-style event records with evidence.

The library entry point is :func:`rasd.extract` (``rasd.pipeline.extract``)::

    import rasd
    result = rasd.extract(rasd.Article(id="a1", text="…", published=date(2025, 8, 20)))
    for event in result.events:
        print(event.to_record())

Names are resolved lazily, so ``import rasd`` (and the command line, the store, the
batch job) does not pay for the extraction modules until they are used.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("rasd")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

_LAZY = {
    "extract": ("rasd.pipeline", "extract"),
    "Article": ("rasd.model", "Article"),
    "Event": ("rasd.model", "Event"),
    "Signal": ("rasd.model", "Signal"),
    "Result": ("rasd.model", "Result"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")
