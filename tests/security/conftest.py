"""Fixtures for the security tests: a listener that counts connections, a file whose
contents must never show up, and apps over the project's build served on 127.0.0.1.

Everything here talks to 127.0.0.1 only, and everything started is stopped at the end:
the listener's socket and thread, each waitress server, and each app's query workers.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import waitress

from tipgraph.build import load
from tipgraph.catalog import project_catalog
from tipgraph.load import load_files
from tipgraph.validate import load_shapes
from tipgraph.web import create_app
from tipgraph.web.cache import CacheSettings

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


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    """One listener for the session; tests compare its count before and after."""
    counting = Listener()
    yield counting
    counting.close()


@pytest.fixture(scope="session")
def secret_file(tmp_path_factory) -> Path:
    """A Turtle file (also valid as a JSON-LD context and an XML entity target) holding
    a marker that must never appear in an answer."""
    folder = tmp_path_factory.mktemp("secret")
    path = folder / "secret.ttl"
    path.write_text(f'<urn:tipgraph:secret> <urn:tipgraph:says> "{SECRET}" .\n')
    (folder / "context.jsonld").write_text(json.dumps(
        {"@context": {"says": "urn:tipgraph:says", "marker": SECRET}}))
    return path


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


@pytest.fixture(scope="session")
def sec_build(project):
    return load(project)


@pytest.fixture(scope="session")
def sec_catalog(project):
    return project_catalog(project)


@pytest.fixture(scope="session")
def sec_shapes(project):
    return load_shapes(project)


@pytest.fixture(scope="session")
def sec_ontology(project):
    return load_files(sorted(project.ontology_dir.glob("*.ttl")))


@pytest.fixture(scope="session")
def make_app(sec_build, sec_catalog, sec_shapes, sec_ontology, project):
    """Make an app over the project's build with the given settings.

    The response cache is off unless asked for, so every request reaches its view.
    """

    def make(settings: dict | None = None, **options):
        options.setdefault("cache", CacheSettings(entries=0))
        return create_app(sec_build, settings, catalog=sec_catalog,
                          assets=project.root / "node_modules", shapes=sec_shapes,
                          ontology=sec_ontology, **options)

    return make


@pytest.fixture(scope="session")
def sec_server(make_app) -> Iterator[str]:
    """The project's app with the default settings, for the whole session."""
    with serve(make_app()) as base:
        yield base
