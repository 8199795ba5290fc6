"""The SPARQL 1.1 Protocol endpoint (queries only) and its service description.

https://www.w3.org/TR/sparql11-protocol/#query-operation: a query comes by GET, by POST
form-encoded, or by POST as the body (application/sparql-query); the dataset is the
union of every graph as the default graph, with each report part's graph (and the
ontology's, the concepts', the countries', the inferred types') named, unless the request
names graphs of its own (https://www.w3.org/TR/sparql11-protocol/#dataset); the answer's
format follows Accept, or the `format`,
`output` and `results` words that SPARQL clients send. Every query passes
tipgraph.guard.check_query first and runs under the time and result limits, in a worker
process (tipgraph.engines.workers) that is stopped when the query runs out of time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from tipgraph.engines import Engine, QueryDataset, syntax
from tipgraph.engines.workers import isolate
from tipgraph.namespaces import BASE, bind_prefixes
from tipgraph.results import GraphResult, Result, Written, serialize
from tipgraph.void import DATASET, SD, graph_subset
from tipgraph.web import negotiate
from tipgraph.web.errors import WebError
from tipgraph.web.headers import machine
from tipgraph.web.site import site

blueprint = Blueprint("sparql", __name__)

FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
DEFAULT_GRAPH = URIRef(BASE + "graph")
# The names of the default graph, the union: in default-graph-uri they mean the union.
DEFAULT_GRAPH_NAMES = frozenset({str(DEFAULT_GRAPH), str(DATASET)})
# What each dataset parameter may name besides the named graphs.
DATASET_PARAMETERS = {"default-graph-uri": DEFAULT_GRAPH_NAMES,
                      "named-graph-uri": frozenset()}

# https://www.w3.org/ns/formats/ names for sd:resultFormat.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
FORMAT_WORDS = ("format", "output", "results")
KIND_OF_FORM = {"SELECT": "tabular", "ASK": "tabular", "CONSTRUCT": "graph",
                "DESCRIBE": "graph"}
TABLES = {"tabular": negotiate.TABULAR, "graph": negotiate.GRAPH}
UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only"


@dataclass(frozen=True)
class ProtocolRequest:
    """What a protocol request asks: the query (None: describe the service), the
    dataset it names, and any format words."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format_words: tuple[str, ...]


# --- parse ---------------------------------------------------------------------------------


def _single(values: Sequence[str]) -> str | None:
    if len(values) > 1:
        raise WebError(400, "send one query per request; this one has several `query` values")
    return values[0] if values else None


def _body_text() -> str:
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise WebError(400, "the request body is not UTF-8 text") from None


