"""Grow the graph 10, 100 and 1000 times (bench/generate.py) and measure what grows with it.

Run: python bench/scale.py [--factors 10,100,1000] [--runs 5] [--validate-limit 600]
                           [--query-timeout 60] [--json]

For each size, each measurement in a fresh process (so its peak memory is its own):

- load: the default engine (pyoxigraph) bulk-loads the generated N-Triples, as
  `tipgraph serve` loads dist/; time and the process's peak resident memory;
- queries: every canned query with its default parameters through QuerySession.run (the
  API's path, with the server's result limit), the session's answer cache off: p50 of
  --runs runs after a warm-up (fewer when a run is slow); the table gives their median,
  their maximum and how many are over 100 ms;
- validation: pySHACL with the structure shapes (what the build checks) and with all
  shapes, over an rdflib graph of the generated data, in a process stopped after
  --validate-limit seconds. rdflib holds about 1 KB per triple, so a size whose rdflib
  graph would not fit in half the machine's memory is not attempted and says so; the
  last column then gives the time the measured sizes predict at a constant cost per
  triple (an estimate, and marked as one).

The last lines say how each cost grew between sizes against the size itself: a ratio
at or under 1 is linear or better.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
RDFLIB_BYTES_PER_TRIPLE = 1000
SLOW_MS = 100.0


def worker_queries(path: Path, runs: int, timeout: float) -> dict:
    """Load the file into pyoxigraph and time every canned query (a worker process)."""
    import pyoxigraph as ox

    from tipgraph.catalog import QuerySession, project_catalog
    from tipgraph.engines import OxigraphEngine, QueryError
    from tipgraph.project import Project
    from tipgraph.settings import defaults

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    load_s = time.perf_counter() - started
    triples = len(store)
    load_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    project = Project.discover()
    session = QuerySession(project_catalog(project), OxigraphEngine(store, "scale"),
                           cache_size=0)
    limit = int(defaults()["result_limit"])
    p50s: dict[str, float | None] = {}
    for name in session.catalog.names():
        samples = []
        try:
            session.run(name, timeout=timeout, limit=limit)
            budget = time.perf_counter() + max(timeout, 1.0)
            while len(samples) < runs and (not samples or time.perf_counter() < budget):
                began = time.perf_counter()
                session.run(name, timeout=timeout, limit=limit)
                samples.append((time.perf_counter() - began) * 1000)
        except QueryError:
            p50s[name] = None  # past the time limit
            continue
        p50s[name] = statistics.median(samples)
    return {"triples": triples, "load_s": load_s, "load_rss_mb": load_rss,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "p50_ms": p50s}


def worker_validate(path: Path) -> dict:
    """Parse the file with rdflib and validate it, structure shapes then all (a worker)."""
    from rdflib import Graph

    from tipgraph.project import Project
    from tipgraph.validate import load_shapes, validate_graph

    shapes = load_shapes(Project.discover())
    started = time.perf_counter()
    graph = Graph().parse(path, format="nt")
    figures = {"parse_s": time.perf_counter() - started}
    print(json.dumps(figures), flush=True)
    for label, chosen in (("structure_s", shapes.only("structure")), ("all_s", shapes)):
        started = time.perf_counter()
        validate_graph(graph, chosen)
        figures[label] = time.perf_counter() - started
        print(json.dumps(figures), flush=True)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def run_worker(args: list[str], limit: float) -> tuple[dict, bool]:
    """Run this script as a worker; return its last JSON line and whether it finished."""
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen([sys.executable, __file__, *args], stdout=output,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            process.wait(timeout=limit)
            finished = process.returncode == 0
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            finished = False
        output.seek(0)
        lines = [line for line in output.read().splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), finished


def measure(factor: int, runs: int, validate_limit: float, query_timeout: float,
            folder: Path) -> dict:
    path = folder / f"x{factor}.nt"
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--factor", str(factor),
                    "--out", str(path)], check=True, capture_output=True, timeout=3600)
    queries, _ = run_worker(["--worker", "queries", str(path), str(runs),
                             str(query_timeout)], limit=7200)
    row = {"factor": factor, **queries}
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if queries.get("triples", 0) * RDFLIB_BYTES_PER_TRIPLE > memory / 2:
        row["validation"] = {"skipped": "rdflib graph would not fit in half the memory"}
    else:
        figures, finished = run_worker(["--worker", "validate", str(path)], validate_limit)
        row["validation"] = {**figures, "finished": finished}
    path.unlink()
    return row


def _fmt(value, digits=1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[dict], validate_limit: float) -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [f"{os.cpu_count()} cores, {memory:.0f} GB; load average {os.getloadavg()[0]:.1f}",
             "",
             f"{'size':>6}{'triples':>12}{'load s':>8}{'peak MB':>9}{'q p50 med':>10}"
             f"{'q p50 max':>10}{'>100ms':>7}{'>limit':>7}{'struct s':>10}{'all s':>9}"]
    lines.append("-" * len(lines[-1]))
    per_triple = []
    for row in rows:
        p50s = [v for v in row["p50_ms"].values() if v is not None]
        failed = sum(v is None for v in row["p50_ms"].values())
        valid = row["validation"]
        struct, full = valid.get("structure_s"), valid.get("all_s")
        if struct is not None:
            per_triple.append((struct / row["triples"], (full or 0) / row["triples"]))
        note = ""
        if "skipped" in valid and per_triple:
            struct_est = statistics.mean(p[0] for p in per_triple) * row["triples"]
            full_est = statistics.mean(p[1] for p in per_triple) * row["triples"]
            note = f"  validation not run; est. {struct_est:.0f} s / {full_est:.0f} s"
        elif not valid.get("finished", True):
            note = f"  validation stopped at {validate_limit:g} s"
        lines.append(
            f"{row['factor']:>5}x{row['triples']:>12}{row['load_s']:>8.2f}"
            f"{row['peak_rss_mb']:>9.0f}{statistics.median(p50s):>10.2f}{max(p50s):>10.1f}"
            f"{sum(v > SLOW_MS for v in p50s):>7}{failed:>7}{_fmt(struct):>10}"
            f"{_fmt(full):>9}{note}")
    lines.append("")
    lines.append("growth of cost against growth of size (<= 1: linear or better):")
    for before, after in zip(rows, rows[1:], strict=False):
        size = after["triples"] / before["triples"]
        shared = [n for n, v in after["p50_ms"].items()
                  if v is not None and before["p50_ms"].get(n)]
        query_growth = statistics.median(after["p50_ms"][n] / before["p50_ms"][n]
                                         for n in shared) if shared else float("nan")
        lines.append(
            f"  {before['factor']}x -> {after['factor']}x ({size:.1f}x the triples): "
            f"load time {after['load_s'] / before['load_s'] / size:.2f}, "
            f"peak memory {after['peak_rss_mb'] / before['peak_rss_mb'] / size:.2f}, "
            f"query p50 (median over queries) {query_growth / size:.2f}")
    worst = {n: v for n, v in rows[-1]["p50_ms"].items() if v is not None}
    slowest = sorted(worst.items(), key=lambda item: -item[1])[:8]
    lines.append("")
    lines.append(f"slowest canned queries at {rows[-1]['factor']}x (p50 ms): "
                 + ", ".join(f"{n} {v:.0f}" for n, v in slowest))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        kind, path, *rest = argv[1:]
        if kind == "queries":
            print(json.dumps(worker_queries(Path(path), int(rest[0]), float(rest[1]))))
        else:
            print(json.dumps(worker_validate(Path(path))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--validate-limit", type=float, default=600.0)
    parser.add_argument("--query-timeout", type=float, default=60.0)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="tipgraph-scale-") as folder:
        for factor in (int(f) for f in options.factors.split(",")):
            rows.append(measure(factor, options.runs, options.validate_limit,
                                options.query_timeout, Path(folder)))
            print(f"{factor}x done", file=sys.stderr, flush=True)
    print(json.dumps(rows, indent=1) if options.json else
          table(rows, options.validate_limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
