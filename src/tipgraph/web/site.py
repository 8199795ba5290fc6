"""What one app serves: a build, its engine, its catalogue and its settings, made once.

Handlers reach everything through `site()`, so two apps with different builds or
engines can live in one process (one test run) without sharing anything.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from flask import current_app
from rdflib import Graph

from tipgraph.build import Build
from tipgraph.catalog import Catalog, QuerySession
from tipgraph.engines import Engine
from tipgraph.guard import check_query
from tipgraph.params import Lookups
from tipgraph.results import Result
from tipgraph.validate import Shapes


@dataclass
class Site:
    """A build served by one engine, with the catalogue and the settings in force."""

    build: Build
    engine: Engine
    catalog: Catalog
    settings: Mapping[str, object]
    assets: Path | None = None
    shapes: Shapes | None = None
    ontology: Graph = field(default_factory=Graph)
    cache: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def timeout(self) -> float:
        """Seconds any query may run (setting query_timeout)."""
        return float(self.settings["query_timeout"])

    @property
    def limit(self) -> int:
        """Rows any query may return (setting result_limit)."""
        return int(self.settings["result_limit"])

    @cached_property
    def session(self) -> QuerySession:
        """The catalogue bound to the engine, with lookups read on first use."""
        return QuerySession(self.catalog, self.engine)

    @property
    def lookups(self) -> Lookups:
        """Countries, concepts and report parts, for parameter checks and dropdowns."""
        return self.session.lookups

    def query(self, text: str, bindings: Mapping | None = None) -> Result:
        """Run SPARQL with the guard, the time limit and the result limit in force.

        Every query goes through the guard, the app's own too: it costs microseconds
        and keeps one rule for all of them.
        """
        check_query(text, self.engine.graphs)
        return self.engine.query(text, bindings, timeout=self.timeout, limit=self.limit)

    def run_canned(self, name: str, values: Mapping[str, object]) -> Result:
        """Run a canned query by name with raw parameter values, within the limits.

        A canned query's text never changes, so the guard reads it once (a refusal is
        not kept, and is raised again on every call).
        """
        text = self.catalog[name].text
        self.memo(f"guarded:{name}", lambda: check_query(text, self.engine.graphs) or True)
        return self.session.run(name, values, timeout=self.timeout, limit=self.limit)

    def memo(self, key: str, make):
        """Compute a value once per app (a dump, a page model) and keep it.

        The graph never changes while served, so anything derived from it can be kept
        for the app's lifetime; nothing is computed before someone asks for it.
        """
        with self._lock:
            if key not in self.cache:
                self.cache[key] = make()
            return self.cache[key]


def site() -> Site:
    """The Site of the app handling the current request."""
    return current_app.extensions["tipgraph.site"]
