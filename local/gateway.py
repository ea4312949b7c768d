"""The HTTP front of the local stage, as one WSGI app: the web client's static files, and every
other request through Chalice's `LocalGateway` (the API Gateway emulation of `chalice local`).
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import (
    EventType,
    LambdaEventConverter,
    LocalChalice,
    LocalGateway,
    LocalGatewayException,
    RouteMatcher,
)
from werkzeug.datastructures import Headers
from werkzeug.security import safe_join
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

log = logging.getLogger("local.http")

WSGIEnviron = dict[str, Any]
ASSET_MAX_AGE = 365 * 24 * 3600


def web_root(project_dir: Path) -> Path | None:
    """The built client (web/dist/) when there is one, else the sources in web/."""
    for candidate in (project_dir / "web" / "dist", project_dir / "web"):
        if candidate.is_dir():
            return candidate
    return None


def chalice_config(app_name: str) -> Config:
    return Config.create(chalice_stage="local", app_name=app_name, lambda_timeout=30, lambda_memory_size=512)


class GatewayApp:
    """WSGI: static files of `static_dir`, the Chalice app for the rest."""

    def __init__(self, app: Chalice, *, static_dir: Path | None = None, config: Config | None = None) -> None:
        _keep_request_per_thread(app)
        self._routes = RouteMatcher(list(app.routes))
        self._gateway = LocalGateway(app, config or chalice_config(app.app_name))
        self._gateway.event_converter = _DecodingEventConverter(self._routes, app.api.binary_types)
        self._static_dir = static_dir

    def __call__(self, environ: WSGIEnviron, start_response: Any) -> Iterable[bytes]:
        started = time.perf_counter()
        request = Request(environ)
        response, by_app = self._static(request), False
        if response is None:
            response, by_app = self._api(request)
        # The app logs the requests it answers, with their correlation id; this logs the others.
        log.log(
            logging.DEBUG if by_app else logging.INFO,
            "http",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response(environ, start_response)

    # -- the web client ----------------------------------------------------------------------

    def _static(self, request: Request) -> Response | None:
        root = self._static_dir
        if root is None or request.method not in ("GET", "HEAD"):
            return None
        found = safe_join(str(root), request.path.lstrip("/") or "index.html")
        if found is None or not Path(found).is_file():
            if not self._is_client_route(request, root / "index.html"):
                return None
            found = str(root / "index.html")
        # Vite names the built files after their content (assets/index-<hash>.js): a browser keeps them for good
        # and asks only for index.html again (answered 304 while it is unchanged).
        immutable = Path(found).parent.name == "assets" and Path(found).parent.parent == root
        answer = send_file(found, request.environ, max_age=ASSET_MAX_AGE if immutable else 0)
        if immutable:
            answer.cache_control.immutable = True
        else:
            answer.cache_control.no_cache = True
        return answer

    def _is_client_route(self, request: Request, index: Path) -> bool:
        # A browser opening a link of the client (an invitation in an e-mail) asks for HTML at a
        # path the API does not have: give it the client, which routes on its own.
        if "text/html" not in request.headers.get("Accept", "") or not index.is_file():
            return False
        try:
            self._routes.match_route(_raw_path(request))
        except ValueError:
            return True
        return False

    # -- the API -----------------------------------------------------------------------------

    def _api(self, request: Request) -> tuple[Response, bool]:
        """The answer, and whether the app produced it (rather than the gateway or a crash)."""
        path = _raw_path(request)
        if request.query_string:
            path += "?" + request.query_string.decode("latin-1")
        try:
            answer = self._gateway.handle_request(
                method=request.method, path=path, headers=dict(request.headers), body=request.get_data() or None
            )
        except LocalGatewayException as error:  # no such route, or refused by an authorizer
            refused = Response(error.body or b"", status=error.CODE, headers=list(error.headers.items()))
            refused.content_type = "application/json"
            return refused, False
        except Exception:
            log.exception("unhandled error in the API", extra={"method": request.method, "path": request.path})
            problem = {"type": "about:blank", "title": "Internal Server Error", "status": 500}
            return Response(json.dumps(problem), status=500, content_type="application/problem+json"), False
        return _to_response(answer), True


def _raw_path(request: Request) -> str:
    """The path as the client encoded it: routes are matched on it, as API Gateway does, so an
    encoded `/`, `?` or `#` inside a path parameter neither splits nor ends the path."""
    path = urlsplit(request.environ.get("RAW_URI") or "").path
    return path if path.startswith("/") else quote(request.path)


class _DecodingEventConverter(LambdaEventConverter):
    """API Gateway hands `pathParameters` decoded; `chalice local` leaves them percent-encoded."""

    def create_lambda_event(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> EventType:
        event = super().create_lambda_event(method=method, path=path, headers=headers, body=body)
        event["pathParameters"] = {name: unquote(value) for name, value in (event["pathParameters"] or {}).items()}
        event["requestContext"]["path"] = unquote(event["requestContext"]["path"])
        return event


def _to_response(answer: dict[str, Any]) -> Response:
    """An API Gateway proxy answer ({statusCode, headers, multiValueHeaders, body, isBase64Encoded})."""
    merged: dict[str, Any] = dict(answer.get("headers") or {})
    merged.update(answer.get("multiValueHeaders") or {})
    headers = Headers()
    for name, value in merged.items():
        for one in value if isinstance(value, list) else [value]:
            headers.add(name, str(one))
    content_type = headers.get("Content-Type", "application/json")  # as `chalice local` defaults
    headers.remove("Content-Type")
    body = answer.get("body") or b""
    if answer.get("isBase64Encoded") and body:
        body = base64.b64decode(body)
    return Response(body, status=answer["statusCode"], headers=headers, content_type=content_type)


class _RequestPerThread(LocalChalice):
    """Chalice keeps the current request and Lambda context on the app object, which is right
    for Lambda (one event at a time) but not for a threaded server: `chalice local` swaps in
    LocalChalice, which keeps `current_request` per thread; we do the same for `lambda_context`."""

    @property
    def lambda_context(self) -> Any:
        return getattr(self._THREAD_LOCAL, "lambda_context", None)

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        self._THREAD_LOCAL.lambda_context = value


def _keep_request_per_thread(app: Chalice) -> None:
    if not isinstance(app, _RequestPerThread):
        app.__class__ = type(type(app).__name__, (_RequestPerThread, type(app)), {})
