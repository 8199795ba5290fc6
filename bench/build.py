"""Time each build step (load, reason, validate, dump) and its peak memory; then the build.

Run: python bench/build.py [--project DIR] [--repeat N] [--json]

Steps, as `tipgraph build` runs them (src/tipgraph/build.py):

- load: parse ontology and data (and check the shapes parse);
- canonical labels: relabel the ontology's blank nodes;
- reasoning key: hash what HermiT would see, to find an earlier answer;
- reason (HermiT): the reasoner itself, in a Java child process;
- reason (reused): the earlier answer read back from dist/ when the key matches;
- validate (structure): the structure shapes the build checks; the build runs this and
  HermiT at the same time;
- validate (all shapes): every shapes file, as `tipgraph validate` does (not part of the
  build, for comparison);
- dump: Turtle, N-Triples, JSON-LD, inferred types and VoID.

For each step: the median wall-clock seconds of N runs, the CPU seconds of this process
and of its children (HermiT's JVM), which a busy machine does not inflate, and the peak
of Python allocations (tracemalloc, in a separate pass, since tracing slows everything).
Then the whole `tipgraph build` as a user runs it (a fresh process, imports included):
into an empty folder (HermiT runs) and again (its answer reused); its peak resident
memory, children included; and its exit status (1: the data breaks a structure shape).
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

from harness import traced_peak
from tipgraph.build import (
    Build,
    canonical,
    load,
    reasoning_key,
    reused_inferred,
    write_dumps,
)
from tipgraph.project import Project
from tipgraph.reason import inferred_types
from tipgraph.validate import load_shapes, validate_graph

TARGET_S = 5.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(function) -> tuple[object, float, float, float]:
    """Result, wall seconds, own CPU seconds and children's CPU seconds of one call."""
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = function()
    return (result, time.perf_counter() - wall, time.process_time() - cpu,
            _children_cpu() - children)


def steps(project: Project, folder: Path):
    """(name, function) for each step; each function makes what the next one needs."""
    state: dict[str, object] = {}
    shapes = load_shapes(project)

    def loaded():
        state["build"] = load(project)

    def labelled():
        state["build"] = canonical(state["build"])

    def key():
        state["key"] = reasoning_key(state["build"].graph)

    def hermit():
        state["inferred"] = inferred_types(state["build"].graph)

    def dump():
        build = state["build"]
        graph = build.graph + state["inferred"]
        result = Build(graph, build.version, state["inferred"], canonical=True)
        with tempfile.TemporaryDirectory() as out:
            write_dumps(result, Path(out))
            (Path(out) / "REASONING").write_text(state["key"])
            for name in ("inferred.nt", "REASONING"):
                (folder / name).write_bytes((Path(out) / name).read_bytes())

    return [
        ("load", loaded),
        ("canonical labels", labelled),  # relabels the graph "load" just made
        ("reasoning key", key),
        ("reason (HermiT)", hermit),
        ("validate (structure)",
         lambda: validate_graph(state["build"].graph, shapes.only("structure"))),
        ("validate (all shapes)", lambda: validate_graph(state["build"].graph, shapes)),
        ("dump", dump),
        ("reason (reused)", lambda: reused_inferred(folder, state["key"])),
    ]


def measure_steps(project: Project, repeat: int) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            for name, step in steps(project, Path(folder)):
                _, wall, cpu, children = timed(step)
                row = figures.setdefault(name, {"wall": [], "cpu": [], "children": []})
                row["wall"].append(wall)
                row["cpu"].append(cpu)
                row["children"].append(children)
        peaks = {name: traced_peak(step) for name, step in steps(project, Path(folder))}
    return {name: {"wall_s": statistics.median(row["wall"]),
                   "cpu_s": statistics.median(row["cpu"]),
                   "children_cpu_s": statistics.median(row["children"]),
                   "peak_mb": peaks[name]} for name, row in figures.items()}


def measure_command(project: Project) -> dict[str, dict[str, float]]:
    """`tipgraph build` in a fresh process: into an empty folder, then again."""
    runs = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "dist"
        for name in ("build, HermiT runs", "build, reasoning reused"):
            script = ("import resource, subprocess, sys, time\n"
                      "t = time.perf_counter()\n"
                      "code = subprocess.run(sys.argv[1:]).returncode\n"
                      "own = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
                      "print(time.perf_counter() - t, own / 1024, code)\n")
            command = [sys.executable, "-m", "tipgraph", "--project", str(project.root),
                       "build", "--out", str(out)]
            output = subprocess.run([sys.executable, "-c", script, *command],
                                    capture_output=True, text=True, timeout=600).stdout
            seconds, peak, code = output.split()[-3:]
            runs[name] = {"wall_s": float(seconds), "peak_rss_mb": float(peak),
                          "exit": int(code)}
    return runs


def table(steps_figures: dict, commands: dict) -> str:
    lines = [f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", "",
             f"{'step':<24}{'wall s':>8}{'cpu s':>8}{'java cpu s':>11}{'peak MB':>9}"]
    lines.append("-" * len(lines[-1]))
    for name, row in steps_figures.items():
        lines.append(f"{name:<24}{row['wall_s']:>8.3f}{row['cpu_s']:>8.3f}"
                     f"{row['children_cpu_s']:>11.3f}{row['peak_mb']:>9.1f}")
    lines += ["", f"{'tipgraph build':<28}{'wall s':>8}{'peak RSS MB':>13}{'exit':>6}  target"]
    lines.append("-" * len(lines[-1]))
    for name, row in commands.items():
        verdict = "met" if row["wall_s"] <= TARGET_S else "missed"
        lines.append(f"{name:<28}{row['wall_s']:>8.2f}{row['peak_rss_mb']:>13.0f}"
                     f"{row['exit']:>6}  <= {TARGET_S:g} s {verdict}")
    if any(row["exit"] for row in commands.values()):
        lines.append("exit 1: the data breaks a structure shape (tipgraph validate lists them)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    project = Project.discover(options.project)
    figures = measure_steps(project, options.repeat)
    commands = measure_command(project)
    if options.json:
        print(json.dumps({"steps": figures, "build": commands}, indent=1))
    else:
        print(table(figures, commands))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
