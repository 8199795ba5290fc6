"""Time and measure the memory of validating the shipped graph, step by step.

Run: python bench/validate.py [--project DIR] [--runs N] [--json]

Steps: load the ontology and data; apply each shapes file (structure, completeness,
consistency); all three together, as `tipgraph validate` does; the completeness report;
and a one-hotline submission validated in its context, as `tipgraph validate FILE` and
/validate do. Each step runs once cold, then N times warm; the shapes' SPARQL is run
by Oxigraph, loaded with the graph on each validation; "cpu s" is the warm run's CPU
time, which other processes on the machine do not inflate.

Memory: the peak of Python allocations during the step (tracemalloc, in a separate pass,
since tracing slows everything down), and the process's peak resident size at the end
(ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from harness import traced_peak
from tipgraph.completeness import completeness
from tipgraph.load import load_files
from tipgraph.project import Project
from tipgraph.submission import context_for, judged_nodes, parse_submission
from tipgraph.validate import PURPOSES, load_shapes, validate_graph

SUBMISSION = b"""@prefix tip: <https://w3id.org/tipgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/tipgraph/id/hotline/CHL-bench> a tip:DedicatedHotline ;
    tip:country <https://w3id.org/tipgraph/id/country/CHL> ;
    tip:telephone "+56 2 2708 1000" ;
    tip:operatedBy <https://w3id.org/tipgraph/id/institution/CHL-pdi> ;
    prov:wasDerivedFrom <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/9> .
"""


def steps(project: Project):
    """(name, function) for each step; the functions share the loaded graph and shapes."""
    graph = load_files(project.graph_files())
    ontology = load_files(sorted(project.ontology_dir.glob("*.ttl")))
    shapes = load_shapes(project)

    def submission():
        parsed = parse_submission(SUBMISSION, "bench.ttl").graph
        context = context_for(parsed, graph, ontology)
        return validate_graph(context, shapes, keep=judged_nodes(parsed, context))

    table = [("load ontology and data", lambda: load_files(project.graph_files()))]
    table += [
        (f"validate: {p}", lambda p=p: validate_graph(graph, shapes.only(p))) for p in PURPOSES
    ]
    table += [
        ("validate: all shapes", lambda: validate_graph(graph, shapes)),
        ("completeness report", lambda: completeness(graph, shapes.graphs["completeness"])),
        ("validate a submission", submission),
    ]
    return graph, table


def timed(function) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU time does not count other processes)."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3, help="warm runs per step")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    args = parser.parse_args(argv)
    project = Project.discover(args.project)
    graph, table = steps(project)
    rows = []
    for name, function in table:
        cold, _ = timed(function)
        runs = [timed(function) for _ in range(args.runs)]
        rows.append(
            {
                "step": name,
                "cold_s": round(cold, 2),
                "warm_s": round(statistics.median(wall for wall, _ in runs), 2),
                "warm_cpu_s": round(statistics.median(cpu for _, cpu in runs), 2),
            }
        )
    for row, (_, function) in zip(rows, table, strict=True):
        row["peak_mb"] = round(traced_peak(function), 1)
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(
            json.dumps(
                {"triples": len(graph), "maxrss_mb": round(maxrss_mb), "steps": rows}, indent=1
            )
        )
        return 0
    print(f"{len(graph)} triples; warm = median of {args.runs} runs after the cold one")
    print(f"{'step':26s} {'cold s':>7s} {'warm s':>7s} {'cpu s':>7s} {'peak MB':>8s}")
    for row in rows:
        print(
            f"{row['step']:26s} {row['cold_s']:7.2f} {row['warm_s']:7.2f} "
            f"{row['warm_cpu_s']:7.2f} {row['peak_mb']:8.1f}"
        )
    print(f"process peak resident size: {maxrss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
