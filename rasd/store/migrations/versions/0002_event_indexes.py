"""Indexes for the API's main reads (bench/results_api.md: the dashboard's filters, map
layers, actor lists and the reviewed-only exports on 100,000 events).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_status": ("status",),
    "ix_events_place_cover": ("country", "admin1_code", "admin1", "admin2", "status", "fatalities", "event_date"),
    "ix_events_actor_cover": ("actor1", "assoc_actor1", "actor2", "status", "fatalities"),
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "events", list(columns))


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="events")
