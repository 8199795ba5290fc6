"""The engine interface: run read-only SPARQL with values bound as RDF terms.

Every engine takes the same arguments and returns the same result types
(tipgraph.results), so the catalogue, the CLI and the web layer never ask which engine
they hold. Errors are typed so the web layer can map them to status codes without
reading messages: a bad or refused query is the caller's fault (4xx), a timeout or
an unreachable endpoint is not.
"""

from __future__ import annotations

import concurrent.futures
import functools
import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rdflib import Literal, URIRef

from tipgraph import guard
from tipgraph.engines import syntax
from tipgraph.results import Result, Written, ntriples_term

Bindings = Mapping[str, URIRef | Literal]
T = TypeVar("T")

# Relative IRIs in a query resolve against this base, whatever the engine
# (https://www.w3.org/TR/sparql11-query/#relIRIs): `<id/country/ARG>` names a country.
QUERY_BASE = "https://w3id.org/tipgraph/"


class QueryError(ValueError):
    """The query text is not a SPARQL query the engine can run (the caller's mistake)."""


class QueryRefused(QueryError):
    """The text asks for something no engine here does: an update, SERVICE, FROM, LOAD."""


class QueryTimeout(QueryError):
    """The query ran past its time limit."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query ran longer than its {seconds:g} s limit")


class QueryTooLarge(QueryError):
    """The query needs more memory or deeper nesting than a query may have.

    Unlike a timeout, which a quieter server might not reach, this limit does not move:
    the query has to change.
    """


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset a request names for its query, in place of the one served.

    The SPARQL 1.1 Protocol's default-graph-uri and named-graph-uri
    (https://www.w3.org/TR/sparql11-protocol/#dataset): the default graph is the merge
    of `default` (graph IRIs), or the served default graph (the union of every graph)
    when `union` is set; only `named` may be read by GRAPH. It overrides any FROM and
    FROM NAMED in the query, as the protocol says.
    """

    union: bool = False
    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    @property
    def graphs(self) -> frozenset[str]:
        """Every graph IRI the dataset names."""
        return frozenset((*self.default, *self.named))


class EngineUnavailable(OSError):
    """A remote endpoint could not be reached or answered with a server error."""


class EngineBusy(EngineUnavailable):
    """Every worker is taken and enough queries wait already; try again shortly."""


def checked_bindings(bindings: Bindings | None) -> dict[str, URIRef | Literal]:
    """Validate names and terms up front, so every engine refuses the same bindings.

    Names may carry a leading ? or $; terms must be IRIs or literals that N-Triples can
    write (no blank nodes: their labels mean nothing outside one store).
    """
    checked = {}
    for name, term in (bindings or {}).items():
        bare = name[1:] if name[:1] in "?$" else name
        if not syntax.VARIABLE_NAME.match(bare):
            raise QueryError(f"not a variable name: {name!r}")
        if not isinstance(term, URIRef | Literal):
            raise QueryError(f"?{bare} must be bound to an IRI or a literal, not {term!r}")
        try:
            ntriples_term(term)
        except ValueError as error:
            raise QueryError(f"?{bare}: {error}") from error
        checked[bare] = term
    return checked


@functools.lru_cache(maxsize=1024)
def _vetted(text: str, graphs: frozenset[str] = frozenset()) -> str:
    """Run tipgraph.guard's checks once per distinct text and dataset; canned queries
    repeat (a frozenset keeps its hash, so the dataset costs nothing to look up)."""
    try:
        guard.check_query(text, graphs)
    except guard.UnsafeQuery as error:
        raise QueryRefused(str(error)) from None
    return text


def check_dataset(dataset: QueryDataset | None, graphs: frozenset[str]) -> None:
    """Refuse a dataset that names a graph the engine does not hold: an engine asked for
    a graph it lacks may go and fetch it (rdflib does)."""
    unknown = sorted(dataset.graphs - graphs) if dataset else ()
    if unknown:
        raise QueryRefused(f"<{unknown[0]}> is no graph of this dataset")


