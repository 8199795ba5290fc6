"""Grow the graph 10, 100 and 1000 times (bench/generate.py) and measure what grows with it.

Run: python bench/scale.py [--factors 10,100,1000] [--runs 5] [--validate-limit 600]
                           [--query-timeout 60] [--memory-cap 8] [--json]

For each size, each measurement in a fresh process (so its peak memory is its own):

- load: the default engine (pyoxigraph) bulk-loads the generated N-Triples, as
  `tipgraph serve` loads dist/; time and the process's peak resident memory;
- queries: every canned query with its default parameters through QuerySession.run (the
  API's path, with the server's result limit), the session's answer cache off: p50 of
  --runs runs after a warm-up (fewer when a run is slow); the table gives their median,
  their maximum and how many are over 100 ms. A query past --query-timeout seconds, or
  past --memory-cap GB of address space, is named and gets no p50: its worker is
  stopped (pyoxigraph cannot stop a query) and a new one goes on after it;
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
MEMORY_CAP = "TIPGRAPH_BENCH_MEMORY_CAP_GB"
SLOW_MS = 100.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def limit_memory(gigabytes: float) -> None:
    """Cap this process's address space (at most half the machine's memory), so a query
    that grows without bound fails here instead of starving the machine."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cap = int(min(memory / 2, gigabytes * 2**30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def worker_queries(path: Path, runs: int, timeout: float, skip: set[str]) -> dict:
    """Load the file into pyoxigraph and time the canned queries not in `skip` (a worker).

    A JSON line goes out after the load and after each query (name, p50, resident
    memory), so a worker that dies leaves word of where. A query past `timeout` ends
    the worker (exit 3): pyoxigraph cannot stop it, and it would go on using the machine
    while the next queries are timed.
    """
    import pyoxigraph as ox

    from tipgraph.catalog import QuerySession, project_catalog
    from tipgraph.engines import OxigraphEngine, QueryTimeout
    from tipgraph.project import Project
    from tipgraph.settings import defaults

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    print(json.dumps({"triples": len(store), "load_s": time.perf_counter() - started,
                      "load_rss_mb": _rss_mb()}), flush=True)
    session = QuerySession(project_catalog(Project.discover()),
                           OxigraphEngine(store, "scale"), cache_size=0)
    limit = int(defaults()["result_limit"])
    for name in session.catalog.names():
        if name in skip:
            continue
        samples = []
        try:
            session.run(name, timeout=timeout, limit=limit)
            budget = time.perf_counter() + max(timeout, 1.0)
            while len(samples) < runs and (not samples or time.perf_counter() < budget):
                began = time.perf_counter()
                session.run(name, timeout=timeout, limit=limit)
                samples.append((time.perf_counter() - began) * 1000)
        except QueryTimeout:
            print(json.dumps({"query": name, "p50_ms": None, "over": "time",
                              "rss_mb": _rss_mb()}), flush=True)
            os._exit(3)
        print(json.dumps({"query": name, "p50_ms": statistics.median(samples),
                          "rss_mb": _rss_mb()}), flush=True)
    return {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure_queries(path: Path, runs: int, timeout: float) -> dict:
    """Run query workers until every canned query has a p50 or a reason it has none:
    past the time limit, or past the memory limit (the worker died in it)."""
    from tipgraph.catalog import project_catalog
    from tipgraph.project import Project

    names = project_catalog(Project.discover()).names()
    row: dict = {"p50_ms": {}, "over": {}, "peak_rss_mb": 0.0}
    for _ in range(len(names) + 1):
        done = set(row["p50_ms"])
        if len(done) == len(names):
            break
        lines, finished = run_worker(["--worker", "queries", str(path), str(runs),
                                      str(timeout), ",".join(sorted(done))], limit=7200)
        for line in lines:
            if "triples" in line and "load_s" not in row:
                row.update(line)
            elif "query" in line:
                row["p50_ms"][line["query"]] = line["p50_ms"]
                if line.get("over"):
                    row["over"][line["query"]] = line["over"]
            row["peak_rss_mb"] = max(row["peak_rss_mb"], line.get("rss_mb", 0.0),
                                     line.get("peak_rss_mb", 0.0), line.get("load_rss_mb", 0.0))
        if "load_s" not in row:
            raise RuntimeError(f"the data did not load: {lines[-1:] or 'no output'}")
        last = next((line for line in reversed(lines) if "query" in line), {})
        if not finished and not last.get("over"):
            culprit = next(n for n in names if n not in row["p50_ms"])
            row["p50_ms"][culprit] = None
            row["over"][culprit] = "memory"
    return row


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


def run_worker(args: list[str], limit: float) -> tuple[list[dict], bool]:
    """Run this script as a worker; return its JSON lines and whether it finished
    (the last line gets the end of its error output under "error" if it failed)."""
    with tempfile.TemporaryFile("w+") as output, tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([sys.executable, __file__, *args], stdout=output,
                                   stderr=errors, start_new_session=True)
        try:
            process.wait(timeout=limit)
            finished = process.returncode == 0
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            finished = False
        output.seek(0)
        lines = [json.loads(line) for line in output.read().splitlines()
                 if line.startswith("{")]
        if not finished:
            errors.seek(0)
            error = (errors.read().strip().splitlines() or [f"exit {process.returncode}"])
            lines.append({"error": error[-1][-300:]})
    return lines, finished


def measure(factor: int, runs: int, validate_limit: float, query_timeout: float,
            folder: Path) -> dict:
    path = folder / f"x{factor}.nt"
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--factor", str(factor),
                    "--out", str(path)], check=True, capture_output=True, timeout=3600)
    row = {"factor": factor, **measure_queries(path, runs, query_timeout)}
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if row["triples"] * RDFLIB_BYTES_PER_TRIPLE > memory / 2:
        row["validation"] = {"skipped": "rdflib graph would not fit in half the memory"}
    else:
        lines, finished = run_worker(["--worker", "validate", str(path)], validate_limit)
        figures = [line for line in lines if "parse_s" in line]
        row["validation"] = {**(figures[-1] if figures else {}), "finished": finished}
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
    for row in rows:
        if row["over"]:
            lines.append(f"at {row['factor']}x, no p50: " + ", ".join(
                f"{name} (past the {'time limit' if why == 'time' else 'memory cap'})"
                for name, why in row["over"].items()))
    worst = {n: v for n, v in rows[-1]["p50_ms"].items() if v is not None}
    slowest = sorted(worst.items(), key=lambda item: -item[1])[:8]
    lines.append("")
    lines.append(f"slowest canned queries at {rows[-1]['factor']}x (p50 ms): "
                 + ", ".join(f"{n} {v:.0f}" for n, v in slowest))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        limit_memory(float(os.environ.get(MEMORY_CAP, "8")))
        kind, path, *rest = argv[1:]
        if kind == "queries":
            skip = set(filter(None, rest[2].split(","))) if len(rest) > 2 else set()
            print(json.dumps(worker_queries(Path(path), int(rest[0]), float(rest[1]), skip)))
        else:
            print(json.dumps(worker_validate(Path(path))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--validate-limit", type=float, default=600.0)
    parser.add_argument("--query-timeout", type=float, default=60.0)
    parser.add_argument("--memory-cap", type=float, default=8.0,
                        help="GB of address space a worker may use (at most half the RAM)")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    os.environ[MEMORY_CAP] = str(options.memory_cap)
    rows = []
    with tempfile.TemporaryDirectory(prefix="tipgraph-scale-") as folder:
        for factor in (int(f) for f in options.factors.split(",")):
            try:
                rows.append(measure(factor, options.runs, options.validate_limit,
                                    options.query_timeout, Path(folder)))
            except RuntimeError as error:
                print(error, file=sys.stderr)
                break
            # each size's figures as they come, so a long run that fails keeps them
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if not rows:
        return 1
    print(json.dumps(rows, indent=1) if options.json else
          table(rows, options.validate_limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
