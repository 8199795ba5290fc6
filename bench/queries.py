"""Time every canned query on each in-process engine: p50 and p95 over N runs.

Run: python bench/queries.py [--project DIR] [--runs N] [--engines oxigraph,rdflib]
                             [--query NAME ...] [--budget S] [--no-freeze] [--json]

The graph is the current build as a server serves it (inferred types included). Each
query runs with its default parameters through the path the CLI and the web layer
use (QuerySession.run: bind parameters, run the engine, convert terms), after one warm-up
run, with the session's answer cache off, so every run parses and evaluates the query.
The last column is the p50 of the same call with the cache on, as a server answers a
repeated canned query. The target is every query under 1 ms p50 on oxigraph, the
default engine. A query stops after 5 runs once it has taken --budget seconds (2 by
default) on an engine, so rdflib, 10-100 times slower, does not hold the run for long.

The loaded graph is frozen out of the garbage collector (gc.freeze()), as a server that
holds one immutable snapshot should do: otherwise a full collection walks the rdflib
graph's objects every so often and adds some ten milliseconds to an unlucky run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph
import rdflib

from tipgraph.build import current
from tipgraph.catalog import QuerySession, project_catalog
from tipgraph.engines import make_engine
from tipgraph.params import Lookups
from tipgraph.project import Project

TARGET_MS = 1.0


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at `fraction` of the sorted list (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def samples_of(session: QuerySession, name: str, runs: int,
               budget: float = float("inf")) -> list[float]:
    """Milliseconds of each of `runs` calls after one warm-up call; fewer (at least 5)
    once `budget` seconds are spent, so the slow reference engine ends in minutes."""
    session.run(name)
    samples = []
    deadline = time.perf_counter() + budget
    for _ in range(runs):
        started = time.perf_counter()
        session.run(name)
        samples.append((time.perf_counter() - started) * 1000)
        if len(samples) >= 5 and started > deadline:
            break
    return samples


def time_query(sessions: dict, name: str, runs: int, budget: float = float("inf")) -> dict:
    """p50, p95 (uncached), cached p50 and rows of one canned query on one engine."""
    uncached = samples_of(sessions["uncached"], name, runs, budget)
    cached = samples_of(sessions["cached"], name, runs, budget)
    return {"p50": statistics.median(uncached), "p95": percentile(uncached, 0.95),
            "cached_p50": statistics.median(cached),
            "rows": len(sessions["uncached"].run(name))}


def measure(project: Project, engines: list[str], runs: int, names: list[str] | None,
            freeze: bool = True, budget: float = float("inf")) -> dict:
    """Time each query on each engine; {query: {engine: {p50, p95, cached_p50, rows}}}.

    The graph is the one a server serves: the current build, inferred types included.
    """
    build = current(project)
    catalog = project_catalog(project)
    sessions = {}
    for name in engines:
        engine = make_engine(name, build)
        lookups = Lookups.from_engine(engine)
        sessions[name] = {"uncached": QuerySession(catalog, engine, lookups, cache_size=0),
                          "cached": QuerySession(catalog, engine, lookups)}
    if freeze:
        gc.collect()
        gc.freeze()
    chosen = names or catalog.names()
    return {query: {engine: time_query(sessions[engine], query, runs, budget)
                    for engine in engines}
            for query in chosen}


def context(runs: int, budget: float) -> str:
    """The line that says how the numbers under it were taken."""
    return (f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; "
            f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"rdflib {rdflib.__version__}; {runs} runs per query and engine after one "
            f"warm-up, or 5 once a query has taken {budget:g} s")


def table(results: dict, engines: list[str], line: str | None = None) -> str:
    """The timings as a text table, slowest default-engine queries flagged."""
    width = max([len("query")] + [len(name) for name in results])
    header = "query".ljust(width) + "".join(
        f"  {engine + ' p50':>15}  {engine + ' p95':>15}" for engine in engines
    ) + f"  {'cached p50':>12}  rows"
    lines = ([line, ""] if line else []) + [header, "-" * len(header)]
    for name, timings in results.items():
        cells = "".join(f"  {timings[e]['p50']:>12.3f} ms  {timings[e]['p95']:>12.3f} ms"
                        for e in engines)
        cells += f"  {timings[engines[0]]['cached_p50']:>9.4f} ms"
        rows = timings[engines[0]]["rows"]
        slow = "  > target" if timings[engines[0]]["p50"] > TARGET_MS else ""
        lines.append(f"{name.ljust(width)}{cells}  {rows:>4}{slow}")
    over = [n for n, t in results.items() if t[engines[0]]["p50"] > TARGET_MS]
    lines.append("")
    lines.append(f"{len(results)} queries; {len(over)} over {TARGET_MS} ms p50 on {engines[0]}"
                 + (f": {', '.join(over)}" if over else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--engines", default="oxigraph,rdflib")
    parser.add_argument("--query", action="append", dest="queries")
    parser.add_argument("--no-freeze", action="store_true",
                        help="Leave the loaded graph to the garbage collector.")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="Seconds per query and engine after which to stop at 5 runs.")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    options = parser.parse_args(argv)
    engines = [name.strip() for name in options.engines.split(",") if name.strip()]
    results = measure(Project.discover(options.project), engines, options.runs,
                      options.queries, freeze=not options.no_freeze,
                      budget=options.budget)
    text = (json.dumps(results, indent=1) if options.json
            else table(results, engines, context(options.runs, options.budget)))
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
