"""PostgreSQL: the API plans every statement for its values (bench/results_api.md)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

pytest.importorskip("rasd.store")


def test_custom_plans_set_once_per_engine(pg_server: Any) -> None:
    from rasd.api.app import _force_custom_plans, create_app
    from rasd.store import open_store

    store = open_store(pg_server.create_database("api_plans"))
    try:
        create_app(store)
        create_app(store)  # a second app over the same engine adds no second listener
        assert [fn for fn in store.engine.pool.dispatch.connect if fn is _force_custom_plans] == [_force_custom_plans]
        with store.engine.connect() as conn:
            assert conn.execute(text("SHOW plan_cache_mode")).scalar_one() == "force_custom_plan"
    finally:
        store.close()
