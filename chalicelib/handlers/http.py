"""What every route shares: the route registry (for OpenAPI), auth, body parsing, error rendering."""
from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from chalice import Blueprint, Response

from ..correlation import MAX_LENGTH, correlated
from ..logs import logger, with_lambda_context
from ..runtime import services
from ..services.domain import Agent, access
from ..services.domain.errors import DomainError, InvalidInput, NotAuthenticated
from .problems import from_error, problem


@dataclass(frozen=True)
class RouteDoc:
    path: str
    method: str
    summary: str
    body: str | None  # name of a schema in handlers/schemas.py
    auth: bool
    responses: dict[int, str]
    content_type: str = "application/json"
    query: dict[str, dict[str, Any]] | None = None  # query parameter -> its JSON schema (required: "required": True)
    returns: str | None = None  # the response body's schema, by name (handlers/responses.py)

    @property
    def takes_body(self) -> bool:
        """Whether the route reads a request body (and so checks its media type and size)."""
        return self.body is not None or self.content_type != "application/json"


# What a request body may weigh, checked before it is parsed: JSON far under DynamoDB's 400 KB item, a
# provider's form (an SMS of 1,600 characters, percent-encoded) well under 64 KB, the CSV import under Lambda's
# 6 MB payload. Each field has its own limit in the body's schema besides.
MAX_BODY = {"application/json": 256 * 1024, "application/x-www-form-urlencoded": 64 * 1024}
MAX_OTHER_BODY = 5 * 1024 * 1024


ROUTES: list[RouteDoc] = []

# The agent of the request being served, once `route` has authenticated it (auth=True routes).
_AUTHENTICATED: ContextVar[Agent | None] = ContextVar("authenticated", default=None)


def route(bp: Blueprint, path: str, method: str, summary: str, *, body: str | None = None, auth: bool = True,
          responses: dict[int, str] | None = None, content_type: str = "application/json",
          query: dict[str, dict[str, Any]] | None = None, returns: str | None = None) -> Callable:
    """Registers a Chalice route and documents it; domain errors become problems.

    The statuses every route of its kind answers (401 and 403 with a token, 404 with an id in the path, 400, 413
    and 415 with a body...) are documented by the OpenAPI document itself: `responses` adds the route's own."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        doc = RouteDoc(path, method, summary, body, auth, responses or {200: "OK"}, content_type, query, returns)
        ROUTES.append(doc)

        @wraps(func)
        def handler(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            with_lambda_context(bp.lambda_context)
            correlation_id = _correlation_id(bp)
            with correlated(correlation_id):  # on every log line, and on the items this request writes
                response = _answer(bp, doc, func, *args, **kwargs)
                response.headers["X-Correlation-Id"] = correlation_id
                logger.info("request", extra={"route": f"{method} {path}", "status": response.status_code,
                                              "ms": round((time.perf_counter() - started) * 1000, 1)})
            return response

        # Chalice would refuse another media type itself, in its own format, and take a missing Content-Type
        # for JSON: every type reaches the wrapper, which checks it and answers 415 as a problem.
        bp.route(path, methods=[method], content_types=[content_type, "*/*"])(handler)
        return handler

    return decorate


def _answer(bp: Blueprint, doc: RouteDoc, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The route's response; domain errors become problems, anything else a logged 500."""
    authenticated = _AUTHENTICATED.set(None)
    try:
        if doc.auth:  # 401 before the body or any id is looked at
            _AUTHENTICATED.set(current_agent(bp))
        if doc.takes_body:
            refused = _refuse_body(bp, doc)
            if refused is not None:
                return refused
        return func(*args, **kwargs)
    except DomainError as error:
        return from_error(error)
    except Exception:  # an unexpected failure: log it whole, tell the caller little
        logger.exception("unhandled error", extra={"route": f"{doc.method} {doc.path}"})
        return problem(500, "Internal error", "something went wrong on our side; it has been logged")
    finally:
        _AUTHENTICATED.reset(authenticated)


def _refuse_body(bp: Blueprint, doc: RouteDoc) -> Response | None:
    """415 for a body of another media type (or none said), 413 for one over the size limit; else None."""
    request = bp.current_request
    given = request.headers.get("content-type", "")
    if given.split(";")[0].strip().lower() != doc.content_type:
        said = f"'{given}'" if given else "no Content-Type"
        return problem(415, "Unsupported media type", f"send the body as {doc.content_type} ({said} given)",
                       {"Content-Type": f"must be {doc.content_type}"})
    raw = request.raw_body or b""
    limit = MAX_BODY.get(doc.content_type, MAX_OTHER_BODY)
    if len(raw) > limit:
        return problem(413, "Body too large", f"the body has {len(raw)} bytes; this route takes at most {limit}",
                       {"body": f"at most {limit} bytes"})
    return None


def _correlation_id(bp: Blueprint) -> str:
    """The caller's X-Correlation-Id, else API Gateway's request id, else a new one."""
    request = bp.current_request
    given = request.headers.get("x-correlation-id", "")
    if given and len(given) <= MAX_LENGTH:
        return given
    return str((request.context or {}).get("requestId") or uuid.uuid4())


def current_agent(bp: Blueprint) -> Agent:
    """The agent behind the request's bearer token, with its role, allowed in the route's section.

    Authenticated once per request (the route wrapper does it first, so 401 comes before any 400)."""
    known = _AUTHENTICATED.get()
    if known is not None:
        return known
    request = bp.current_request
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("send 'Authorization: Bearer <token>' (POST /v1/auth/login gives one)")
    c = services()
    agent = c.roles.effective(c.accounts.authenticate(token.strip()))
    access.require_section(agent, access.section_for(request.method, request.path))
    return agent


def body(bp: Blueprint, schema_name: str) -> Any:
    """The request's JSON body validated by a schema of handlers/schemas.py; InvalidInput names each bad field."""
    from pydantic import ValidationError

    from . import schemas

    raw = bp.current_request.raw_body or b""
    if not raw.strip():
        raise InvalidInput.field("body", "a JSON body is required")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput.field("body", "not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput.field("body", "a JSON object is required")
    try:
        # From the JSON text itself, strictly: "3" is not a number, 0 is not a boolean.
        return getattr(schemas, schema_name).model_validate_json(raw)
    except ValidationError as error:
        fields = dict(_field_error(e) for e in error.errors())
        raise InvalidInput("; ".join(f"{k}: {v}" for k, v in fields.items()), fields) from None


def _field_error(error: Any) -> tuple[str, str]:
    """(field, message) of one pydantic error; a rule across fields names the field it is about."""
    from .fields import FieldRule

    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldRule):
        return cause.field, cause.message
    return ".".join(str(p) for p in error["loc"]) or "body", _message(error)


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        return "required"
    return str(error["msg"])


def query(bp: Blueprint) -> dict[str, str]:
    return dict(bp.current_request.query_params or {})


def query_int(bp: Blueprint, name: str, default: int) -> int:
    value = query(bp).get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidInput.field(name, "a whole number") from None


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(payload), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def only_fields(model: Any) -> dict[str, Any]:
    """The fields a client actually sent (PATCH semantics)."""
    return model.model_dump(exclude_unset=True)
