"""What the security tests share besides fixtures: a listener that counts connections,
a marker that must never show up in an answer, and a waitress server on 127.0.0.1 that
stops cleanly, with the app's query workers."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import waitress

SECRET = "tipgraph-secret-7f3a9c"


class Listener:
    """A TCP listener on 127.0.0.1 that counts every connection made to it.

    Each connection is counted, then closed at once, so a client that connected gets
    an error instead of waiting; the count is raised before the close, so by the time
    the client's call returns its attempt has been counted.
    """

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._socket.settimeout(0.1)
        self.port = self._socket.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="listener", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                continue
            self.count += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()


@contextlib.contextmanager
def serve(app, threads: int = 8) -> Iterator[str]:
    """Serve a WSGI app with waitress on a free port of 127.0.0.1; yield its base URL.

    The server's loop runs in short rounds and closes its sockets in its own thread once
    told to stop (closing them from another thread races with its select). On the way
    out the app's query workers are stopped too.
    """
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads,
                                    ident="tipgraph-security")
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        server.asyncore.close_all(map=server._map)

    thread = threading.Thread(target=run, name="waitress-security", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
        stop_workers(app)


def stop_workers(app) -> None:
    """Stop the app's query worker processes, if it started any."""
    site = app.extensions["tipgraph.site"]
    engine = site.cache.get("query-workers")
    if engine is not None and engine is not site.engine:
        engine.close()
