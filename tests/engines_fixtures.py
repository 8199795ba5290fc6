"""Fixtures for the query layer: the build, a real Oxigraph server, and the three engines.

Import the fixtures a module needs (`from engines_fixtures import build, engines`); the
server is started by the test run (the `oxigraph` command of the PyPI package) on a free
port of 127.0.0.1 and stopped by its process id.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tipgraph.build import current
from tipgraph.catalog import QuerySession, project_catalog
from tipgraph.engines import OxigraphEngine, RdflibEngine, RemoteEngine
from tipgraph.params import Lookups


@dataclass(frozen=True)
class Server:
    """A running Oxigraph server: where to query it and where to PUT graphs."""

    base: str
    pid: int

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_oxigraph(location: Path, data: Path | None = None) -> subprocess.Popen:
    """Load `data` into a store at `location`, then serve it; return the server process."""
    if data is not None:
        subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(data)],
                       check=True, capture_output=True, timeout=120)
    port = free_port()
    process = subprocess.Popen(
        ["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    process.base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {process.stderr.read().decode()}")
        try:
            urllib.request.urlopen(f"{process.base}/query?query=ASK%7B%7D", timeout=1).close()
            return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    stop(process.pid)
    raise RuntimeError("oxigraph serve did not answer within 30 s")


def stop(pid: int) -> None:
    """Stop the server we started, by its process id."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return


@contextlib.contextmanager
def serve_command(project_root, timeout: float = 600) -> Iterator[str]:
    """Run `tipgraph serve` on a free port of 127.0.0.1 until it answers; yield its base
    URL; stop it by its process id at the end (SIGTERM, then SIGKILL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "tipgraph", "--project", str(project_root), "serve",
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"tipgraph serve stopped: {process.stderr.read()[-2000:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("tipgraph serve did not start listening")
            time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def canned_cases(catalog):
    """Each query with its defaults; parameterised ones also with enumerated values."""
    cases = []
    for query in catalog:
        cases.append((query, {}))
        for parameter in query.parameters:
            for value in parameter.enumeration[:3]:
                cases.append((query, {parameter.name: value}))
    return cases


@pytest.fixture(scope="session")
def build(project):
    """The build every entry point answers from: dist/, made first if stale."""
    return current(project)


@pytest.fixture(scope="session")
def catalog(project):
    return project_catalog(project)


@pytest.fixture(scope="session")
def oxigraph_server(build, tmp_path_factory):
    """A real Oxigraph server holding the build's dataset, loaded from N-Quads."""
    folder = tmp_path_factory.mktemp("oxigraph")
    dump = folder / "tipgraph.nq"
    dump.write_bytes(build.nquads())
    process = start_oxigraph(folder / "store", dump)
    yield Server(process.base, process.pid)
    stop(process.pid)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def engines(build, oxigraph_server):
    """The three engines over the same build: oxigraph, rdflib and remote."""
    made = {
        "oxigraph": OxigraphEngine.from_nquads(build.nquads(), build.version),
        "rdflib": RdflibEngine.from_nquads(build.nquads(), build.version),
        "remote": RemoteEngine(oxigraph_server.query_url, build.version,
                               graphs=build.graph_names()),
    }
    yield made
    for engine in made.values():
        engine.close()


@pytest.fixture(scope="session")
def lookups(engines):
    return Lookups.from_engine(engines["oxigraph"])


@pytest.fixture(scope="session")
def session(catalog, engines, lookups):
    """The catalogue on the default engine, as the web layer and the CLI use it."""
    return QuerySession(catalog, engines["oxigraph"], lookups)
