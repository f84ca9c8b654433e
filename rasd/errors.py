"""One error hierarchy for rasd; every error names the input it failed on."""

from __future__ import annotations


class RasdError(Exception):
    """Base class of every error rasd raises on purpose."""


class InputError(RasdError):
    """An input (file, line, article) could not be read or is not usable.

    ``source`` names the input (a path, ``path:line`` or an article id).
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class DataError(RasdError):
    """A packaged data file (lexicon, gazetteer, actors) is missing or malformed."""
