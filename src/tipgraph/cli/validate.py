"""`tipgraph validate` and `tipgraph completeness`: thin commands over validate.py,
submission.py and completeness.py.

Exit codes of `validate`, as pySHACL's: 0 the graph conforms, 1 it has results at or
above --severity, 2 an error (a file that cannot be read or parsed, bad shapes).
"""

from __future__ import annotations

import click

from tipgraph.cli.common import project_of, user_errors
from tipgraph.completeness import FORMATTERS, completeness
from tipgraph.load import load_files
from tipgraph.namespaces import ID
from tipgraph.settings import defaults
from tipgraph.submission import validate_submission
from tipgraph.validate import PURPOSES, SEVERITIES, Validation, load_shapes, validate_project

NOT_CONFORMING = 1

# How each --format writes a validation.
OUTPUTS = {
    "text": lambda validation: validation.report_text,
    "json": Validation.as_json,
    "turtle": lambda validation: validation.report_graph.serialize(format="turtle"),
}


def format_option(writers: dict, default: str, help: str):
    """--format: which of `writers` writes the command's answer (passed as `output`)."""
    return click.option(
        "--format",
        "output",
        type=click.Choice(list(writers)),
        default=default,
        show_default=True,
        help=help,
    )


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@format_option(OUTPUTS, "text", "Plain text, JSON, or the SHACL validation report in Turtle.")
@click.option(
    "--severity",
    type=click.Choice(list(SEVERITIES)),
    default="violation",
    show_default=True,
    help="The lowest severity that fails (exit code 1).",
)
@click.option(
    "--purpose",
    "purposes",
    multiple=True,
    type=click.Choice(PURPOSES),
    help="Apply only these shapes files (repeatable; default all).",
)
@click.pass_context
def validate_command(ctx, files, output, severity, purposes):
    """Validate the shipped graph, or FILES (a submission) with the ontology and report.

    FILES may be Turtle, N-Triples, JSON-LD or RDF/XML; they are validated together,
    with the ontology, the report's parts and the shipped nodes they refer to, and are
    never merged into the graph. Nothing is fetched while reading them.
    """
    project = project_of(ctx)
    purposes = purposes or PURPOSES
    with user_errors():
        if files:
            max_bytes = defaults()["max_body"]
            validation = validate_submission(project, files, max_bytes, purposes, severity)
        else:
            validation = validate_project(project, purposes, severity)
    click.echo(OUTPUTS[output](validation), nl=False)
    if not validation.conforms:
        raise SystemExit(NOT_CONFORMING)


@click.command("completeness")
@format_option(FORMATTERS, "table", "A text table, CSV (one row per country and item), or JSON.")
@click.option(
    "--country",
    "codes",
    multiple=True,
    metavar="CODE",
    help="Only this country, by ISO 3166 alpha-3 code (repeatable); the table then lists "
    "every item.",
)
@click.pass_context
def completeness_command(ctx, output, codes):
    """Per respondent country: each item present, missing or unknown, a score, sources."""
    project = project_of(ctx)
    with user_errors():
        graph = load_files(project.graph_files())
        shapes = load_shapes(project, ["completeness"]).graphs["completeness"]
        countries = [ID[f"country/{code.upper()}"] for code in codes] or None
        rows = completeness(graph, shapes, countries)
        if codes and not rows:
            raise ValueError(f"no respondent country with code {', '.join(codes)}")
    click.echo(FORMATTERS[output](rows, detail=bool(codes)), nl=False)
