"""Query engines: one interface (Engine.query), three implementations.

- ``oxigraph``: pyoxigraph in process, the fast default;
- ``rdflib``: rdflib in process, the reference;
- ``remote``: any SPARQL 1.1 endpoint through SPARQLWrapper.

Use `make_engine(name, build=..., endpoint=...)`; every engine is read-only and returns
tipgraph.results types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tipgraph.engines.base import (
    Engine,
    EngineBusy,
    EngineUnavailable,
    QueryDataset,
    QueryError,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
)
from tipgraph.engines.pyoxigraph_engine import OxigraphEngine
from tipgraph.engines.rdflib_engine import RdflibEngine
from tipgraph.engines.remote import RemoteEngine

if TYPE_CHECKING:
    from tipgraph.build import Build


@dataclass(frozen=True)
class EngineKind:
    """How to make one kind of engine, and what it needs."""

    name: str
    help: str
    needs_build: bool
    make: Callable[[Build | None, str | None], Engine]


def _remote(build: Build | None, endpoint: str | None) -> Engine:
    if not endpoint:
        raise ValueError("the remote engine needs an endpoint URL (--endpoint)")
    if build is None:
        return RemoteEngine(endpoint)
    return RemoteEngine(endpoint, build.version, graphs=build.graph_names())


ENGINES: dict[str, EngineKind] = {
    kind.name: kind
    for kind in (
        EngineKind("oxigraph", "pyoxigraph in process (fast, the default)", True,
                   lambda build, _: OxigraphEngine.from_nquads(build.nquads(), build.version)),
        EngineKind("rdflib", "rdflib in process (the reference)", True,
                   lambda build, _: RdflibEngine.from_nquads(build.nquads(), build.version)),
        EngineKind("remote", "a SPARQL 1.1 endpoint over HTTP", False, _remote),
    )
}


def make_engine(name: str = "oxigraph", build: Build | None = None,
                endpoint: str | None = None) -> Engine:
    """Make the named engine over a build (in process) or an endpoint (remote)."""
    kind = ENGINES.get(name)
    if kind is None:
        raise ValueError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    if kind.needs_build and build is None:
        raise ValueError(f"the {name} engine needs a build to load")
    return kind.make(build, endpoint)


__all__ = [
    "ENGINES",
    "Engine",
    "EngineBusy",
    "EngineUnavailable",
    "OxigraphEngine",
    "QueryDataset",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "QueryTooLarge",
    "RdflibEngine",
    "RemoteEngine",
    "make_engine",
]
