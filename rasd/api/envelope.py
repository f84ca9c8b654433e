"""One JSON envelope for every response, errors included.

    {"data": …, "next": "<cursor>" | null, "count": <int>, "errors": [{"code", "message", "param"?}]}

``count`` is the number of records matching the request (all pages together) for lists,
1 for a single record, 0 for an error. ``next`` is the cursor of the next page, ``null`` on
the last. Errors carry a machine-readable ``code`` (``bad_parameter``, ``unknown_parameter``,
``not_found``, ``unauthorized``, ``conflict``, ``internal``) and, for a parameter, its name.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """An error answered as a JSON envelope with ``status``."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.headers = headers


def bad_param(param: str, message: str) -> ApiError:
    return ApiError(400, "bad_parameter", message, param)


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


def envelope(data: Any, *, count: int | None = None, next_cursor: str | None = None) -> dict[str, Any]:
    if count is None:
        count = len(data) if isinstance(data, list) else (0 if data is None else 1)
    return {"data": data, "next": next_cursor, "count": count, "errors": []}


def ok(data: Any, *, count: int | None = None, next_cursor: str | None = None, status: int = 200) -> JSONResponse:
    return JSONResponse(jsonable_encoder(envelope(data, count=count, next_cursor=next_cursor)), status_code=status)


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": None, "next": None, "count": 0, "errors": errors}


def _error(e: ApiError) -> dict[str, Any]:
    out: dict[str, Any] = {"code": e.code, "message": e.message}
    if e.param:
        out["param"] = e.param
    return out


async def api_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(error_body([_error(exc)]), status_code=exc.status, headers=exc.headers)


async def validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's parameter validation (422) answered as 400 with one error per bad parameter."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body", "header")]
        param = ".".join(loc) or None
        msg = err.get("msg", "invalid value")
        if err.get("input") is not None and isinstance(err.get("input"), (str, int, float)):
            msg = f"{msg} (got {err['input']!r})"
        item: dict[str, Any] = {"code": "bad_parameter", "message": f"{param}: {msg}" if param else msg}
        if param:
            item["param"] = param
        errors.append(item)
    return JSONResponse(error_body(errors), status_code=400)


async def http_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
        exc.status_code, "http_error")
    return JSONResponse(error_body([{"code": code, "message": str(exc.detail)}]), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def internal_error_handler(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(error_body([{"code": "internal", "message": "internal server error"}]), status_code=500)


__all__ = ["ApiError", "api_error_handler", "bad_param", "envelope", "error_body", "http_error_handler",
           "internal_error_handler", "not_found", "ok", "validation_handler"]
