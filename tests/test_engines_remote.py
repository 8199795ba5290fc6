"""The remote engine against a real Oxigraph server, publishing, and the cross-engine test.

Every canned query runs on all three engines over the same build and must give the same
rows: same values, same datatypes and language tags, in the same order.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

import engines_fixtures
from tipgraph.engines import (
    EngineUnavailable,
    QueryDataset,
    QueryError,
    QueryRefused,
    RemoteEngine,
)
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


# --- named graphs: the same answers from GRAPH, FROM and a request's dataset ----------------

SOURCE = "https://w3id.org/tipgraph/source/oas-tip-2018/"
APPENDIX_3 = SOURCE + "appendix/3"
PREFIXES = "PREFIX tip: <https://w3id.org/tipgraph/ontology#>\n"
IN_GRAPHS = PREFIXES + f"""SELECT ?g ?thing WHERE {{
  GRAPH ?g {{ ?thing a tip:PolicyInstrument }}
  FILTER(STRSTARTS(STR(?g), "{SOURCE}"))
}} ORDER BY ?g ?thing"""
FROM_APPENDIX_3 = PREFIXES + f"""SELECT ?thing ?g FROM <{APPENDIX_3}> WHERE {{
  ?thing a tip:PolicyInstrument OPTIONAL {{ GRAPH ?g {{ ?thing ?p ?o }} }}
}} ORDER BY ?thing"""


def same_rows_everywhere(engines, text: str, **arguments) -> list[tuple]:
    """The rows `text` gives, checked to be the same on every engine."""
    answers = {name: rows_of(engine.query(text, **arguments))
               for name, engine in engines.items()}
    for name in ("oxigraph", "remote"):
        assert answers[name] == answers["rdflib"], name
    return answers["rdflib"]


def test_graph_gives_the_same_rows_on_every_engine(engines):
    rows = same_rows_everywhere(engines, IN_GRAPHS)
    assert ("iri", APPENDIX_3) in {row[0] for row in rows}
    assert all(row[0] != ("iri", "urn:x-rdflib:default") for row in rows)


def test_from_reads_one_graph_the_same_on_every_engine(engines):
    rows = same_rows_everywhere(engines, FROM_APPENDIX_3)
    assert rows and all(graph is None for _, graph in rows)  # FROM names no named graph
    everywhere = {row[1] for row in same_rows_everywhere(engines, IN_GRAPHS)}
    assert {thing for thing, _ in rows} < everywhere


def test_a_requests_dataset_gives_the_same_rows_on_every_engine(engines, build):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    rows = same_rows_everywhere(engines, count, dataset=QueryDataset(default=(APPENDIX_3,)))
    assert rows == [(comparable(Literal(build.graph_sizes()[APPENDIX_3])),)]
    named = same_rows_everywhere(engines, IN_GRAPHS, dataset=QueryDataset(named=(APPENDIX_3,)))
    assert named and {row[0] for row in named} == {("iri", APPENDIX_3)}


def test_a_triple_two_parts_print_is_in_both_graphs_and_once_in_the_union(engines):
    twice = engines["oxigraph"].query("""SELECT ?s ?p ?o WHERE {
        GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s))
    } GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1) ORDER BY ?s ?p ?o LIMIT 1""")
    assert twice.rows, "no triple of the data stands in two graphs"
    triple = " ".join(term.n3() for term in twice.rows[0])
    in_union = f"SELECT (COUNT(*) AS ?n) WHERE {{ {triple} }}"
    in_graphs = f"SELECT (COUNT(?g) AS ?n) WHERE {{ GRAPH ?g {{ {triple} }} }}"
    assert same_rows_everywhere(engines, in_union) == [(comparable(Literal(1)),)]
    assert int(same_rows_everywhere(engines, in_graphs)[0][0][1]) >= 2


def test_a_graph_the_dataset_lacks_is_refused_on_every_engine(engines):
    for engine in engines.values():
        with pytest.raises(QueryRefused, match="FROM <http://127.0.0.1:9/g>"):
            engine.query("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }")
        with pytest.raises(QueryRefused, match="no graph of this dataset"):
            engine.query("ASK { }", dataset=QueryDataset(named=("http://127.0.0.1:9/g",)))
