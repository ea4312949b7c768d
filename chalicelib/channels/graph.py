"""A thin client of Meta's Graph API: a POST or a GET, with timeouts and bounded retries on 5xx and 429."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

GRAPH_VERSION = "v21.0"  # the Graph API version every call names; changed here only
GRAPH_URL = "https://graph.facebook.com"
RETRY_DELAY_SECONDS = 0.5  # doubled after each retry


class GraphError(Exception):
    """Meta refused or did not answer: the HTTP status (0: unreachable) and Meta's error code."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message


class Graph(Protocol):
    """What sends through Meta: the Graph API over HTTPS, or its twin in the sandbox."""

    def post(self, path: str, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POSTs `payload` to /{version}/{path} with the access token; the JSON answer, or GraphError."""

    def get(self, path: str, token: str, params: dict[str, str]) -> dict[str, Any]:
        """GETs /{version}/{path} with the query `params` and the access token; the JSON answer, or GraphError."""


class HttpGraph:
    """The Graph API itself (AWS stage)."""

    def __init__(self, base_url: str = GRAPH_URL, session: Any = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session  # built on first call: cold starts stay cheap
        self._sleep = sleep

    def post(self, path: str, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self._retried("POST", path, token, {"json": payload})

    def get(self, path: str, token: str, params: dict[str, str]) -> dict[str, Any]:
        return self._retried("GET", path, token, {"params": params})

    def _retried(self, method: str, path: str, token: str, content: dict[str, Any]) -> dict[str, Any]:
        from ..adapters.timeouts import GRAPH

        delay = RETRY_DELAY_SECONDS
        for attempt in range(1, GRAPH.attempts + 1):
            try:
                return self._once(method, path, token, content, (GRAPH.connect, GRAPH.read))
            except GraphError as error:
                # Not after a network error (status 0): a timeout may come after Meta took the message, and
                # the outbox retries the whole send anyway.
                if attempt == GRAPH.attempts or not (error.status == 429 or error.status >= 500):
                    raise
            self._sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")  # the loop returns or raises

    def _once(self, method: str, path: str, token: str, content: dict[str, Any],
              timeout: tuple[float, float]) -> dict[str, Any]:
        import requests

        url = f"{self.base_url}/{GRAPH_VERSION}/{path.lstrip('/')}"
        try:
            call = self._http().get if method == "GET" else self._http().post
            answer = call(url, timeout=timeout, headers={"Authorization": f"Bearer {token}"}, **content)
        except requests.RequestException as error:
            raise GraphError(0, None, f"unreachable: {type(error).__name__}") from None
        try:
            body = answer.json()
        except ValueError:
            body = {}
        if answer.status_code >= 400 or "error" in body:
            refusal = body.get("error") if isinstance(body.get("error"), dict) else {}
            raise GraphError(answer.status_code, refusal.get("code"), str(refusal.get("message", "no message")))
        return body if isinstance(body, dict) else {}

    def _http(self) -> Any:
        if self._session is None:
            import requests

            self._session = requests.Session()
        return self._session
