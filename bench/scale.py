"""Grow the graph 10, 100 and 1000 times (bench/generate.py) and measure what grows with it.

Run: python bench/scale.py [--factors 10,100,1000] [--runs 5] [--validate-limit 600]
                           [--query-timeout 60] [--memory-cap 8] [--json]
     python bench/scale.py --from-json rows.json      # the table of an earlier run

For each size (rounds of the report, see bench/generate.py), each measurement in a fresh
process (so its peak memory is its own):

- load: the default engine (pyoxigraph) bulk-loads the generated N-Triples, as
  `tipgraph serve` loads dist/; time and the process's peak resident memory then
  ("load MB"); "peak MB" is the most any query worker of that size held, loaded store
  and query evaluation together;
- queries: every canned query with its default parameters through QuerySession.run (the
  API's path, with the server's result limit), the session's answer cache off: p50 of
  --runs runs after a warm-up (fewer when a run is slow); the table gives their median,
  their maximum and how many are over 100 ms. A query past --query-timeout seconds, or
  past --memory-cap GB of address space, is named and gets no p50: its worker is
  stopped (pyoxigraph cannot stop a query) and a new one goes on after it;
- validation: pySHACL with the structure shapes (what the build checks) and with all
  shapes, over an rdflib graph of the generated data, in a process stopped after
  --validate-limit seconds (a step it did not finish shows ">N", the seconds it had).
  rdflib and pySHACL hold about 2 KB per triple, so a size whose graph would not fit
  under the memory cap is not attempted and says so; its columns then give an estimate
  ("~Ne"): the growth exponent of the two largest measured sizes (at least 1, linear)
  applied from the largest, and never less than a stopped size's lower bound predicts.

The last lines say how each cost grew between sizes against the size itself: a ratio
at or under 1 is linear or better; for queries, the median over all canned queries and
the worst one. Every size's row goes to standard error as JSON as soon as it is
measured; `--from-json` prints the table of such rows (a JSON list, or one row a line).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
RDFLIB_BYTES_PER_TRIPLE = 2000
MEMORY_CAP = "TIPGRAPH_BENCH_MEMORY_CAP_GB"
QUERIES = "TIPGRAPH_BENCH_QUERIES"
SLOW_MS = 100.0
WORKER_LIMIT = 4 * 3600.0
REASONS = {"time": "past the time limit", "memory": "past the memory cap",
           "worker": "its worker was stopped after the worker limit"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def limit_memory(gigabytes: float) -> None:
    """Cap this process's address space (at most half the machine's memory), so a query
    that grows without bound fails here instead of starving the machine."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cap = int(min(memory / 2, gigabytes * 2**30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def catalog():
    """The canned queries: those copied when the run started (QUERIES names the copy),
    so every size times the same texts even if queries/ changes meanwhile."""
    from tipgraph.catalog import load_catalog, project_catalog
    from tipgraph.project import Project

    if os.environ.get(QUERIES):
        return load_catalog(Path(os.environ[QUERIES]))
    return project_catalog(Project.discover())


