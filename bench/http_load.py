"""Load tipgraph's HTTP server with wrk beside an Oxigraph server with the same dump.

Run: python bench/http_load.py [--seconds 10] [--connections 8] [--threads 2]
                          [--query member-states] [--json]

Needs Debian's wrk (`apt-get install -y wrk`) and the `oxigraph` command (PyPI package
`oxigraph`, installed by `pip install -e '.[test]'`). In one run, on 127.0.0.1 only:

- tipgraph as `tipgraph serve` runs it (granian, response cache and canned-query cache
  on), timed from its start to its first answer;
- the same app with both caches off (bench/wsgi_app.py --no-cache), so every request
  runs its query: what a cache miss costs;
- Oxigraph's server over the same dist/tipgraph.nt, twice: in memory (`oxigraph
  serve`, the graph POSTed to its store), as tipgraph holds it, and on disk (`oxigraph
  load` then `oxigraph serve-read-only`, RocksDB), as Oxigraph is usually deployed. The
  ratios are taken against the faster of the two.

Targets, each loaded for --seconds with --connections connections:

- ceiling: tipgraph's /healthz, the cheapest route through the same server;
- canned: a canned query through the query API, and the same SPARQL text (parameters
  bound as the API binds them) on Oxigraph's /query;
- ad-hoc: a SELECT on /sparql and on Oxigraph's /query, every request's text made
  unique by a comment with a counter, so no cache can answer it;
- country page: /country/ARG.

Prints a table of successful answers per second (a 503 from a full query pool is not
one), p50/p99 latency and failures, then the ratios the issue's targets are stated in.
Every process started here is stopped by its process id.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from harness import Load, free_port, load_context, load_options, post, serve, warm, wrk
from tipgraph.build import current
from tipgraph.catalog import QuerySession, project_catalog
from tipgraph.engines import OxigraphEngine, syntax
from tipgraph.namespaces import sparql_prologue
from tipgraph.project import Project

HERE = Path(__file__).parent
JSON = {"Accept": "application/sparql-results+json"}
HTML = {"Accept": "text/html"}
AD_HOC = sparql_prologue() + """SELECT ?country ?label (COUNT(?fact) AS ?facts) WHERE {
  ?country a tip:Country ; rdfs:label ?label . FILTER(LANGMATCHES(LANG(?label), "en"))
  ?fact tip:country ?country .
} GROUP BY ?country ?label ORDER BY DESC(?facts) ?label"""
TARGETS = {"canned": 1.0, "canned/ceiling": 0.7, "ad-hoc": 0.5, "start": 1.0}


def canned_text(project: Project, build, name: str) -> str:
    """The SPARQL a canned query runs with its default parameters, as the API binds them."""
    engine = OxigraphEngine.from_nquads(build.nquads(), build.version)
    session = QuerySession(project_catalog(project), engine)
    return syntax.with_values(session.catalog[name].text, session.bindings(name, {}))


def sparql_url(base: str, path: str, query: str) -> str:
    return f"{base}{path}?{urllib.parse.urlencode({'query': query})}"


def run(project: Project, name: str, seconds: float, connections: int,
        threads: int) -> tuple[dict[str, Load], float]:
    """Start the three servers, load each target, stop them; return the loads."""
    if shutil.which("oxigraph") is None:
        raise SystemExit("the oxigraph command is missing: pip install oxigraph")
    build = current(project)
    canned = canned_text(project, build, name)
    api = f"/api/queries/{name}.json"
    load = {"seconds": seconds, "connections": connections, "threads": threads}
    loads: dict[str, Load] = {}
    env = {"TIPGRAPH_PROJECT": str(project.root)}
    ports = [free_port() for _ in range(4)]
    ask = "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    dump = project.dist_dir / "tipgraph.nt"
    with tempfile.TemporaryDirectory(prefix="tipgraph-oxigraph-") as store:
        subprocess.run(["oxigraph", "load", "--location", store, "--file", str(dump)],
                       check=True, capture_output=True, timeout=600)
        with serve("tipgraph", [sys.executable, "-m", "tipgraph", "serve", "--port",
                                str(ports[0])], ports[0], api, env=env) as tip, \
             serve("tipgraph without caches",
                   [sys.executable, str(HERE / "wsgi_app.py"), "--port", str(ports[1]),
                    "--no-cache"], ports[1], api, env=env) as raw, \
             serve("oxigraph in memory", ["oxigraph", "serve", "--bind",
                                          f"127.0.0.1:{ports[2]}"], ports[2], ask,
                   JSON) as memory, \
             serve("oxigraph on disk", ["oxigraph", "serve-read-only", "--location", store,
                                        "--bind", f"127.0.0.1:{ports[3]}"], ports[3], ask,
                   JSON) as disk:
            post(memory.base + "/store?default", dump.read_bytes(), "application/n-triples")
            cases = [
                ("ceiling", "tipgraph", tip.base + "/healthz", {}, False),
                ("canned", "tipgraph", tip.base + api, {}, False),
                ("canned", "tipgraph, no cache", raw.base + api, {}, False),
                ("canned", "oxigraph, memory", sparql_url(memory.base, "/query", canned),
                 JSON, False),
                ("canned", "oxigraph, disk", sparql_url(disk.base, "/query", canned),
                 JSON, False),
                ("ad-hoc", "tipgraph", sparql_url(tip.base, "/sparql", AD_HOC), JSON, True),
                ("ad-hoc", "oxigraph, memory", sparql_url(memory.base, "/query", AD_HOC),
                 JSON, True),
                ("ad-hoc", "oxigraph, disk", sparql_url(disk.base, "/query", AD_HOC),
                 JSON, True),
                ("country page", "tipgraph", tip.base + "/country/ARG", HTML, False),
                ("country page", "tipgraph, no cache", raw.base + "/country/ARG", HTML, False),
            ]
            for target, server, url, headers, unique in cases:
                warm(url, headers)  # then a short load, so pools of workers fill up
                wrk(url, headers=headers, unique_query=unique, **{**load, "seconds": 2})
                loads[f"{target} | {server}"] = wrk(url, headers=headers,
                                                    unique_query=unique, **load)
            started_in = tip.started_in
    return loads, started_in


def ratios(loads: dict[str, Load], started_in: float) -> list[tuple[str, float, str]]:
    """The issue's comparisons: (what, value, target)."""
    rate = {key: load.ok_per_s for key, load in loads.items()}
    for target in ("canned", "ad-hoc"):
        rate[f"{target} | oxigraph"] = max(rate[f"{target} | oxigraph, memory"],
                                           rate[f"{target} | oxigraph, disk"])
    ceiling = rate["ceiling | tipgraph"]
    return [
        ("canned: tipgraph / oxigraph", rate["canned | tipgraph"] / rate["canned | oxigraph"],
         ">= 1.0"),
        ("canned: tipgraph, no cache / oxigraph",
         rate["canned | tipgraph, no cache"] / rate["canned | oxigraph"], "(>= 1.0)"),
        ("canned: tipgraph / ceiling", rate["canned | tipgraph"] / ceiling, ">= 0.7"),
        ("canned: tipgraph, no cache / ceiling", rate["canned | tipgraph, no cache"] / ceiling,
         "(>= 0.7)"),
        ("ad-hoc: tipgraph / oxigraph", rate["ad-hoc | tipgraph"] / rate["ad-hoc | oxigraph"],
         ">= 0.5"),
        ("country page: tipgraph / ceiling", rate["country page | tipgraph"] / ceiling, ""),
        ("country page: tipgraph, no cache / ceiling",
         rate["country page | tipgraph, no cache"] / ceiling, ""),
        ("start to first answer, s", started_in, "<= 1.0"),
    ]


