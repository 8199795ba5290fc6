"""`tipgraph query`, `queries`, `sparql` and `publish`: the query layer from a shell.

Each command is a thin wrapper: it opens the project's graph in the chosen engine (or
points the remote engine at an endpoint), runs one thing, and writes the result to
stdout in the chosen format. Errors are one line on stderr with exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tipgraph.build import current
from tipgraph.catalog import QuerySession, UnknownQuery, project_catalog
from tipgraph.cli.common import USER_ERROR, project_of, user_errors
from tipgraph.engines import ENGINES, make_engine
from tipgraph.namespaces import sparql_prologue
from tipgraph.params import PARAMETER_TYPES
from tipgraph.publish import GRAPH_FORMATS, PublishError, publish
from tipgraph.results import FORMATS, serialize
from tipgraph.settings import defaults


def _engine_options(command):
    """Add --engine and --endpoint, defaulting to the settings table."""
    command = click.option(
        "--endpoint", default=lambda: defaults()["endpoint"] or None,
        help="SPARQL endpoint URL for --engine remote.")(command)
    return click.option(
        "--engine", type=click.Choice(sorted(ENGINES)),
        default=lambda: defaults()["engine"], show_default="oxigraph",
        help="Where queries run: " + "; ".join(
            f"{k.name}: {k.help}" for k in ENGINES.values()) + ".")(command)


def _run_options(command):
    """Add --format, --limit and --timeout."""
    command = click.option("--timeout", type=float, default=None,
                           help="Seconds the query may run.")(command)
    command = click.option("--limit", type=click.IntRange(min=0), default=None,
                           help="Most rows to return.")(command)
    return click.option(
        "--format", "format_name", default="table", show_default=True,
        type=click.Choice([name for name in FORMATS]),
        help="Output format (table, csv, tsv, json, xml for SELECT; turtle, nt, ...).")(command)


def _session(ctx: click.Context, engine: str, endpoint: str | None) -> QuerySession:
    """Open the project's catalogue and its current build in the chosen engine."""
    project = project_of(ctx)
    build = current(project) if ENGINES[engine].needs_build else None
    return QuerySession(project_catalog(project), make_engine(engine, build, endpoint))


def _write(result, format_name: str) -> None:
    sys.stdout.buffer.write(serialize(result, format_name))
    sys.stdout.flush()


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"-p takes name=value, not {item!r}")
        pairs[name.strip()] = value
    return pairs


@click.command("query")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value; repeat for several.")
@_run_options
@_engine_options
@click.pass_context
def query_command(ctx, name, params, format_name, limit, timeout, engine, endpoint):
    """Run the canned query NAME (see `tipgraph queries`) and print its result."""
    values = _pairs(params)
    with user_errors():
        session = _session(ctx, engine, endpoint)
        try:
            result = session.run(name, values, timeout=timeout, limit=limit)
        except UnknownQuery as error:
            raise ValueError(str(error)) from None
        _write(result, format_name)


@click.command("queries")
@click.option("--format", "format_name", type=click.Choice(["table", "json"]),
              default="table", show_default=True)
@click.pass_context
def queries_command(ctx, format_name):
    """List the canned queries: name, parameters and what each answers."""
    with user_errors():
        catalog = project_catalog(project_of(ctx))
    if format_name == "json":
        click.echo(json.dumps([_describe(query) for query in catalog], indent=1,
                              ensure_ascii=False))
        return
    width = max((len(query.name) for query in catalog), default=0)
    for query in catalog:
        params = " ".join(
            f"{p.name}={p.type}{'' if p.required else '?'}" for p in query.parameters)
        click.echo(f"{query.name.ljust(width)}  {query.summary}"
                   + (f"  [{params}]" if params else ""))


def _describe(query) -> dict:
    """A catalogue entry as JSON: what a client needs to call the query."""
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "sources": [str(source) for source in query.sources],
        "chart": {"type": query.chart.type, "x": query.chart.x, "y": query.chart.y},
        "variables": list(query.variables or ()),
        "parameters": [
            {"name": p.name, "type": p.type, "required": p.required, "default": p.default,
             "enum": list(p.enumeration), "description": p.description,
             "accepts": PARAMETER_TYPES[p.type].help}
            for p in query.parameters
        ],
    }


@click.command("sparql")
@click.argument("text", required=False)
@click.option("-f", "--file", "path", type=click.Path(dir_okay=False, exists=True),
              help="Read the query from a file instead.")
@click.option("--no-prefixes", is_flag=True,
              help="Do not declare the project's prefixes (tip:, id:, src:, ...) first.")
@_run_options
@_engine_options
@click.pass_context
def sparql_command(ctx, text, path, no_prefixes, format_name, limit, timeout, engine,
                   endpoint):
    """Run a read-only SPARQL query given as TEXT or with -f FILE.

    The project's prefixes are declared before the query, so `tip:`, `id:`, `src:`
    and the usual vocabularies can be used without PREFIX lines.
    """
    if (text is None) == (path is None):
        raise click.UsageError("give the query as an argument or with -f FILE, not both")
    query = Path(path).read_text(encoding="utf-8") if path else text
    if not no_prefixes:
        query = sparql_prologue() + query
    with user_errors():
        session = _session(ctx, engine, endpoint)
        _write(session.sparql(query, timeout=timeout, limit=limit), format_name)


@click.command("publish")
@click.argument("url")
@click.option("--graph", "graph_iri", default=None,
              help="Named graph IRI to replace (default: the store's default graph).")
@click.option("--format", "format_name", type=click.Choice(sorted(GRAPH_FORMATS)),
              default="nt", show_default=True, help="Serialization to send.")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds to wait for the store.")
@click.pass_context
def publish_command(ctx, url, graph_iri, format_name, timeout):
    """Replace a graph of the store at URL (its Graph Store Protocol endpoint) with the build.

    Uses HTTP PUT (https://www.w3.org/TR/sparql11-http-rdf-update/), e.g.
    `tipgraph publish http://localhost:7878/store` for an Oxigraph server.
    """
    with user_errors():
        build = current(project_of(ctx))
        try:
            report = publish(build.graph, url, graph_iri=graph_iri, format_name=format_name,
                             timeout=timeout)
        except PublishError as error:
            click.echo(f"Error: {error}", err=True)
            raise SystemExit(USER_ERROR) from None
    click.echo(f"published {report.triples} triples (version {build.version}) to "
               f"{report.target} with HTTP {report.status}")
