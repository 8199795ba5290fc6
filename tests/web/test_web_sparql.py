"""The SPARQL 1.1 Protocol endpoint, through real clients against a real server.

https://www.w3.org/TR/sparql11-protocol/: SPARQLWrapper with every return format it
offers, by GET and by POST; rdflib's SPARQLStore; and plain requests for negotiation,
errors, the service description, CORS and the limits.
"""

from __future__ import annotations

import csv
import io
import json
from xml.dom.minidom import Document

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from web_support import serve

from tipgraph.namespaces import TIP
from tipgraph.web import create_app

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ARG = URIRef("https://w3id.org/tipgraph/id/country/ARG")
PREFIX = "PREFIX tip: <https://w3id.org/tipgraph/ontology#>\n"
COUNTRIES = PREFIX + "SELECT ?country WHERE { ?country a tip:Country } ORDER BY ?country"
ASK = PREFIX + "ASK { <https://w3id.org/tipgraph/id/country/ARG> a tip:Country }"
CONSTRUCT = PREFIX + """CONSTRUCT { ?c tip:iso3166Alpha3 ?code }
WHERE { ?c a tip:Country ; tip:iso3166Alpha3 ?code }"""
DESCRIBE = "DESCRIBE <https://w3id.org/tipgraph/id/country/ARG>"
METHODS = [GET, POST]


def wrapper(server: str, query: str, return_format: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client


@pytest.fixture(scope="module")
def expected_construct(web_build) -> Graph:
    graph = Graph()
    for country, code in web_build.graph.subject_objects(TIP.iso3166Alpha3):
        graph.add((country, TIP.iso3166Alpha3, code))
    return graph


def as_graph(converted, fmt: str) -> Graph:
    if isinstance(converted, Graph):
        return converted
    if isinstance(converted, dict | list):
        return Graph().parse(data=json.dumps(converted), format="json-ld")
    return Graph().parse(data=converted, format=fmt)


# --- SPARQLWrapper: SELECT and ASK in every results format ---------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_select_as_json(server, method):
    result = wrapper(server, COUNTRIES, JSON, method).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    bindings = result.convert()["results"]["bindings"]
    assert len(bindings) == 35
    assert {"type": "uri", "value": str(ARG)} in [b["country"] for b in bindings]


@pytest.mark.parametrize("method", METHODS)
def test_select_as_xml(server, method):
    document = wrapper(server, COUNTRIES, XML, method).query().convert()
    assert isinstance(document, Document)
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert len(uris) == 35 and str(ARG) in uris


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("return_format", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(server, method, return_format, delimiter):
    text = wrapper(server, COUNTRIES, return_format, method).query().convert().decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["country"] if return_format == CSV else ["?country"])
    assert len(rows) == 36
    assert (str(ARG) if return_format == CSV else f"<{ARG}>") in [r[0] for r in rows]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_ask_in_every_results_format(server, method, return_format):
    converted = wrapper(server, ASK, return_format, method).query().convert()
    if return_format == JSON:
        assert converted["boolean"] is True
    elif return_format == XML:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert b"true" in converted


# --- SPARQLWrapper: CONSTRUCT and DESCRIBE in every RDF format -----------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("return_format", "parse_as"), [
    (TURTLE, "turtle"), (N3, "turtle"), (RDFXML, "xml"), (XML, "xml"), (RDF, "xml"),
    (JSONLD, "json-ld"), (JSON, "json-ld"),
])
def test_construct_in_every_rdf_format(server, method, return_format, parse_as,
                                       expected_construct):
    converted = wrapper(server, CONSTRUCT, return_format, method).query().convert()
    assert isomorphic(as_graph(converted, parse_as), expected_construct)


@pytest.mark.parametrize("method", METHODS)
def test_relative_iris_resolve_against_the_documented_base(server, method):
    """The W3C protocol suite's `CONSTRUCT { <s> <p> 1 } WHERE {}`: no base, no error."""
    converted = wrapper(server, "CONSTRUCT { <s> <p> 1 } WHERE {}", TURTLE, method).query()
    graph = as_graph(converted.convert(), "turtle")
    base = "https://w3id.org/tipgraph/"
    assert set(graph) == {(URIRef(base + "s"), URIRef(base + "p"), Literal(1))}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("return_format", "parse_as"), [(TURTLE, "turtle"), (RDFXML, "xml"),
                                                         (JSONLD, "json-ld")])
def test_describe(server, method, return_format, parse_as):
    converted = wrapper(server, DESCRIBE, return_format, method).query().convert()
    graph = as_graph(converted, parse_as)
    assert (ARG, TIP.iso3166Alpha3, Literal("ARG")) in graph


