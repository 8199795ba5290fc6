"""`tipgraph serve`: serve the current build (made first if dist/ is stale) over HTTP."""

from __future__ import annotations

import click
import waitress

from tipgraph.build import current
from tipgraph.cli.common import project_of, user_errors
from tipgraph.settings import defaults
from tipgraph.web import create_app


@click.command("serve")
@click.option("--host", default=lambda: defaults()["host"], show_default="127.0.0.1")
@click.option("--port", type=int, default=lambda: defaults()["port"], show_default="8000")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int) -> None:
    """Serve the graph over HTTP on HOST:PORT."""
    project = project_of(ctx)
    with user_errors():
        build = current(project)
    app = create_app(build, defaults())
    click.echo(f"tipgraph {build.version} serving on http://{host}:{port}/")
    waitress.serve(app, host=host, port=port, threads=defaults()["threads"], ident="tipgraph")
