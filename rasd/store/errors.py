"""The store's error: a database that cannot be opened, migrated or written."""

from __future__ import annotations

from rasd.errors import RasdError


class StoreError(RasdError):
    """The database could not be opened, migrated or written (the message says which and why)."""
