"""The FastAPI application: ``/api`` (JSON), ``/docs`` (OpenAPI, offline), ``/`` (the dashboard)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from sqlalchemy import Engine, event
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.api import review
from rasd.api.envelope import (
    ApiError,
    api_error_handler,
    http_error_handler,
    internal_error_handler,
    validation_handler,
)
from rasd.api.routes import router
from rasd.store import Store, open_store
from rasd.web import STATIC_DIR

#: the dashboard runs no inline script or style and loads nothing from elsewhere
DASHBOARD_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: Swagger UI (vendored) starts from an inline script
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

DESCRIPTION = """\
Events coded from Arabic and English conflict news (CODEBOOK §8 records with evidence), their
articles, signals, incidents, trends and escalation levels; exports; review.

Every JSON response is one envelope: `{"data", "next", "count", "errors"}`. Lists page with
keyset cursors (`next` → `cursor`). Read routes are open; write routes need a bearer token
(`rasd token create NAME`). See docs/api.md.
"""


def custom_plans(engine: Engine) -> None:
    """PostgreSQL: plan every statement for its actual values (``plan_cache_mode = force_custom_plan``).

    psycopg prepares a statement after 5 runs, and PostgreSQL then switches it to a generic plan
    that ignores the values; for the API's grouped reads that plan was twice as slow
    (bench/results_api.md). Planning a custom plan costs well under a millisecond. Applies to the
    connections this engine opens from now on (the pool is emptied so that all of them do)."""
    if engine.dialect.name != "postgresql" or event.contains(engine, "connect", _force_custom_plans):
        return  # another app over the same engine set it already
    event.listen(engine, "connect", _force_custom_plans)
    engine.dispose()


def _force_custom_plans(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("SET plan_cache_mode = force_custom_plan")
    cur.close()
    dbapi_conn.commit()


def create_app(store: Store | str | None = None) -> FastAPI:
    """The app over ``store`` (a :class:`Store`, a database URL, or ``None`` for the default store)."""
    if not isinstance(store, Store):
        store = open_store(store)
    custom_plans(store.engine)
    review.ensure_tables(store.engine)
    app = FastAPI(title="rasd API", version="1", description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json")
    app.state.store = store
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(Exception, internal_error_handler)
    app.include_router(router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="rasd API",
                                   swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/favicon.svg")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        path = request.url.path
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if path == "/docs" else DASHBOARD_CSP)
        if path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="dashboard")
    return app


__all__ = ["create_app"]
