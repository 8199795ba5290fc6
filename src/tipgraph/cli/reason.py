"""`tipgraph reason`: run HermiT over ontology and data and report what it infers."""

from __future__ import annotations

from collections import Counter

import click
from rdflib import RDF

from tipgraph.build import load
from tipgraph.cli.common import USER_ERROR, project_of, user_errors
from tipgraph.reason import InconsistentGraph, ReasoningError, inferred_types

INCONSISTENT = 1


@click.command("reason")
@click.option("--out", type=click.File("w"), help="Write the inferred triples (N-Triples).")
@click.pass_context
def reason_command(ctx: click.Context, out) -> None:
    """Classify countries and lines into the report's categories; fail if inconsistent.

    `tipgraph build` runs the same step and keeps the inferred types in dist/inferred.nt.
    Exit codes: 0 consistent, 1 inconsistent (the axioms involved are named), 2 error.
    """
    project = project_of(ctx)
    with user_errors():
        graph = load(project).graph
    try:
        inferred = inferred_types(graph)
    except InconsistentGraph as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(INCONSISTENT) from None
    except ReasoningError as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(USER_ERROR) from None
    for cls, count in sorted(Counter(inferred.objects(None, RDF.type)).items()):
        click.echo(f"{count:5d}  {cls.n3(graph.namespace_manager)}")
    click.echo(f"{len(inferred)} inferred types")
    if out:
        out.write(inferred.serialize(format="nt"))
