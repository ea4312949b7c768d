"""The HTTP server of the local stage: werkzeug's threaded WSGI server in a background thread."""

from __future__ import annotations

import socket
import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    # The gateway logs the requests the app does not log itself; werkzeug's access line would repeat them.
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def ensure_port_free(host: str, port: int) -> None:
    """Fails before anything starts when the port is taken. The server itself binds only once
    the app is ready: a port that accepts connections it does not answer confuses readiness probes."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError:
            raise OSError(f"{host}:{port} is in use: stop what listens there or set PORT") from None


class HttpServer:
    """Serves a WSGI app on host:port from `start()` until `stop()`."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 8000) -> None:
        try:
            self._server: BaseWSGIServer = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
        except SystemExit:  # werkzeug's answer to a busy port, after printing why
            raise OSError(f"{host}:{port} is in use: stop what listens there or set PORT") from None
        self._thread = threading.Thread(target=self._serve, name="http", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=0.1)  # shutdown() waits for the next poll
