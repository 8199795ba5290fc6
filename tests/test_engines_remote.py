"""The remote engine against a real Oxigraph server, publishing, and the cross-engine test.

Every canned query runs on all three engines over the same build and must give the same
rows: same values, same datatypes and language tags, in the same order.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

import engines_fixtures
from tipgraph.engines import EngineUnavailable, QueryError, QueryRefused, RemoteEngine
from tipgraph.publish import PublishError, graph_url, publish
from tipgraph.results import AskResult, GraphResult, SelectResult

build = engines_fixtures.build
catalog = engines_fixtures.catalog
engines = engines_fixtures.engines
lookups = engines_fixtures.lookups
oxigraph_server = engines_fixtures.oxigraph_server


def comparable(term):
    """A term as what must agree across engines; blank node labels never do."""
    if term is None or isinstance(term, BNode):
        return None if term is None else ("bnode",)
    if isinstance(term, Literal):
        return ("literal", str(term), term.datatype, term.language)
    return ("iri", str(term))


def rows_of(result: SelectResult) -> list[tuple]:
    return [tuple(comparable(term) for term in row) for row in result.rows]


def test_remote_select_ask_and_construct(engines):
    remote = engines["remote"]
    result = remote.query("""PREFIX tip: <https://w3id.org/tipgraph/ontology#>
        SELECT ?code WHERE { ?c a tip:Country ; tip:iso3166Alpha3 ?code } ORDER BY ?code""")
    codes = [str(code) for (code,) in result.rows]
    assert len(codes) == 35 and codes[0] == "ARG"
    assert remote.query("ASK { ?s ?p ?o }") == AskResult(True)
    graph = remote.query("""PREFIX tip: <https://w3id.org/tipgraph/ontology#>
        CONSTRUCT { ?c a tip:Country } WHERE { ?c a tip:Country }""")
    assert isinstance(graph, GraphResult) and len(graph) == 35


def test_remote_bindings_are_a_values_block(engines):
    query = """PREFIX tip: <https://w3id.org/tipgraph/ontology#>
        SELECT ?c WHERE { ?c tip:iso3166Alpha3 ?_code_string }"""
    for engine in engines.values():
        result = engine.query(query, {"_code_string": Literal("ARG")})
        assert result.rows == ((URIRef("https://w3id.org/tipgraph/id/country/ARG"),),)
        hostile = engine.query(query, {"_code_string": Literal('ARG" } ?s ?p ?o { "')})
        assert hostile.rows == ()


def test_remote_errors(engines):
    with pytest.raises(QueryError):
        engines["remote"].query("SELECT ?x WHERE { ?x")
    with pytest.raises(QueryRefused):
        engines["remote"].query("CLEAR DEFAULT")
    with pytest.raises(EngineUnavailable):
        RemoteEngine("http://127.0.0.1:9/query").query("ASK {}")
    with pytest.raises(ValueError):
        RemoteEngine("file:///etc/passwd")


def test_limit_on_the_remote_engine(engines):
    result = engines["remote"].query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", limit=5)
    assert len(result) == 5 and result.truncated


def test_publish_puts_the_build_where_a_remote_query_sees_it(build, oxigraph_server, engines):
    iri = "https://w3id.org/tipgraph/graph/published-test"
    report = publish(build.graph, oxigraph_server.store_url, graph_iri=iri)
    assert report.status in (200, 201, 204) and report.triples == len(build.graph)
    count = engines["remote"].query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert count.rows == ((Literal(len(build.graph)),),)
    # a second PUT replaces the graph rather than adding to it
    small = Graph()
    small.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal(1)))
    publish(small, oxigraph_server.store_url, graph_iri=iri, format_name="turtle")
    count = engines["remote"].query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert count.rows == ((Literal(1),),)


def test_publish_errors():
    assert graph_url("http://h/store") == "http://h/store?default"
    assert graph_url("http://h/store", "http://g/1") == "http://h/store?graph=http%3A%2F%2Fg%2F1"
    with pytest.raises(ValueError):
        graph_url("ftp://h/store")
    with pytest.raises(ValueError):
        graph_url("http://h/store", "not an iri")
    with pytest.raises(PublishError):
        publish(Graph(), "http://127.0.0.1:9/store", timeout=2)


def test_every_canned_query_gives_the_same_rows_on_every_engine(catalog, engines, lookups):
    assert len(catalog) > 0
    checked = 0
    for query, values in engines_fixtures.canned_cases(catalog):
        try:
            bindings = query.bind(values, lookups)
        except ValueError:
            continue  # a required parameter without a default is covered by its own test
        answers = {name: engine.query(query.text, bindings) for name, engine in engines.items()}
        reference = rows_of(answers["rdflib"])
        for name in ("oxigraph", "remote"):
            assert answers[name].variables == answers["rdflib"].variables, (query.name, name)
            assert rows_of(answers[name]) == reference, (query.name, name, values)
        checked += 1
    assert checked >= len(catalog) // 2
