"""Compare WSGI servers under the same app: the trivial route and a canned query, with wrk.

Run: python bench/wsgi_servers.py [--seconds 10] [--connections 8] [--threads 2]
                                  [--query member-states] [--json]

Each server serves bench/wsgi_app.py's app (the app `tipgraph serve` makes, caches on)
on 127.0.0.1; gunicorn and granian are skipped if they are not installed
(`pip install -e '.[bench]'` installs both). Needs Debian's wrk. Candidates:

- waitress, 8 threads (what `tipgraph serve` ran before this comparison chose granian);
- gunicorn with the gthread worker: one process of 8 threads, and two of 4;
- granian (Rust HTTP, WSGI interface): one process with 8 blocking threads, and two
  with 4.

A second process holds a second copy of the graph, and of the caches.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from harness import Load, free_port, load_context, load_options, serve, warm, wrk
from tipgraph.project import Project

HERE = Path(__file__).parent


def candidates(port: int) -> dict[str, list[str]]:
    """How to start each server on `port`, from the bench folder."""
    bind = f"127.0.0.1:{port}"
    table = {"waitress, 8 threads": [sys.executable, str(HERE / "wsgi_app.py"), "--port",
                                     str(port), "--threads", "8", "--server", "waitress"]}
    if shutil.which("gunicorn"):
        for workers, threads in ((1, 8), (2, 4)):
            table[f"gunicorn gthread, {workers}x{threads}"] = [
                "gunicorn", "--chdir", str(HERE), "-k", "gthread", "-w", str(workers),
                "--threads", str(threads), "-b", bind, "--log-level", "warning",
                "wsgi_app:make_app()"]
    if shutil.which("granian"):
        for workers, threads in ((1, 8), (2, 4)):
            table[f"granian wsgi, {workers}x{threads}"] = [
                "granian", "--interface", "wsgi", "--factory", "--working-dir", str(HERE),
                "--workers", str(workers), "--blocking-threads", str(threads), "--host",
                "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level",
                "warning", "wsgi_app:make_app"]
    return table


def run(project: Project, query: str, seconds: float, connections: int,
        threads: int) -> dict[str, dict[str, Load]]:
    api = f"/api/queries/{query}.json"
    env = {"TIPGRAPH_PROJECT": str(project.root)}
    results: dict[str, dict[str, Load]] = {}
    for name in candidates(0):
        port = free_port()
        with serve(name, candidates(port)[name], port, api, env=env, cwd=HERE) as server:
            results[name] = {}
            for route in ("/healthz", api):
                url = server.base + route
                warm(url)
                wrk(url, seconds=2, connections=connections, threads=threads)
                results[name][route] = wrk(url, seconds=seconds, connections=connections,
                                           threads=threads)
    return results


def table(results: dict[str, dict[str, Load]], query: str, context: str) -> str:
    api = f"/api/queries/{query}.json"
    lines = [context, "",
             f"{'server':<26}{'trivial req/s':>14}{'p50 ms':>8}{'p99 ms':>8}"
             f"{'canned req/s':>14}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}"]
    lines.append("-" * len(lines[-1]))
    for name, loads in results.items():
        trivial, canned = loads["/healthz"], loads[api]
        lines.append(f"{name:<26}{trivial.ok_per_s:>14.0f}{trivial.p50_ms:>8.2f}"
                     f"{trivial.p99_ms:>8.2f}{canned.ok_per_s:>14.0f}{canned.p50_ms:>8.2f}"
                     f"{canned.p99_ms:>8.2f}{trivial.errors + canned.errors:>8}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    options = load_options(__doc__.splitlines()[0]).parse_args(argv)
    project = Project.discover(options.project)
    results = run(project, options.query, options.seconds, options.connections,
                  options.threads)
    if options.json:
        print(json.dumps({name: {route: vars(load) for route, load in loads.items()}
                          for name, loads in results.items()}, indent=1))
        return 0
    context = load_context(options) + " (answer cache on)"
    print(table(results, options.query, context))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