class DaemonPool:
    """A few daemon worker threads, grown on demand up to `size`.

    concurrent.futures.ThreadPoolExecutor joins its threads at interpreter exit, so one
    runaway query would keep a server from stopping; these threads are daemons.
    """

    def __init__(self, name: str, size: int = 16):
        self._name, self._size = name, size
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._idle = 0

    def submit(self, work: Callable[[], T]) -> concurrent.futures.Future:
        """Queue `work`; its future holds the result or the exception."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if self._idle > 0:
                self._idle -= 1
            elif len(self._threads) < self._size:
                thread = threading.Thread(target=self._serve, daemon=True,
                                          name=f"{self._name}-{len(self._threads)}")
                self._threads.append(thread)
                thread.start()
        self._tasks.put((future, work))
        return future

    def _serve(self) -> None:
        while True:
            future, work = self._tasks.get()
            if future is None:
                return
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(work())
                except BaseException as error:  # handed to the waiting caller
                    future.set_exception(error)
            with self._lock:
                self._idle += 1

    def shutdown(self) -> None:
        """Ask every thread to end after its current task."""
        for _ in self._threads:
            self._tasks.put((None, None))


class Engine(ABC):
    """Run read-only SPARQL 1.1 queries over one graph snapshot."""

    name: ClassVar[str]
    keeps_time: ClassVar[bool] = False

    def __init__(self, version: str, graphs: frozenset[str] = frozenset()):
        self.version = version
        # The named graphs (IRIs) a query may read by FROM, FROM NAMED or a dataset.
        self.graphs = frozenset(graphs)
        self._pool: DaemonPool | None = None

    def query(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        timeout: float | None = None,
        limit: int | None = None,
        dataset: QueryDataset | None = None,
    ) -> Result:
        """Run `text` with `bindings` (variable name -> IRI or literal).

        `limit` caps the rows (or triples) returned; the result's `truncated` says
        whether more existed. `timeout` is in seconds. `dataset`, if given, is the RDF
        dataset the query reads instead of the one served. Raises QueryError (bad query,
        update, timeout, a graph the engine does not hold) or EngineUnavailable.
        """
        _vetted(text, self.graphs)
        check_dataset(dataset, self.graphs)
        values = checked_bindings(bindings)
        if limit is not None and limit < 0:
            raise QueryError("limit must not be negative")
        if timeout is not None and timeout <= 0:
            raise QueryError("timeout must be positive")
        if timeout is None or self.keeps_time:
            return self._run(text, values, limit, timeout, dataset)
        return self._in_time(lambda: self._run(text, values, limit, None, dataset), timeout)

    def written(self, text: str, format_name: str, *, timeout: float | None = None,
                limit: int | None = None, dataset: QueryDataset | None = None) -> Written:
        """Run a query without bindings and write its answer in `format_name` (a name of
        tipgraph.results.FORMATS); engines that run elsewhere write it there."""
        return Written.of(self.query(text, timeout=timeout, limit=limit, dataset=dataset),
                          format_name)

    @abstractmethod
    def _run(self, text: str, bindings: dict[str, URIRef | Literal],
             limit: int | None, timeout: float | None,
             dataset: QueryDataset | None = None) -> Result:
        """Run a query whose bindings and dataset are already checked.

        `timeout` reaches only engines that enforce it themselves (`keeps_time`).
        """

    def _in_time(self, work: Callable[[], T], timeout: float) -> T:
        """Run `work` on a worker thread and stop waiting after `timeout` seconds.

        An in-process query cannot be interrupted from Python: the caller gets its
        QueryTimeout at once and the abandoned work finishes in the background, on a
        daemon thread, so it never holds up the process's exit.
        """
        if self._pool is None:
            self._pool = DaemonPool(f"tipgraph-{self.name}")
        future = self._pool.submit(work)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise QueryTimeout(timeout) from None

    def close(self) -> None:
        """Let the worker threads end once they are idle."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} version={self.version}>"
