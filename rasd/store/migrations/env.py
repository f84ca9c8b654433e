"""Alembic environment for the rasd store: migrations run on the connection that
:func:`rasd.store.migrate.upgrade` hands over (``config.attributes["connection"]``),
inside its transaction; there is no ``alembic.ini`` and no URL here."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
