"""Time every canned query on each in-process engine: p50 and p95 over N runs.

Run: python bench/queries.py [--project DIR] [--runs N] [--engines oxigraph,rdflib]
                             [--query NAME ...] [--json]

Each query runs with its default parameters through the same path the CLI and the web
layer use (QuerySession.run: bind parameters, run, convert terms), after one warm-up
run. Runs of the engines are interleaved query by query, so a busy machine slows both
alike. The target is every query under 1 ms p50 on oxigraph, the default engine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from tipgraph.build import load
from tipgraph.catalog import QuerySession, project_catalog
from tipgraph.engines import make_engine
from tipgraph.params import Lookups
from tipgraph.project import Project

TARGET_MS = 1.0


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at `fraction` of the sorted list (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def time_query(session: QuerySession, name: str, runs: int) -> dict:
    """Milliseconds per run of one canned query: p50, p95 and rows returned."""
    rows = len(session.run(name))
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        session.run(name)
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95), "rows": rows}


def measure(project: Project, engines: list[str], runs: int, names: list[str] | None) -> dict:
    """Time each query on each engine; {query: {engine: {p50, p95, rows}}}."""
    build = load(project)
    catalog = project_catalog(project)
    sessions = {}
    for name in engines:
        engine = make_engine(name, build)
        lookups = Lookups.from_engine(engine)
        sessions[name] = QuerySession(catalog, engine, lookups)
    chosen = names or catalog.names()
    return {query: {engine: time_query(sessions[engine], query, runs) for engine in engines}
            for query in chosen}


def table(results: dict, engines: list[str]) -> str:
    """The timings as a text table, slowest default-engine queries flagged."""
    width = max([len("query")] + [len(name) for name in results])
    header = "query".ljust(width) + "".join(
        f"  {engine + ' p50':>12}  {engine + ' p95':>12}" for engine in engines) + "  rows"
    lines = [header, "-" * len(header)]
    for name, timings in results.items():
        cells = "".join(f"  {timings[e]['p50']:>9.3f} ms  {timings[e]['p95']:>9.3f} ms"
                        for e in engines)
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
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    options = parser.parse_args(argv)
    engines = [name.strip() for name in options.engines.split(",") if name.strip()]
    results = measure(Project.discover(options.project), engines, options.runs,
                      options.queries)
    text = json.dumps(results, indent=1) if options.json else table(results, engines)
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
