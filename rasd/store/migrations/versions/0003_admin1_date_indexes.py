"""Place filters in date order: the dashboard's most common read ("events in Deir-ez-Zor, newest
first", and the exports of that set) walked every event by date before (bench/results_api.md).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_admin1_date": ("admin1", "event_date"),
    "ix_events_admin1_code_date": ("admin1_code", "event_date"),
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "events", list(columns))


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="events")