def met(value: float, target: str) -> str:
    if not target:
        return ""
    bound = float(target.strip("()<>= "))
    ok = value >= bound if ">=" in target else value <= bound
    return "met" if ok else "missed"


def table(loads: dict[str, Load], started_in: float, context: str) -> str:
    lines = [context, "",
             f"{'target':<14}{'server':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"]
    lines.append("-" * len(lines[-1]))
    for key, load in loads.items():
        target, server = key.split(" | ")
        lines.append(f"{target:<14}{server:<22}{load.ok_per_s:>9.0f}"
                     f"{load.p50_ms:>9.2f}{load.p99_ms:>9.2f}{load.errors:>8}")
    lines += ["", f"{'ratio':<44}{'value':>8}  {'target':<9}"]
    lines.append("-" * len(lines[-1]))
    for what, value, target in ratios(loads, started_in):
        lines.append(f"{what:<44}{value:>8.2f}  {target:<9}{met(value, target)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    options = load_options(__doc__.splitlines()[0]).parse_args(argv)
    project = Project.discover(options.project)
    loads, started_in = run(project, options.query, options.seconds, options.connections,
                            options.threads)
    if options.json:
        print(json.dumps({"loads": {k: {**vars(v), "ok_per_s": v.ok_per_s}
                                    for k, v in loads.items()},
                          "start_s": started_in}, indent=1))
        return 0
    context = load_context(options)
    print(table(loads, started_in, context))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
