"""The query catalogue for people (/queries) and programs (/api/queries, /openapi.json).

Each canned query has a page with its summary, the report part it reproduces, a form
for its parameters, its result as a table and a chart, and links to the same result as
CSV and JSON from the query API; the API itself is described by an OpenAPI document
generated from the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import Literal

from tipgraph.catalog import CannedQuery
from tipgraph.namespaces import sparql_prologue
from tipgraph.params import ParameterError
from tipgraph.results import Result, SelectResult, serialize, short_form
from tipgraph.web import negotiate
from tipgraph.web.describe import names_of
from tipgraph.web.errors import WebError
from tipgraph.web.forms import fields
from tipgraph.web.headers import machine
from tipgraph.web.openapi import openapi_document
from tipgraph.web.site import site
from tipgraph.web.sparql import limit_headers

blueprint = Blueprint("queries", __name__)

PART_LABELS = sparql_prologue() + """
SELECT ?x ?label WHERE { ?x rdfs:label ?label FILTER(STRSTARTS(STR(?x), STR(src:))) }"""

# Suffixes of /api/queries/<name>.<suffix>, per result kind.
API_SUFFIXES: Mapping[str, Mapping[str, str]] = {
    "tabular": {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml"},
    "graph": {"json": "jsonld", "jsonld": "jsonld", "ttl": "turtle", "nt": "nt",
              "rdf": "rdfxml"},
}
API_MEDIA: Mapping[str, Mapping[str, str]] = {
    "tabular": {key: value for key, value in negotiate.TABULAR.items()
                if value != negotiate.HTML},
    "graph": negotiate.RDF_ONLY,
}
# A .json link opened in a browser should show, not download: plain JSON's type.
SUFFIX_MEDIA = {"json": "application/json"}


def part_names() -> dict:
    """Labels of the report's parts, for links to the part a query reproduces."""
    return site().memo("part-names", lambda: names_of(site().query(PART_LABELS).rows))


def request_values() -> dict[str, str]:
    """The parameter values a request sends (query string, and form fields on POST)."""
    source = request.values if request.method == "POST" else request.args
    return {key: source.get(key, "") for key in source}


def _kind(result: Result) -> str:
    return "graph" if result.kind == "graph" else "tabular"


# --- pages ---------------------------------------------------------------------------------


@blueprint.get("/queries")
def index():
    """List every canned query with its summary and the report part it reproduces."""
    return render_template("queries.html", catalog=site().catalog, names=part_names())


def chart_data(query: CannedQuery, result: Result) -> dict | None:
    """What the page's chart script draws: one bar (slice, point) per x, from y.

    Canned queries often print one row per category *and* country, repeating the
    category's count on each row; so equal (x, y) pairs count once, and different y
    values of one x add up.
    """
    chart = query.chart
    if chart.type == "table" or not isinstance(result, SelectResult) or not result.rows:
        return None
    if chart.x not in result.variables or chart.y not in result.variables:
        return None
    totals: dict[str, float] = {}
    seen = set()
    for x, y in zip(result.column(chart.x), result.column(chart.y), strict=True):
        number = y.toPython() if isinstance(y, Literal) else None
        if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
            continue
        label = short_form(x)
        if (label, number) not in seen:
            seen.add((label, number))
            totals[label] = totals.get(label, 0.0) + float(number)
    if not totals:
        return None
    return {"type": chart.type, "labels": list(totals), "values": list(totals.values()),
            "label": chart.y, "x": chart.x}


def run_for_page(query: CannedQuery, values: dict[str, str]):
    """Run the query for its page; a bad value comes back as a message, not a result."""
    missing = [p.name for p in query.parameters if p.required and p.default is None
               and not values.get(p.name)]
    if missing and not values:
        return None, None, 200
    try:
        return site().run_canned(query.name, values), None, 200
    except ParameterError as error:
        return None, error, 400


def api_links(name: str, result: Result | None, values: Mapping[str, str]):
    """Links to the same result from the API, with the same parameters."""
    if result is None:
        return []
    labels = (("JSON-LD", "jsonld"), ("Turtle", "ttl")) if result.kind == "graph" else (
        ("JSON", "json"), ("CSV", "csv"))
    query_string = urlencode({key: value for key, value in values.items() if value})
    return [(label, url_for("queries.api", target=f"{name}.{suffix}")
             + (f"?{query_string}" if query_string else "")) for label, suffix in labels]


@blueprint.get("/queries/<name>")
def page(name: str):
    """One query: its form, its result as a table and a chart, links to CSV and JSON."""
    query = site().catalog[name]
    values = request_values()
    result, error, status = run_for_page(query, values)
    body = render_template(
        "query.html", query=query, result=result, error=error,
        fields=fields(site(), query.parameters, values), names=part_names(),
        chart=chart_data(query, result) if result is not None else None,
        api_links=api_links(query.name, result, values),
        limit=site().limit)
    return Response(body, status=status, mimetype="text/html")


# --- the API -------------------------------------------------------------------------------


def api_format(kind: str, suffix: str | None) -> str:
    """The writer for an API answer: the path's suffix, else Accept; 406 otherwise."""
    if suffix is not None:
        name = API_SUFFIXES[kind].get(suffix)
        if name is None:
            raise WebError(406, f".{suffix} cannot hold this query's result; use one of: "
                                f"{', '.join('.' + s for s in API_SUFFIXES[kind])}")
        return name
    name = negotiate.choose(request.accept_mimetypes, API_MEDIA[kind])
    if name is None:
        raise WebError(406, f"this query's result can be had as: "
                            f"{negotiate.offered(API_MEDIA[kind])}")
    return name


@blueprint.route("/api/queries/<path:target>", methods=["GET", "POST"])
@machine()
def api(target: str):
    """Run a canned query with the request's parameters; answer JSON, CSV, ... ."""
    name, _, suffix = target.partition(".")
    query = site().catalog[name]
    suffix = suffix or None
    if suffix is not None and not any(suffix in table for table in API_SUFFIXES.values()):
        raise WebError(404, f"no query API path /api/queries/{target}: "
                            f"use /api/queries/{name}.json or .csv")
    result = site().run_canned(query.name, request_values())
    fmt = api_format(_kind(result), suffix)
    media = SUFFIX_MEDIA.get(suffix) if fmt == "json" else None
    response = Response(serialize(result, fmt), mimetype=media or negotiate.media_type(fmt))
    if suffix:
        response.headers["Content-Disposition"] = f'inline; filename="{name}.{suffix}"'
    response.vary.add("Accept")
    return limit_headers(response, result)


@blueprint.get("/openapi.json")
@machine()
def openapi():
    """The OpenAPI 3 description of the query API, generated from the catalogue."""
    document = openapi_document(site(), request.url_root.rstrip("/"))
    return jsonify(document)