def check_size(query: str | None) -> None:
    """Hold a query in the URL to the same limit as one in a body (setting max_body)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if query is not None and limit is not None and len(query.encode("utf-8", "replace")) > limit:
        raise WebError(413, f"the query is longer than the limit of {limit} bytes "
                            "(the server's setting max_body, TIPGRAPH_MAX_BODY)")


def parse_request() -> ProtocolRequest:
    """Read a GET or POST protocol request; refuse updates and unknown body types."""
    params = request.values if request.method == "POST" else request.args
    if "update" in params:
        raise WebError(400, UPDATE_REFUSED)
    query = _single(request.args.getlist("query"))
    if request.method == "POST":
        content_type = request.mimetype
        if content_type == UPDATE_BODY:
            raise WebError(400, UPDATE_REFUSED)
        if content_type == QUERY_BODY:
            if query is not None:
                raise WebError(400, "a query sent as the body must not also be in the URL")
            query = _body_text()
        elif content_type in (FORM, "multipart/form-data"):
            query = _single(request.args.getlist("query") + request.form.getlist("query"))
        else:
            raise WebError(415, f"POST a query as {FORM} (query=...) or as {QUERY_BODY}, "
                                f"not as {content_type or 'a body without a type'}")
    check_size(query)
    return ProtocolRequest(
        query=query,
        default_graphs=tuple(params.getlist("default-graph-uri")),
        named_graphs=tuple(params.getlist("named-graph-uri")),
        format_words=tuple(word for key in FORMAT_WORDS for word in params.getlist(key)),
    )


def check_dataset_names(protocol: ProtocolRequest, graphs: frozenset[str]) -> None:
    """Refuse a default-graph-uri or named-graph-uri that names no graph of the dataset:
    nothing else is fetched or read."""
    given = {"default-graph-uri": protocol.default_graphs,
             "named-graph-uri": protocol.named_graphs}
    for parameter, iris in given.items():
        for iri in iris:
            if iri not in graphs and iri not in DATASET_PARAMETERS[parameter]:
                raise WebError(400, f"{parameter} <{iri}> names no graph of this dataset; "
                                    "the service description (GET /sparql) lists its graphs",
                               parameter=parameter)


def request_dataset(protocol: ProtocolRequest, graphs: frozenset[str]) -> QueryDataset | None:
    """The dataset a request names, or None for the one served.

    https://www.w3.org/TR/sparql11-protocol/#dataset: the named graphs are those of
    named-graph-uri, the default graph the merge of default-graph-uri's. A name of the
    union (DEFAULT_GRAPH_NAMES) makes the default graph the union; alone, it asks for the
    dataset as served, which is what clients that always send it (rdflib's SPARQLStore)
    expect.
    """
    check_dataset_names(protocol, graphs)
    union = not DEFAULT_GRAPH_NAMES.isdisjoint(protocol.default_graphs)
    if not protocol.named_graphs and (union or not protocol.default_graphs):
        return None
    default = () if union else protocol.default_graphs
    return QueryDataset(union, default, protocol.named_graphs)


# --- pick the format -----------------------------------------------------------------------


def pick_format(kind: str, words: Sequence[str]) -> str:
    """The format to answer a `kind` ("tabular" or "graph") result in, or a 406."""
    table = TABLES[kind]
    if words:
        name = negotiate.from_keywords(words, table, negotiate.KEYWORDS[kind])
        if name is None:
            raise WebError(406, f"format {words[0]!r} cannot hold this query's result; "
                                f"formats for it: {negotiate.offered(table)}")
        return name
    name = negotiate.choose(request.accept_mimetypes, table)
    if name is None:
        raise WebError(406, f"cannot answer this query as {request.headers.get('Accept')}; "
                            f"it can be had as: {negotiate.offered(table)}")
    return name


# --- run ---------------------------------------------------------------------------------


def workers() -> Engine:
    """The engine for the queries clients write: worker processes over the served graph,
    made on first use (a remote engine is used as it is).

    At most half the web server's threads wait for a worker, so pages and canned queries
    keep threads of their own however many slow queries arrive.
    """
    current = site()
    settings = current.settings
    return current.memo("query-workers", lambda: isolate(
        current.engine, int(settings["query_workers"]), int(settings["query_memory"]),
        queue=max(1, int(settings["threads"]) // 2)))


def run(query: str, dataset: QueryDataset | None) -> Result:
    """Run a client's query in a worker, within the time and result limits."""
    return workers().query(query, timeout=site().timeout, limit=site().limit,
                           dataset=dataset)


def run_written(query: str, name: str, dataset: QueryDataset | None) -> Written:
    """Run a client's query and write its answer in format `name`; a worker process
    does both, so the server only passes the bytes on."""
    return workers().written(query, name, timeout=site().timeout, limit=site().limit,
                             dataset=dataset)


# --- answer --------------------------------------------------------------------------------


def limit_headers(response: Response, result: Result | Written) -> Response:
    """Say what the result limit is, and whether this result was cut by it."""
    response.headers["X-Result-Limit"] = str(site().limit)
    if result.truncated:
        response.headers["X-Result-Truncated"] = "true"
    return response


def respond(result: Result | Written, name: str, query: str) -> Response:
    """Send a result in the chosen format; a page for a browser."""
    if isinstance(result, Written):
        body = result.body
    elif name == negotiate.HTML:
        body = render_template("sparql_results.html", result=result, query=query,
                               limit=site().limit)
    else:
        body = serialize(result, name)
    response = Response(body, mimetype=negotiate.media_type(name))
    response.vary.add("Accept")
    return limit_headers(response, result)


def graph_sizes() -> dict[str, int]:
    """The served build's named graphs and their sizes, worked out once per app."""
    build = site().build
    return site().memo("graph-sizes", build.graph_sizes)


def service_description(endpoint: str) -> Graph:
    """Describe the endpoint in the SPARQL 1.1 Service Description vocabulary.

    https://www.w3.org/TR/sparql11-service-description/
    """
    graph = bind_prefixes(Graph())
    graph.bind("sd", SD)
    service = URIRef(endpoint)
    add = graph.add
    add((service, RDF.type, SD.Service))
    add((service, SD.endpoint, service))
    add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        add((service, SD.resultFormat, FORMATS_NS[name]))
    add((service, SD.defaultDataset, DATASET))
    add((DATASET, RDF.type, SD.Dataset))
    add((DATASET, SD.defaultGraph, DEFAULT_GRAPH))
    add((DEFAULT_GRAPH, RDF.type, SD.Graph))
    add((DEFAULT_GRAPH, VOID.triples, Literal(len(site().build.graph), datatype=XSD.integer)))
    for name, size in graph_sizes().items():
        named = graph_subset(URIRef(name))
        add((DATASET, SD.namedGraph, named))
        add((named, RDF.type, SD.NamedGraph))
        add((named, SD.name, URIRef(name)))
        add((named, SD.graph, URIRef(f"{named}/graph")))
        add((URIRef(f"{named}/graph"), RDF.type, SD.Graph))
        add((URIRef(f"{named}/graph"), VOID.triples, Literal(size, datatype=XSD.integer)))
    add((service, DCTERMS.title, Literal("tipgraph SPARQL endpoint", lang="en")))
    add((service, RDFS.comment, Literal(
        f"Read-only SPARQL 1.1 queries over build {site().build.version}. Each query may run "
        f"{site().timeout:g} s and return {site().limit} rows; a cut result carries the "
        "header X-Result-Truncated. FROM, FROM NAMED, default-graph-uri and named-graph-uri "
        "may name the dataset's graphs; SERVICE, LOAD, other graphs and updates are "
        "refused.",
        lang="en")))
    return graph


def describe_service(words: Sequence[str]) -> Response:
    """Answer a request without a query: the service description, or a page about it."""
    table = negotiate.GRAPH
    name = (negotiate.from_keywords(words, table, negotiate.KEYWORDS["graph"]) if words
            else negotiate.choose(request.accept_mimetypes, table))
    if name is None:
        raise WebError(406, f"the service description can be had as: {negotiate.offered(table)}")
    endpoint = url_for("sparql.endpoint", _external=True)
    if name == negotiate.HTML:
        body = render_template("sparql.html", endpoint=endpoint, timeout=site().timeout,
                               limit=site().limit, graphs=graph_sizes())
    else:
        body = serialize(GraphResult(tuple(service_description(endpoint))), name)
    response = Response(body, mimetype=negotiate.media_type(name))
    response.vary.add("Accept")
    return response


@blueprint.route("/sparql", methods=["GET", "POST"])
@machine()
def endpoint():
    """Run one query by the SPARQL 1.1 Protocol, or describe the service."""
    protocol = parse_request()
    dataset = request_dataset(protocol, frozenset(graph_sizes()))
    if protocol.query is None:
        return describe_service(protocol.format_words)
    kind = KIND_OF_FORM.get(syntax.form(protocol.query))
    name = pick_format(kind, protocol.format_words) if kind else None
    if name not in (None, negotiate.HTML):
        return respond(run_written(protocol.query, name, dataset), name, protocol.query)
    result = run(protocol.query, dataset)
    if name is None:  # a form the tokenizer did not see; the engine parsed it anyway
        name = pick_format("graph" if result.kind == "graph" else "tabular",
                           protocol.format_words)
    return respond(result, name, protocol.query)
