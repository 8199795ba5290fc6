"""`tipgraph build`: load every input and write the dumps to dist/."""

from __future__ import annotations

from pathlib import Path

import click

from tipgraph.build import build
from tipgraph.cli.common import project_of, user_errors


@click.command("build")
@click.option("--out", type=click.Path(file_okay=False), help="Output folder (default dist/).")
@click.pass_context
def build_command(ctx: click.Context, out: str | None) -> None:
    """Load ontology, data and shapes; write Turtle, N-Triples, JSON-LD and VoID."""
    project = project_of(ctx)
    with user_errors():
        result = build(project, Path(out) if out else None)
    click.echo(f"built {len(result.graph)} triples, version {result.version}")
