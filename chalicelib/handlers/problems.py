"""Domain errors -> RFC 9457 problem responses, in one place."""
from __future__ import annotations

import json
from typing import Any

from chalice import Response

from ..services.domain import errors
from ..services.domain.channels import WindowClosed
from ..services.domain.optout import OptedOut

# Most specific first: the first class that matches decides.
STATUS: list[tuple[type[Exception], int, str]] = [
    (errors.InvalidInput, 400, "Invalid input"),
    (errors.NotAuthenticated, 401, "Not authenticated"),
    (errors.InvalidSignature, 403, "Invalid signature"),
    (errors.Forbidden, 403, "Not allowed"),
    (errors.NotFound, 404, "Not found"),
    (errors.ThreadHeld, 409, "Thread held by another agent"),
    (OptedOut, 409, "Opted out"),
    (errors.Conflict, 409, "Conflict"),
    (errors.TooLong, 422, "Message too long"),
    (errors.NotAvailableYet, 422, "Not available yet"),
    (WindowClosed, 422, "Window closed"),
    (errors.RateLimited, 429, "Too many requests"),
]


def problem(status: int, title: str, detail: str, errors_by_field: dict[str, str] | None = None,
            kind: str | None = None, extensions: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": f"https://comptoir.example/problems/{kind or title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors_by_field:
        body["errors"] = errors_by_field
    body.update(extensions or {})  # members a client reads to offer what may go instead
    return Response(body=json.dumps(body), status_code=status, headers={"Content-Type": "application/problem+json"})


def from_error(error: errors.DomainError) -> Response:
    for cls, status, title in STATUS:
        if isinstance(error, cls):
            response = problem(status, title, error.detail, error.errors,
                               extensions=getattr(error, "extensions", None))
            if isinstance(error, errors.RateLimited):  # seconds until the window that refused it is over
                response.headers["Retry-After"] = str(error.retry_after)
            return response
    return problem(400, "Bad request", error.detail, error.errors)