def code_state() -> str:
    """The commit measured, and which of the measured folders differ from it."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True,
                                  text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = sorted({line[3:].split("/")[0] for line in
                      git("status", "--porcelain", "--", "queries", "src", "shapes",
                          "data", "ontology").splitlines()})
    return commit + (f" with changes in {', '.join(changed)}" if changed else "")


def worker_queries(path: Path, runs: int, timeout: float, skip: set[str]) -> dict:
    """Load the file into pyoxigraph and time the canned queries not in `skip` (a worker).

    A JSON line goes out after the load and after each query (name, p50, resident
    memory), so a worker that dies leaves word of where. A query past `timeout` ends
    the worker (exit 3): pyoxigraph cannot stop it, and it would go on using the machine
    while the next queries are timed.
    """
    import pyoxigraph as ox

    from tipgraph.catalog import QuerySession
    from tipgraph.engines import OxigraphEngine, QueryTimeout
    from tipgraph.settings import defaults

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    print(json.dumps({"triples": len(store), "load_s": time.perf_counter() - started,
                      "load_rss_mb": _rss_mb(), "load_peak_mb": _peak_mb()}), flush=True)
    session = QuerySession(catalog(),
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
    return {"peak_rss_mb": _peak_mb()}


def measure_queries(path: Path, runs: int, timeout: float) -> dict:
    """Run query workers until every canned query has a p50 or a reason it has none:
    past the time limit, past the memory limit (the worker died in it), or in a worker
    stopped after WORKER_LIMIT seconds."""
    names = catalog().names()
    row: dict = {"p50_ms": {}, "over": {}, "peak_rss_mb": 0.0}
    for _ in range(len(names) + 1):
        done = set(row["p50_ms"])
        if len(done) == len(names):
            break
        lines, status = run_worker(["--worker", "queries", str(path), str(runs),
                                    str(timeout), ",".join(sorted(done))], WORKER_LIMIT)
        for line in lines:
            if "load_s" in line and "load_s" not in row:
                row.update(line)
            elif "query" in line:
                row["p50_ms"][line["query"]] = line["p50_ms"]
                if line.get("over"):
                    row["over"][line["query"]] = line["over"]
            row["peak_rss_mb"] = max(row["peak_rss_mb"], line.get("rss_mb", 0.0),
                                     line.get("peak_rss_mb", 0.0), line.get("load_peak_mb", 0.0))
        if "load_s" not in row:
            raise RuntimeError(f"the data did not load: {lines[-1:] or 'no output'}")
        last = next((line for line in reversed(lines) if "query" in line), {})
        if status != "finished" and not last.get("over"):
            culprit = next(n for n in names if n not in row["p50_ms"])
            row["p50_ms"][culprit] = None
            row["over"][culprit] = "memory" if status == "failed" else "worker"
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
        validation = validate_graph(graph, chosen)
        figures[label] = time.perf_counter() - started
        figures[label.replace("_s", "_results")] = validation.counts()
        print(json.dumps(figures), flush=True)
    figures["peak_rss_mb"] = _peak_mb()
    return figures


def run_worker(args: list[str], limit: float) -> tuple[list[dict], str]:
    """Run this script as a worker; return its JSON lines and how it ended: "finished",
    "failed" (an error, or killed by the kernel) or "stopped" (after `limit` seconds).
    The last line gets the end of its error output under "error" unless it finished."""
    with tempfile.TemporaryFile("w+") as output, tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([sys.executable, __file__, *args], stdout=output,
                                   stderr=errors, start_new_session=True)
        try:
            process.wait(timeout=limit)
            status = "finished" if process.returncode == 0 else "failed"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            status = "stopped"
        output.seek(0)
        lines = [json.loads(line) for line in output.read().splitlines()
                 if line.startswith("{")]
        if status != "finished":
            errors.seek(0)
            error = (errors.read().strip().splitlines() or [f"exit {process.returncode}"])
            lines.append({"error": error[-1][-300:]})
    return lines, status


def memory_cap_bytes() -> int:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(min(memory / 2, float(os.environ.get(MEMORY_CAP, "8")) * 2**30))


def measure(factor: int, runs: int, validate_limit: float, query_timeout: float,
            folder: Path) -> dict:
    path = folder / f"x{factor}.nt"
    started = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--factor", str(factor),
                    "--out", str(path)], check=True, capture_output=True, timeout=3600)
    row = {"factor": factor, "generate_s": time.perf_counter() - started,
           "load_average": os.getloadavg()[0],
           **measure_queries(path, runs, query_timeout)}
    need = row["triples"] * RDFLIB_BYTES_PER_TRIPLE
    if need > memory_cap_bytes():
        row["validation"] = {"skipped": f"the rdflib graph would take some {need / 2**30:.0f}"
                                        f" GB, over the {memory_cap_bytes() / 2**30:.0f} GB cap"}
    else:
        lines, status = run_worker(["--worker", "validate", str(path)], validate_limit)
        figures = [line for line in lines if "parse_s" in line]
        row["validation"] = {**(figures[-1] if figures else {}), "status": status,
                             "error": lines[-1].get("error") if status != "finished" else None}
    path.unlink()
    return row


def _fmt(value, digits=1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def validation_cells(rows: list[dict], validate_limit: float) -> list[tuple[str, str]]:
    """Each size's structure and all-shapes validation time, as table cells: measured
    ("12.3"), a lower bound where the worker was stopped at the limit (">540"), or an
    estimate where it was not run ("~1800e"), made from the two largest measured sizes:
    their growth exponent (at least 1, linear), applied from the largest of them."""
    cells = []
    for row in rows:
        valid, pair = row["validation"], []
        spent = valid.get("parse_s", 0.0)
        for key in ("structure_s", "all_s"):
            value = valid.get(key)
            if value is not None:
                pair.append(f"{value:.1f}")
                spent += value
            elif valid.get("status") == "stopped" and not any(c.startswith(">") for c in pair):
                pair.append(f">{validate_limit - spent:.0f}")
            elif "skipped" in valid:
                pair.append(_estimate(rows, row["triples"], key, validate_limit))
            else:
                pair.append("-")
        cells.append((pair[0], pair[1]))
    return cells


def _estimate(rows: list[dict], triples: int, key: str, validate_limit: float) -> str:
    measured = [(r["triples"], r["validation"][key]) for r in rows
                if r["validation"].get(key) is not None]
    if not measured:
        return "-"
    (n1, t1), (n2, t2) = measured[-2:] if len(measured) > 1 else (measured[-1],) * 2
    exponent = max(1.0, math.log(t2 / t1) / math.log(n2 / n1)) if n2 > n1 else 1.0
    estimate, mark = t2 * (triples / n2) ** exponent, "~"
    # a larger size stopped at the limit took at least that: never estimate less, and
    # say the estimate is then a lower bound
    for row in rows:
        valid = row["validation"]
        if valid.get("status") == "stopped" and valid.get(key) is None and row["triples"] > n2:
            spent = valid.get("parse_s", 0.0) + (valid.get("structure_s") or 0.0
                                                  if key == "all_s" else 0.0)
            floor = (validate_limit - spent) * triples / row["triples"]
            if floor > estimate:
                estimate, mark = floor, ">"
    return f"{mark}{estimate:.0f}e"


def _growth(before: float | None, after: float | None, size: float) -> str:
    if not before or after is None:
        return "-"
    return f"{after / before / size:.2f}"


def table(rows: list[dict], validate_limit: float) -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    loads = ", ".join(f"{row['factor']}x {row.get('load_average', 0):.1f}" for row in rows)
    lines = [f"{os.cpu_count()} cores, {memory:.0f} GB; load average at the start of each "
             f"size: {loads}",
             f"code: {rows[0].get('code', 'not recorded')} (queries as they were at the start)",
             "",
             f"{'size':>6}{'triples':>12}{'load s':>8}{'load MB':>9}{'peak MB':>9}"
             f"{'q p50 med':>10}{'q p50 max':>10}{'>100ms':>7}{'no p50':>7}"
             f"{'struct s':>10}{'all s':>10}"]
    lines.append("-" * len(lines[-1]))
    for row, (struct, full) in zip(rows, validation_cells(rows, validate_limit), strict=True):
        p50s = [v for v in row["p50_ms"].values() if v is not None]
        failed = sum(v is None for v in row["p50_ms"].values())
        lines.append(
            f"{row['factor']:>5}x{row['triples']:>12}{row['load_s']:>8.2f}"
            f"{row.get('load_peak_mb', 0):>9.0f}{row['peak_rss_mb']:>9.0f}"
            f"{statistics.median(p50s) if p50s else float('nan'):>10.2f}"
            f"{max(p50s, default=float('nan')):>10.1f}"
            f"{sum(v > SLOW_MS for v in p50s):>7}{failed:>7}{struct:>10}{full:>10}")
    lines.append("")
    lines.append(f"validation: >N stopped at the {validate_limit:g} s limit (the step had N s "
                 "left); ~Ne an estimate for a size not run (rdflib would not fit the cap), "
                 ">Ne a lower bound from a smaller size that did not finish")
    for row in rows:
        valid = row["validation"]
        if valid.get("skipped"):
            lines.append(f"  {row['factor']}x: not run: {valid['skipped']}")
        elif valid.get("all_results"):
            lines.append(f"  {row['factor']}x: all shapes' results " + ", ".join(
                f"{count} {severity}" for severity, count in valid["all_results"].items()))
        if valid.get("status") == "failed":
            lines.append(f"  {row['factor']}x: the validation failed: {valid.get('error')}")
    lines.append("")
    lines.append("growth of cost against growth of size (<= 1: linear or better):")
    for before, after in zip(rows, rows[1:], strict=False):
        size = after["triples"] / before["triples"]
        shared = [n for n, v in after["p50_ms"].items()
                  if v is not None and before["p50_ms"].get(n)]
        ratios = {n: after["p50_ms"][n] / before["p50_ms"][n] / size for n in shared}
        worst = max(ratios, key=ratios.get) if ratios else None
        valid_before, valid_after = before["validation"], after["validation"]
        lines.append(
            f"  {before['factor']}x -> {after['factor']}x ({size:.1f}x the triples): "
            f"load time {_growth(before['load_s'], after['load_s'], size)}, "
            f"load memory {_growth(before.get('load_peak_mb'), after.get('load_peak_mb'), size)}"
            f", peak memory {_growth(before['peak_rss_mb'], after['peak_rss_mb'], size)}, "
            f"query p50 median "
            f"{statistics.median(ratios.values()) if ratios else float('nan'):.2f}"
            f" max {ratios.get(worst, float('nan')):.2f} ({worst}), validation structure "
            f"{_growth(valid_before.get('structure_s'), valid_after.get('structure_s'), size)}"
            f" all {_growth(valid_before.get('all_s'), valid_after.get('all_s'), size)}")
    for row in rows:
        if row["over"]:
            lines.append(f"at {row['factor']}x, no p50: " + ", ".join(
                f"{name} ({REASONS[why]})" for name, why in row["over"].items()))
    last = rows[-1]
    worst = {n: v for n, v in last["p50_ms"].items() if v is not None}
    slow = sorted(((n, v) for n, v in worst.items() if v > SLOW_MS), key=lambda item: -item[1])
    lines.append("")
    lines.append(f"canned queries over {SLOW_MS:g} ms at {last['factor']}x (p50 ms): "
                 + (", ".join(f"{n} {v:.0f}" for n, v in slow) or "none"))
    if len(rows) > 1:
        first = rows[0]
        size = last["triples"] / first["triples"]
        flat = [n for n, v in worst.items()
                if first["p50_ms"].get(n) and v / first["p50_ms"][n] < size ** 0.5]
        lines.append(f"{len(flat)} of {len(last['p50_ms'])} canned queries grew less than "
                     f"the square root of the size from {first['factor']}x to "
                     f"{last['factor']}x (they read one round's data)")
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
    parser.add_argument("--from-json", type=Path,
                        help="print the table of rows saved by an earlier run")
    options = parser.parse_args(argv)
    if options.from_json:
        text = options.from_json.read_text()
        rows = (json.loads(text) if text.lstrip().startswith("[") else
                [json.loads(line) for line in text.splitlines() if line.startswith("{")])
        print(table(rows, options.validate_limit))
        return 0
    os.environ[MEMORY_CAP] = str(options.memory_cap)
    rows = []
    state = code_state()
    with tempfile.TemporaryDirectory(prefix="tipgraph-scale-") as folder:
        from tipgraph.project import Project

        os.environ[QUERIES] = str(Path(folder) / "queries")
        shutil.copytree(Project.discover().queries_dir, os.environ[QUERIES])
        for factor in (int(f) for f in options.factors.split(",")):
            try:
                rows.append(measure(factor, options.runs, options.validate_limit,
                                    options.query_timeout, Path(folder)))
            except RuntimeError as error:
                print(error, file=sys.stderr)
                break
            rows[-1]["code"] = state
            # each size's figures as they come, so a long run that fails keeps them
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if not rows:
        return 1
    print(json.dumps(rows, indent=1) if options.json else
          table(rows, options.validate_limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
