"""The `tipgraph` command: thin click commands over the library's plain functions.

Exit codes: 0 success (or a graph that conforms), 1 violations found, 2 a user or input
error, reported as one line without a traceback.
"""

from __future__ import annotations

import click

from tipgraph.cli.build import build_command
from tipgraph.cli.query import publish_command, queries_command, query_command, sparql_command
from tipgraph.cli.reason import reason_command
from tipgraph.cli.serve import serve_command
from tipgraph.cli.validate import completeness_command, validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    type=click.Path(file_okay=False, exists=True),
    envvar="TIPGRAPH_PROJECT",
    help="Project folder with ontology/, data/, shapes/, queries/ (default: discovered).",
)
@click.version_option(package_name="tipgraph")
@click.pass_context
def main(ctx: click.Context, project: str | None) -> None:
    """tipgraph: the OAS trafficking-in-persons progress report as a knowledge graph."""
    ctx.obj = {"project": project}


main.add_command(build_command)
main.add_command(reason_command)
main.add_command(serve_command)
main.add_command(query_command)
main.add_command(queries_command)
main.add_command(sparql_command)
main.add_command(publish_command)
main.add_command(validate_command)
main.add_command(completeness_command)
