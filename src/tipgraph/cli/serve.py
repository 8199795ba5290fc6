"""`tipgraph serve`: serve the current build (made first if dist/ is stale) over HTTP.

The app runs under waitress, a production WSGI server, never Flask's debug server.
Settings come from the settings table (environment variables), then these options.

A current dist/ is served without parsing it with rdflib first: the embedded engine
bulk-loads its N-Triples, and the rdflib graph (for dumps, VoID and validation) is
parsed in the background once the server listens.
"""

from __future__ import annotations

import threading

import click
import waitress

from tipgraph.build import Build, current
from tipgraph.catalog import project_catalog
from tipgraph.cli.common import project_of, user_errors
from tipgraph.engines import ENGINES, Engine, OxigraphEngine
from tipgraph.load import load_files
from tipgraph.settings import defaults
from tipgraph.validate import load_shapes
from tipgraph.web import create_app


def _embedded(build: Build, engine: str) -> Engine | None:
    """The default engine loaded straight from the build's N-Triples, else None (the app
    makes the engine the settings name)."""
    if engine != "oxigraph":
        return None
    return OxigraphEngine.from_ntriples(build.ntriples(), build.version)


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
    threading.Thread(target=lambda: build.graph, name="parse-graph", daemon=True).start()
    click.echo(f"tipgraph {build.version} serving on http://{host}:{port}/", nl=True)
    waitress.serve(app, host=host, port=port, threads=int(settings["threads"]),
                   ident="tipgraph", clear_untrusted_proxy_headers=True)
