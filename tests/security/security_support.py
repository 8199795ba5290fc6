"""What the security tests share besides fixtures: a listener that counts connections,
a marker that must never show up in an answer, and a waitress server on 127.0.0.1 that
stops cleanly, with the app's query workers."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator

import waitress
from hypothesis import strategies as st

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
    """Stop the app's query and validation worker processes, if it started any."""
    site = app.extensions["tipgraph.site"]
    for name in ("query-workers", "submission-checkers"):
        workers = site.cache.get(name)
        if workers is not None and workers is not site.engine:
            workers.close()


class FileTrap:
    """A named pipe that counts every time something opens it to read.

    A reader of a FIFO waits until a writer opens it; a thread here tries to open it
    for writing every few milliseconds, so each read is counted, and is then given the
    marker text (so a read would also show in an answer) and an end of file.
    """

    def __init__(self, folder, name: str = "trap.ttl") -> None:
        self.path = folder / name
        os.mkfifo(self.path)
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="file-trap", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return self.path.as_uri()

    def _serve(self) -> None:
        text = f'<urn:tipgraph:secret> <urn:tipgraph:says> "{SECRET}" .\n'.encode()
        while not self._stop.wait(0.005):
            try:
                descriptor = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody has it open to read
                continue
            self.count += 1
            with contextlib.suppress(OSError):
                os.write(descriptor, text)
            os.close(descriptor)

    def settle(self) -> int:
        """The count once any reader that has just opened the pipe has been seen."""
        self._stop.wait(0.05)
        return self.count

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.path.unlink(missing_ok=True)


# --- texts that try to reach out -------------------------------------------------------------
# Formatted with url=... (a listener's); glued from fragments that have fooled token-based
# checks: keywords run into names (SERVICEe:x), prefixed names that start with a keyword
# (service:x { }, which Oxigraph reads as SERVICE :x), comments ended by a carriage
# return, codepoint escapes.

FRAGMENTS = [
    "SERVICE", "service", "SeRvIcE", "SILENT", "silent", "e:x", ":x", "service:x",
    "service:", "SERVICEe:x", "serviceSILENT:x", "<{url}>", "{{", "}}", "?s ?p ?o", ".",
    "#c\n", "#c\r", "\t", " ", "\r", "\\u0053", "\\u0073ervice", "ERVICE", "OPTIONAL",
    "FILTER", "EXISTS", "NOT", "(", ")", "true", "1", "GRAPH", "UNION", "MINUS", "FROM",
    "from:x", "NAMED", "BIND(<{url}> AS ?u)", "VALUES ?u {{<{url}>}}", "?u", '"x"', "'",
    "<urn:a>", "a", "LATERAL", "DESCRIBE", "*",
]
STARTS = ["SELECT * WHERE {{", "ASK {{", "SELECT * ", "CONSTRUCT WHERE {{", "DESCRIBE <urn:a> "]
PROLOGUE = "PREFIX : <{url}> PREFIX e: <{url}> PREFIX service: <{url}> PREFIX from: <{url}>\n"

KNOWN_ATTEMPTS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICEe:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL{{}} service:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ service:x {{}} }} }}",
    "SELECT * WHERE {{ #\rSERVICE <{url}> {{}} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{}} }}",
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{}} }}",
    "ASK {{ service:x {{}} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROMe:x WHERE {{ ?s ?p ?o }}",
    "SELECT * from:x WHERE {{ ?s ?p ?o }}",
]

glued = st.tuples(
    st.sampled_from(STARTS),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10),
    st.lists(st.sampled_from(["", " ", "\n"]), min_size=10, max_size=10),
).map(lambda parts: parts[0] + "".join(
    fragment + join for fragment, join in zip(parts[1], parts[2], strict=False)) + " }}")

JOINS = st.sampled_from(["", " ", "\t", "\n", "\r", "#c\n", "#c\r", "\\u0020"])
service_calls = st.builds(
    lambda keyword, j1, silent, j2, target, j3: (
        keyword + j1 + silent + (j2 if silent else "") + target + j3 + "{{ ?s ?p ?o }}"),
    st.sampled_from(["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "\\u0073ervice",
                     "SERV\\u0049CE"]),
    JOINS,
    st.sampled_from(["", "SILENT", "silent"]),
    JOINS,
    st.sampled_from(["<{url}>", ":x", "e:x", ":", "?u", "service:x", "<urn:a>"]),
    JOINS,
)
CONTEXTS = [
    "SELECT * WHERE {{ {call} }}",
    "ASK {{ {call} }}",
    "SELECT * WHERE {{ OPTIONAL {{}} {call} }}",
    "SELECT * WHERE {{ {{}}{call} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {call} }} }}",
    "SELECT * WHERE {{ ?s ?p true{call} }}",
    "SELECT * WHERE {{ ?s ?p ?o .{call} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) {call} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ {call} }} }} }}",
]
structured = st.builds(lambda context, call: context.replace("{call}", call),
                       st.sampled_from(CONTEXTS), service_calls)
reach_attempts = st.one_of(glued, structured)
