"""`tipgraph serve`: serve the current build (made first if dist/ is stale) over HTTP.

The app runs under granian, a production server with its HTTP side in Rust (WSGI
interface, one worker process, `threads` threads), never Flask's debug server: measured
against waitress and gunicorn in bench/README.md, it answers the trivial route about
1.8 times and a canned query about 2.9 times as often. Settings come from the settings
table (environment variables), then these options.

A current dist/ is served without parsing it with rdflib first: the embedded engine
bulk-loads its N-Triples, and the rdflib graph (for dumps, VoID and validation) is
parsed in the background once the worker runs.
"""

from __future__ import annotations

import threading

import click
from flask import Flask
from granian import Granian
from granian.constants import Interfaces
from granian.log import LogLevels

from tipgraph.build import Build, current
from tipgraph.catalog import project_catalog
from tipgraph.cli.common import project_of, user_errors
from tipgraph.engines import ENGINES, Engine, OxigraphEngine
from tipgraph.load import load_files
from tipgraph.settings import defaults
from tipgraph.validate import load_shapes
from tipgraph.web import create_app

PARSE_DELAY = 2.0  # seconds after the worker starts


def _embedded(build: Build, engine: str) -> Engine | None:
    """The default engine loaded straight from the build's N-Quads, else None (the app
    makes the engine the settings name)."""
    if engine != "oxigraph":
        return None
    return OxigraphEngine.from_nquads(build.nquads(), build.version)


@click.command("serve")
@click.option("--host", default=lambda: defaults()["host"], show_default="127.0.0.1",
              help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=lambda: defaults()["port"],
              show_default="8000", help="Port to listen on.")
@click.option("--engine", type=click.Choice(sorted(ENGINES)),
              default=lambda: defaults()["engine"], show_default="oxigraph",
              help="Where queries run: " + "; ".join(
                  f"{kind.name}: {kind.help}" for kind in ENGINES.values()) + ".")
@click.option("--endpoint", default=lambda: defaults()["endpoint"] or "",
              help="SPARQL endpoint URL for --engine remote.")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, engine: str, endpoint: str) -> None:
    """Serve the graph over HTTP on HOST:PORT: pages, SPARQL endpoint, query API."""
    project = project_of(ctx)
    settings = {**defaults(), "host": host, "port": port, "engine": engine,
                "endpoint": endpoint}
    with user_errors():
        build = current(project)
        app = create_app(build, settings, catalog=project_catalog(project),
                         assets=project.root / "node_modules", shapes=load_shapes(project),
                         ontology=load_files(sorted(project.ontology_dir.glob("*.ttl"))),
                         engine=_embedded(build, engine))
    click.echo(f"tipgraph {build.version} serving on http://{host}:{port}/", nl=True)
    server = Granian("tipgraph", address=host, port=port, interface=Interfaces.WSGI,
                     workers=1, blocking_threads=int(settings["threads"]),
                     log_level=LogLevels.warning)
    server.serve(target_loader=lambda _target: _in_worker(app, build))


def _in_worker(app: Flask, build: Build) -> Flask:
    """The app, handed to granian's worker process (forked from this one, so the app and
    its engine are already there); the rdflib graph is parsed there, in the background,
    a moment after the worker starts, so the first answers do not share the interpreter
    with the parse (measured: the first canned query took 0.4 s instead of 0.04 s).

    No thread is started before the fork: a lock a thread held would stay held.
    """
    parse = threading.Timer(PARSE_DELAY, lambda: build.graph)
    parse.name, parse.daemon = "parse-graph", True
    parse.start()
    return app