@pytest.mark.parametrize("method", METHODS)
def test_a_select_cannot_be_had_as_turtle(server, method):
    with pytest.raises(Exception) as raised:
        wrapper(server, COUNTRIES, TURTLE, method).query()
    assert getattr(raised.value, "code", None) == 406


@pytest.mark.parametrize("method", METHODS)
def test_bad_query_gives_the_parser_message(server, method):
    with pytest.raises(QueryBadFormed) as raised:
        wrapper(server, "SELECT ?x WHERE { ?x ?y }", JSON, method).query()
    assert "400" in str(raised.value) or "Bad" in str(raised.value)


# --- rdflib's SPARQLStore ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_queries_and_reads_triples(server, method):
    store = SPARQLStore(f"{server}/sparql", method=method, returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(COUNTRIES))
    assert len(rows) == 35
    assert (ARG, TIP.iso3166Alpha3, Literal("ARG")) in set(graph.triples((ARG, None, None)))
    assert graph.query(ASK).askAnswer is True
    store.close()


def test_rdflib_sparqlstore_with_the_default_graph_named(server):
    store = SPARQLStore(f"{server}/sparql", returnFormat="xml")
    graph = Graph(store=store, identifier=URIRef("https://w3id.org/tipgraph/dataset"))
    assert len(list(graph.query(COUNTRIES))) == 35


def test_rdflib_sparqlstore_with_another_graph_is_refused(server):
    store = SPARQLStore(f"{server}/sparql", returnFormat="json")
    graph = Graph(store=store, identifier=URIRef("http://example.org/other"))
    with pytest.raises(ValueError) as raised:  # rdflib's wording for an HTTP 400
        list(graph.query(COUNTRIES))
    assert raised.value.__context__.code == 400


