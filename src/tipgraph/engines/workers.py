"""Run queries from the public in worker processes, so a query past its limit really stops.

Neither pyoxigraph nor rdflib can cancel a query once it runs: a thread that stops
waiting leaves the query burning a core, and a query nested a few thousand levels deep
overflows the parser's stack and takes the whole process down. So the SPARQL endpoint's
queries run in a small pool of worker processes, each with its own copy of the graph,
loaded from N-Triples:

- a query past its time limit is stopped by killing its worker; a fresh worker takes its
  place in the background;
- a query that crashes its worker (too deep, too much memory) fails alone, with a 4xx;
- workers run at a lower CPU priority than the server (nice), so pages and canned queries
  stay prompt while slow queries run; each worker's address space is limited
  (RLIMIT_AS), so a query that builds huge values fails instead of exhausting memory;
- workers may not open sockets (tipgraph.engines.sandbox), so even a query that slipped
  past tipgraph.guard could not reach the network;
- a worker can also write the answer in the format the client asked for (`written`),
  so the server passes bytes on instead of unpickling terms and writing them itself:
  that work then runs beside the server, not under its interpreter lock.

The pool grows on demand up to its size. A query that finds every worker busy waits for
one within its time limit, and no more than `queue` queries wait at once (others are told
at once to come back), so the web server's threads stay free for everything else.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from tipgraph.engines.base import (
    Engine,
    EngineBusy,
    EngineUnavailable,
    QueryDataset,
    QueryError,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    _vetted,
    check_dataset,
)
from tipgraph.results import Result, Written

NICE = 10
START_TIMEOUT = 60.0
ERRORS: dict[str, type[QueryError]] = {
    cls.__name__: cls for cls in (QueryError, QueryRefused, QueryTooLarge)}


class Worker:
    """One worker process and the connection to it."""

    def __init__(self, process: subprocess.Popen, connection: Connection):
        self.process = process
        self.connection = connection

    @classmethod
    def start(cls, kind: str, data: bytes, memory_mb: int,
              timeout: float = START_TIMEOUT) -> Worker:
        """Start a worker, hand it the graph, and wait until it has loaded it."""
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "tipgraph.engines.workers", str(theirs.fileno()), kind,
                 str(memory_mb)],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path, "RUST_BACKTRACE": "0"})
        finally:
            theirs.close()
        worker = cls(process, Connection(ours.detach()))
        try:
            worker.connection.send_bytes(data)
            if not worker.connection.poll(timeout):
                raise EngineUnavailable(f"a query worker did not start within {timeout:g} s")
            status, message = worker.connection.recv()
        except (EOFError, OSError) as error:
            worker.kill()
            raise EngineUnavailable(f"a query worker could not start: {error}") from None
        except EngineUnavailable:
            worker.kill()
            raise
        if status != "ready":
            worker.kill()
            raise EngineUnavailable(f"a query worker could not load the graph: {message}")
        return worker

    def kill(self) -> None:
        """Stop the process at once and reap it."""
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self.connection.close()

    def death(self) -> str:
        """How the process ended, in words, once it has."""
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "stopped answering"
        if code < 0:
            with contextlib.suppress(ValueError):
                return f"ended by {signal.Signals(-code).name}"
        return f"ended with status {code}"


def _kill_all(workers: set[Worker]) -> None:
    for worker in list(workers):
        worker.kill()


class Processes:
    """Up to `size` worker processes of one kind, each loaded once with the same data,
    answering one request at a time; a request past its time limit kills its process."""

    # Error names a worker may send back, and the exceptions they become here.
    errors: dict[str, type[Exception]] = ERRORS
    # What a process that died under a request means; {death} and {memory} are filled in.
    crash = ("the query stopped the engine ({death}): it nests too deeply or needs more "
             "than the {memory} MB a query may use")
    busy = "all {size} query workers are busy and {waiting} more queries wait; try again shortly"

    def __init__(self, kind: str, data: bytes, *, size: int = 4, memory_mb: int = 2048,
                 queue: int | None = None):
        if kind not in KINDS:
            raise ValueError(f"no worker kind {kind!r}; choose one of: {', '.join(KINDS)}")
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.kind = kind
        self.size = size
        self.queue = 4 * size if queue is None else queue
        self.memory_mb = memory_mb
        self._data = data
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._workers: set[Worker] = set()
        self._starting = 0
        self._waiting = 0
        self._closed = False
        self._finalizer = weakref.finalize(self, _kill_all, self._workers)

    def ask(self, request: tuple, timeout: float | None):
        """Send a request to an idle worker and return its answer; past `timeout`,
        QueryTimeout (and the worker is replaced); a refusal raises its exception."""
        worker = self._acquire(timeout)
        try:
            reply = self._send(worker, request, timeout)
        except BaseException:
            self._discard(worker)
            raise
        self._release(worker)
        status, *payload = reply
        if status == "ok":
            return payload[0]
        kind, message = payload
        raise self.errors.get(kind, QueryError)(message)

    def _send(self, worker: Worker, request: tuple, timeout: float | None) -> tuple:
        try:
            worker.connection.send(request)
            if timeout is not None and not worker.connection.poll(timeout):
                raise QueryTimeout(timeout)
            return worker.connection.recv()
        except (EOFError, OSError):
            raise QueryTooLarge(self.crash.format(death=worker.death(),
                                                  memory=self.memory_mb)) from None

    # --- the pool ----------------------------------------------------------------------------

    @property
    def started(self) -> int:
        """Worker processes alive now."""
        with self._cond:
            return len(self._workers)

    def pids(self) -> list[int]:
        """The process ids of the workers alive now."""
        with self._cond:
            return [worker.process.pid for worker in self._workers]

    def warm(self, wait: float = START_TIMEOUT) -> int:
        """Start every worker the pool may have and wait until they are ready, so the
        first queries find them; return how many are running."""
        with self._cond:
            for _ in range(self.size - len(self._workers) - self._starting):
                self._starting += 1
                threading.Thread(target=self._replace, name="tipgraph-worker-start",
                                 daemon=True).start()
            self._cond.wait_for(lambda: not self._starting, timeout=wait)
            return len(self._workers)

    def _acquire(self, wait: float | None) -> Worker:
        """An idle worker, else a new one if the pool may grow, else wait for one.

        A query waits up to `wait` seconds for a worker that another query holds; a
        worker being started (to replace a stopped one) is waited for a while longer,
        as that delay is the pool's and not a sign of load.
        """
        now = time.monotonic()
        soft = None if wait is None else now + wait
        hard = None if soft is None else soft + START_TIMEOUT
        with self._cond:
            self._check_open()
            if not self._idle and self._full() and self._waiting >= self.queue:
                raise EngineBusy(self._busy_message())
            self._waiting += 1
            try:
                while not self._idle and self._full():
                    now = time.monotonic()
                    if soft is not None and now >= soft and (not self._starting or now >= hard):
                        raise EngineBusy(self._busy_message())
                    self._cond.wait(None if soft is None else
                                    soft - now if now < soft else hard - now)
                    self._check_open()
                if self._idle:
                    worker = self._idle.pop()
                else:
                    worker = None
                    self._starting += 1
                self._start_spare()
            finally:
                self._waiting -= 1
        return worker or self._start()

    def _start_spare(self) -> None:
        """Start a worker in the background when none is idle and the pool may grow, so
        the next query finds one ready (call with the lock held)."""
        if self._idle or self._full() or self._closed:
            return
        self._starting += 1
        threading.Thread(target=self._replace, name="tipgraph-worker-start",
                         daemon=True).start()

    def _start(self) -> Worker:
        """Start a worker for a slot already counted in `_starting`."""
        try:
            worker = Worker.start(self.kind, self._data, self.memory_mb)
        except BaseException:
            with self._cond:
                self._starting -= 1
                self._cond.notify_all()
            raise
        with self._cond:
            self._starting -= 1
            self._cond.notify_all()  # a query waiting on this start may stop waiting
            if self._closed:
                worker.kill()
                self._check_open()
            self._workers.add(worker)
        return worker

    def _release(self, worker: Worker) -> None:
        with self._cond:
            if self._closed:
                self._workers.discard(worker)
                worker.kill()
                return
            self._idle.append(worker)
            self._cond.notify_all()

    def _discard(self, worker: Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        with self._cond:
            self._workers.discard(worker)
            self._cond.notify_all()
            self._start_spare()

    def _replace(self) -> None:
        try:
            worker = self._start()
        except (EngineUnavailable, OSError):
            return
        self._release(worker)

    def _full(self) -> bool:
        return len(self._workers) + self._starting >= self.size

    def _check_open(self) -> None:
        if self._closed:
            raise EngineUnavailable("the query workers have been shut down")

    def _busy_message(self) -> str:
        return self.busy.format(size=self.size, waiting=self._waiting)

    def close(self) -> None:
        """Stop every worker; queries still waiting get EngineUnavailable."""
        with self._cond:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
            self._idle.clear()
            self._cond.notify_all()
        for worker in workers:
            worker.kill()


class WorkerPool(Processes, Engine):
    """An engine of the given kind, run in up to `size` worker processes (`close` is the
    pool's: it stops them)."""

    keeps_time = True

    def __init__(self, kind: str, data: bytes, version: str, *, size: int = 4,
                 memory_mb: int = 2048, queue: int | None = None,
                 graphs: frozenset[str] = frozenset()):
        if kind not in ENGINE_KINDS:
            raise ValueError(f"no worker engine {kind!r}; choose one of: "
                             f"{', '.join(ENGINE_KINDS)}")
        Engine.__init__(self, version, graphs)
        Processes.__init__(self, kind, data, size=size, memory_mb=memory_mb, queue=queue)
        self.name = kind

    def _run(self, text, bindings, limit, timeout, dataset=None) -> Result:
        return self.ask((text, bindings, limit, None, dataset), timeout)

    def written(self, text: str, format_name: str, *, timeout: float | None = None,
                limit: int | None = None, dataset: QueryDataset | None = None) -> Written:
        """Run a query without bindings and get its answer written in `format_name`
        (a name of tipgraph.results.FORMATS) by the worker."""
        _vetted(text, self.graphs)
        check_dataset(dataset, self.graphs)
        return self.ask((text, {}, limit, format_name, dataset), timeout)


def isolate(engine: Engine, size: int = 4, memory_mb: int = 2048,
            queue: int | None = None) -> Engine:
    """A worker pool running the same kind of engine over the same graph.

    An engine that does not run in this process (remote) is returned as it is: its
    store keeps its own limits, and a query waiting on it costs this server nothing.
    """
    nquads = getattr(engine, "nquads", None)
    if engine.name not in ENGINE_KINDS or nquads is None:
        return engine
    return WorkerPool(engine.name, nquads(), engine.version, size=size, memory_mb=memory_mb,
                      queue=queue, graphs=engine.graphs)


# --- the worker process ------------------------------------------------------------------------


def _oxigraph(data: bytes) -> Engine:
    from tipgraph.engines.pyoxigraph_engine import OxigraphEngine

    return OxigraphEngine.from_nquads(data, "worker")


def _rdflib(data: bytes) -> Engine:
    from tipgraph.engines.rdflib_engine import RdflibEngine

    return RdflibEngine.from_nquads(data, "worker")


def _queries(load: Callable[[bytes], Engine]) -> Callable[[bytes], Callable[[tuple], tuple]]:
    """A worker kind that loads an engine and answers (text, bindings, limit, format,
    dataset)."""

    def start(data: bytes) -> Callable[[tuple], tuple]:
        engine = load(data)
        return lambda request: _answer(engine, *request)

    return start


def _submissions(data: bytes) -> Callable[[tuple], tuple]:
    from tipgraph.submission_workers import checker

    return checker(data)


ENGINE_KINDS = {"oxigraph": _queries(_oxigraph), "rdflib": _queries(_rdflib)}
# What each kind of worker loads from the data it is sent: a handler of requests.
KINDS = {**ENGINE_KINDS, "submissions": _submissions}


def _limit_memory(memory_mb: int) -> None:
    if memory_mb > 0:
        size = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _answer(engine: Engine, text: str, bindings, limit, format_name: str | None,
            dataset: QueryDataset | None) -> tuple:
    try:
        result = engine.query(text, bindings, limit=limit, dataset=dataset)
        return ("ok", Written.of(result, format_name) if format_name else result)
    except QueryError as error:
        return ("error", type(error).__name__, str(error))
    except MemoryError:
        return ("error", "QueryTooLarge", "the query needs more memory than a query may use")
    except RecursionError:
        return ("error", "QueryTooLarge", "the query nests too deeply for the engine")
    except Exception as error:  # an engine's own failure is still this query's answer
        return ("error", "QueryError", str(error) or type(error).__name__)


def _outlive_no_parent() -> None:
    """End this process when the server that started it is gone, even mid-query (a
    query reads no more from the connection until it ends)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(connection: Connection, kind: str, memory_mb: int) -> None:
    """Load the data sent first, then answer requests until the connection closes."""
    from tipgraph.engines.sandbox import deny_network

    _outlive_no_parent()
    os.nice(NICE)
    data = connection.recv_bytes()
    try:
        handle = KINDS[kind](data)
    except Exception as error:  # reported to the pool, which says it could not start
        connection.send(("failed", str(error)))
        return
    del data
    _limit_memory(memory_mb)
    deny_network()
    connection.send(("ready", None))
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        reply = handle(request)
        try:
            connection.send(reply)
        except MemoryError:
            connection.send(("error", "QueryTooLarge",
                             "the answer needs more memory than a worker may use"))


if __name__ == "__main__":
    # The module's own names, not __main__'s, so what a worker sends (Written) unpickles
    # in the server. The server closing the connection (it stopped, or gave up on a
    # start) ends the worker; there is nobody left to tell.
    from tipgraph.engines.workers import serve as serve_queries

    with contextlib.suppress(EOFError, OSError):
        serve_queries(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