# --- plain HTTP: negotiation ---------------------------------------------------------------


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html", "text/html"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/csv, application/sparql-results+json;q=0.1", "text/csv"),
    ("text/turtle;q=1.0, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
])
def test_select_negotiates_by_accept_with_q_values(server, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(f"{server}/sparql", params={"query": COUNTRIES}, headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(("accept", "media_type", "parse_as"), [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/rdf+xml;q=0.3, application/n-triples;q=0.8", "application/n-triples", "nt"),
])
def test_construct_negotiates_by_accept(server, accept, media_type, parse_as,
                                        expected_construct):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(f"{server}/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert isomorphic(Graph().parse(data=response.text, format=parse_as), expected_construct)


@pytest.mark.parametrize(("query", "accept"), [
    (COUNTRIES, "image/png"),
    (COUNTRIES, "text/turtle"),
    (CONSTRUCT, "text/csv"),
    (ASK, "application/n-triples"),
])
def test_a_type_it_cannot_give_is_406(server, query, accept):
    response = requests.get(f"{server}/sparql", params={"query": query},
                            headers={"Accept": accept})
    assert response.status_code == 406
    assert "can be had as" in response.json()["error"]


def test_format_words_override_accept(server):
    response = requests.get(f"{server}/sparql", params={"query": COUNTRIES, "format": "csv"},
                            headers={"Accept": "application/sparql-results+json"})
    assert response.headers["Content-Type"].startswith("text/csv")
    response = requests.get(f"{server}/sparql", params={"query": CONSTRUCT, "output": "nt"})
    assert response.headers["Content-Type"].startswith("application/n-triples")
    response = requests.get(f"{server}/sparql", params={"query": COUNTRIES, "format": "nt"})
    assert response.status_code == 406


# --- plain HTTP: methods, bodies, errors ---------------------------------------------------


def test_post_form_and_post_body_give_the_same_answer(server):
    by_get = requests.get(f"{server}/sparql", params={"query": COUNTRIES}).json()
    by_form = requests.post(f"{server}/sparql", data={"query": COUNTRIES}).json()
    by_body = requests.post(f"{server}/sparql", data=COUNTRIES.encode(),
                            headers={"Content-Type": "application/sparql-query"}).json()
    assert by_get == by_form == by_body


def test_bad_query_is_400_with_the_parser_message(server):
    response = requests.get(f"{server}/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    message = response.json()["error"]
    assert message and "Traceback" not in message
    page = requests.get(f"{server}/sparql", params={"query": "SELEC nothing"},
                        headers={"Accept": "text/html"})
    assert page.status_code == 400 and "text/html" in page.headers["Content-Type"]
    assert "Traceback" not in page.text


@pytest.mark.parametrize(("how", "kwargs"), [
    ("query", {"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
    ("form update", {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
    ("update body", {"data": b"DELETE WHERE { ?s ?p ?o }",
                     "headers": {"Content-Type": "application/sparql-update"}}),
    ("query body", {"data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-query"}}),
])
def test_updates_are_refused(server, how, kwargs):
    method = requests.get if how == "query" else requests.post
    response = method(f"{server}/sparql", **kwargs)
    assert response.status_code == 400
    assert "refused" in response.json()["error"]
    count = requests.get(f"{server}/sparql", params={"query": COUNTRIES}).json()
    assert len(count["results"]["bindings"]) == 35


@pytest.mark.parametrize(("query", "word"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
])
def test_queries_that_would_reach_out_are_refused(server, query, word):
    response = requests.get(f"{server}/sparql", params={"query": query})
    assert response.status_code == 400
    assert word in response.json()["error"]


def test_unknown_body_type_is_415_and_other_methods_405(server):
    response = requests.post(f"{server}/sparql", data=COUNTRIES,
                             headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["error"]
    assert requests.put(f"{server}/sparql", data=COUNTRIES).status_code == 405
    assert requests.delete(f"{server}/sparql").status_code == 405


def test_two_queries_in_one_request_are_refused(server):
    response = requests.get(f"{server}/sparql", params=[("query", ASK), ("query", ASK)])
    assert response.status_code == 400


# --- dataset ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["https://w3id.org/tipgraph/dataset",
                                  "https://w3id.org/tipgraph/graph"])
def test_default_graph_uri_naming_the_graph_is_accepted(server, name):
    response = requests.get(f"{server}/sparql",
                            params={"query": COUNTRIES, "default-graph-uri": name})
    assert response.status_code == 200


@pytest.mark.parametrize(("parameter", "value"), [
    ("default-graph-uri", "http://example.org/other"),
    ("named-graph-uri", "https://w3id.org/tipgraph/dataset"),
    ("named-graph-uri", "source/oas-tip-2018/appendix/3"),
])
def test_other_graphs_are_refused_saying_so(server, parameter, value):
    response = requests.get(f"{server}/sparql", params={"query": COUNTRIES, parameter: value})
    assert response.status_code == 400
    error = response.json()
    assert error["parameter"] == parameter
    assert f"<{value}> names no graph of this dataset" in error["error"]


# --- named graphs: GRAPH, FROM, FROM NAMED, default-graph-uri, named-graph-uri -------------

SOURCE = "https://w3id.org/tipgraph/source/oas-tip-2018/"
APPENDIX_3, APPENDIX_4 = SOURCE + "appendix/3", SOURCE + "appendix/4"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def select(server: str, query: str, default=(), named=(), method=POST) -> list[dict]:
    """Run a SELECT with SPARQLWrapper, naming graphs by the protocol's parameters."""
    client = wrapper(server, query, JSON, method)
    for iri in default:
        client.addDefaultGraph(iri)
    for iri in named:
        client.addNamedGraph(iri)
    return client.query().convert()["results"]["bindings"]


def count(server: str, query: str = COUNT, **dataset) -> int:
    return int(select(server, query, **dataset)[0]["n"]["value"])


def graph_names(server: str, **dataset) -> list[str]:
    return [row["g"]["value"] for row in select(server, GRAPHS, **dataset)]


@pytest.mark.parametrize("method", METHODS)
def test_graph_reads_each_named_graph_and_never_the_default(server, web_build, method):
    sizes = web_build.graph_sizes()
    assert graph_names(server, method=method) == sorted(sizes)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{APPENDIX_3}> {{ ?s ?p ?o }} }}"
    assert count(server, query) == sizes[APPENDIX_3]
    assert count(server) == len(web_build.graph) < sum(sizes.values())  # each triple once


def test_from_reads_a_datasets_graph(server, web_build):
    sizes = web_build.graph_sizes()
    assert count(server, f"SELECT (COUNT(*) AS ?n) FROM <{APPENDIX_3}> {{ ?s ?p ?o }}") \
        == sizes[APPENDIX_3]
    query = f"SELECT DISTINCT ?g FROM NAMED <{APPENDIX_4}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert [row["g"]["value"] for row in select(server, query)] == [APPENDIX_4]
    assert count(server, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{APPENDIX_4}> {{ ?s ?p ?o }}") \
        == 0  # FROM NAMED alone leaves the default graph empty


@pytest.mark.parametrize("method", METHODS)
def test_default_graph_uri_and_named_graph_uri_define_the_dataset(server, web_build, method):
    sizes = web_build.graph_sizes()
    assert count(server, default=[APPENDIX_3], method=method) == sizes[APPENDIX_3]
    assert graph_names(server, default=[APPENDIX_3], method=method) == []
    assert graph_names(server, named=[APPENDIX_4], method=method) == [APPENDIX_4]
    assert count(server, named=[APPENDIX_4], method=method) == 0
    # the protocol's dataset overrides the query's FROM
    query = f"SELECT (COUNT(*) AS ?n) FROM <{APPENDIX_3}> {{ ?s ?p ?o }}"
    assert count(server, query, default=[APPENDIX_4], method=method) == sizes[APPENDIX_4]


@pytest.mark.parametrize("name", ["https://w3id.org/tipgraph/dataset",
                                  "https://w3id.org/tipgraph/graph"])
def test_the_unions_names_keep_meaning_the_union(server, web_build, name):
    assert count(server, default=[name]) == len(web_build.graph)
    assert graph_names(server, default=[name]) == sorted(web_build.graph_sizes())
    assert count(server, default=[name], named=[APPENDIX_4]) == len(web_build.graph)
    assert graph_names(server, default=[name], named=[APPENDIX_4]) == [APPENDIX_4]


def test_sparqlstore_over_one_named_graph(server, web_build):
    store = SPARQLStore(f"{server}/sparql", returnFormat="json")
    graph = Graph(store=store, identifier=URIRef(APPENDIX_3))
    rows = list(graph.query(COUNT))
    assert int(rows[0][0]) == web_build.graph_sizes()[APPENDIX_3]
    store.close()


@pytest.mark.parametrize(("query", "named"), [
    ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
     "FROM <http://127.0.0.1:9/data.ttl>"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }",
     "FROM NAMED <file:///etc/passwd>"),
    ("SELECT * FROM <source/oas-tip-2018/appendix/3> WHERE { ?s ?p ?o }",
     "FROM <source/oas-tip-2018/appendix/3>"),
    (f"PREFIX a: <{SOURCE}appendix/> SELECT * FROM a:3 WHERE {{ ?s ?p ?o }}", "FROM a:3"),
    ("SELECT * FROM <https://w3id.org/tipgraph/dataset> WHERE { ?s ?p ?o }",
     "FROM <https://w3id.org/tipgraph/dataset>"),
])
def test_a_dataset_clause_naming_anything_else_is_refused_naming_it(server, query, named):
    response = requests.get(f"{server}/sparql", params={"query": query})
    assert response.status_code == 400
    assert f"{named} is refused" in response.json()["error"]


# --- service description, CORS ----------------------------------------------------------


@pytest.mark.parametrize(("accept", "parse_as"), [(None, "turtle"), ("text/turtle", "turtle"),
                                                  ("application/ld+json", "json-ld"),
                                                  ("application/rdf+xml", "xml")])
def test_get_without_query_describes_the_service(server, accept, parse_as):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(f"{server}/sparql", headers=headers)
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format=parse_as)
    endpoint = URIRef(f"{server}/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(endpoint, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats


def test_the_service_description_lists_the_named_graphs(server, web_build):
    graph = Graph().parse(data=requests.get(f"{server}/sparql").text, format="turtle")
    dataset = graph.value(URIRef(f"{server}/sparql"), SD.defaultDataset)
    sizes = {}
    for named in graph.objects(dataset, SD.namedGraph):
        triples = graph.value(graph.value(named, SD.graph), VOID.triples)
        sizes[str(graph.value(named, SD.name))] = int(triples)
    assert sizes == web_build.graph_sizes()
    assert APPENDIX_3 in sizes


def test_a_browser_gets_a_page_about_the_endpoint(server):
    response = requests.get(f"{server}/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "SPARQL endpoint" in response.text


def test_cors_on_the_endpoint_and_its_preflight(server):
    response = requests.get(f"{server}/sparql", params={"query": ASK},
                            headers={"Origin": "http://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(f"{server}/sparql", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


# --- limits ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def limited(web_build):
    """An app that returns 3 rows at most and stops queries after 50 ms."""
    app = create_app(web_build, {"result_limit": 3, "query_timeout": 0.05})
    with serve(app) as base:
        yield base


def test_a_result_cut_by_the_limit_says_so(limited):
    response = requests.get(f"{limited}/sparql", params={"query": COUNTRIES})
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["X-Result-Truncated"] == "true"
    assert response.headers["X-Result-Limit"] == "3"
    page = requests.get(f"{limited}/sparql", params={"query": COUNTRIES},
                        headers={"Accept": "text/html"})
    assert "cut at the server&#39;s limit of 3" in page.text or "limit of 3" in page.text
    graph = requests.get(f"{limited}/sparql", params={"query": CONSTRUCT})
    assert graph.headers["X-Result-Truncated"] == "true"
    assert len(Graph().parse(data=graph.text, format="turtle")) == 3


def test_a_whole_result_is_not_marked(limited):
    response = requests.get(f"{limited}/sparql", params={"query": ASK})
    assert "X-Result-Truncated" not in response.headers


def test_a_query_past_the_time_limit_stops_with_a_message(limited):
    slow = PREFIX + "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?c . ?d a ?t }"
    response = requests.get(f"{limited}/sparql", params={"query": slow})
    assert response.status_code == 503
    assert "limit" in response.json()["error"]
