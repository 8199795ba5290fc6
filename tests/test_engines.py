"""The engine interface on small inline graphs: results, bindings, limits, refusals."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from tipgraph.engines import (
    ENGINES,
    OxigraphEngine,
    QueryError,
    QueryRefused,
    QueryTimeout,
    RdflibEngine,
    make_engine,
    syntax,
)
from tipgraph.results import (
    AskResult,
    GraphResult,
    SelectResult,
    from_sparql_json,
    serialize,
    to_sparql_json,
)

DATA = """
@prefix : <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:a :p 1 ; :q "x" ; :r "dos"@es ; :y "2011"^^xsd:gYear ; :d 2.5 .
:b :p 2 ; :q "y"^^xsd:string .
:c :p 3 ; :q "z" ; :s [ :t "blank" ] .
"""
P = "PREFIX : <http://example.org/>\n"


@pytest.fixture(scope="module")
def small():
    graph = Graph().parse(data=DATA, format="turtle")
    made = {"oxigraph": OxigraphEngine.from_graph(graph, "v1"),
            "rdflib": RdflibEngine.from_graph(graph, "v1")}
    yield made
    for engine in made.values():
        engine.close()


ENGINE_NAMES = ["oxigraph", "rdflib"]


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_select_returns_rdflib_terms_with_datatypes(small, name):
    result = small[name].query(P + """
        SELECT ?s ?p ?q ?r ?y ?d WHERE {
          ?s :p ?p OPTIONAL { ?s :q ?q } OPTIONAL { ?s :r ?r } OPTIONAL { ?s :y ?y }
          OPTIONAL { ?s :d ?d }
        } ORDER BY ?s""")
    assert isinstance(result, SelectResult)
    assert result.variables == ("s", "p", "q", "r", "y", "d")
    first, second, _ = result.rows
    assert first == (URIRef("http://example.org/a"), Literal(1), Literal("x"),
                     Literal("dos", lang="es"), Literal("2011", datatype=XSD.gYear),
                     Literal(Decimal("2.5")))
    # xsd:string literals come back as simple literals, whichever spelling the data used
    assert second[2] == Literal("y") and second[2].datatype is None
    assert second[3] is None
    assert result.values()[0][1] == 1


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_ask_and_construct(small, name):
    assert small[name].query(P + "ASK { :a :p 1 }") == AskResult(True)
    assert not small[name].query(P + "ASK { :a :p 9 }")
    graph = small[name].query(P + "CONSTRUCT { ?s :p ?o } WHERE { ?s :p ?o }")
    assert isinstance(graph, GraphResult) and len(graph) == 3
    assert (URIRef("http://example.org/b"), URIRef("http://example.org/p"), Literal(2)) \
        in graph.graph()


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_bindings_filter_like_pre_bound_variables(small, name):
    query = P + """SELECT ?s ?v WHERE { ?s :p ?v
        FILTER(!BOUND(?__max_integer) || ?v <= ?__max_integer) } ORDER BY ?s"""
    unbound = small[name].query(query)
    bound = small[name].query(query, {"__max_integer": Literal(2)})
    assert len(unbound) == 3
    assert [row[1] for row in bound] == [Literal(1), Literal(2)]
    counted = small[name].query(
        P + "SELECT (COUNT(?s) AS ?n) WHERE { ?s :p ?v FILTER(?v >= ?_min) }",
        {"?_min": Literal(2)})
    assert counted.rows == ((Literal(2),),)


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_a_bound_string_is_one_literal_whatever_it_holds(small, name):
    hostile = '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #\n\\'
    result = small[name].query(P + "SELECT ?s WHERE { ?s :q ?_text }", {"_text": Literal(hostile)})
    assert result.rows == ()
    result = small[name].query(P + "SELECT ?s WHERE { ?s :q ?_text }", {"_text": Literal("z")})
    assert result.rows == ((URIRef("http://example.org/c"),),)


@pytest.mark.parametrize("name", ENGINE_NAMES)
@pytest.mark.parametrize("bad", [
    {"x": BNode()},
    {"x": "a plain str"},
    {"x y": Literal(1)},
    {"x": URIRef("http://example.org/a> . ?s ?p <http://x")},
    {"x": Literal("x", datatype=URIRef("http://example.org/a b"))},
])
def test_unsafe_bindings_are_refused(small, name, bad):
    with pytest.raises(QueryError):
        small[name].query(P + "SELECT ?x WHERE { ?x :p ?v }", bad)


@pytest.mark.parametrize("name", ENGINE_NAMES)
@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/other> WHERE { ?s ?p ?o }",
    "DROP ALL",
])
def test_updates_and_network_access_are_refused(small, name, text):
    with pytest.raises(QueryRefused):
        small[name].query(text)


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_syntax_errors_are_query_errors(small, name):
    with pytest.raises(QueryError):
        small[name].query("SELECT ?x WHERE { ?x")


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_limit_cuts_and_says_so(small, name):
    query = P + "SELECT ?s WHERE { ?s :p ?v } ORDER BY ?s"
    cut = small[name].query(query, limit=2)
    assert len(cut) == 2 and cut.truncated
    whole = small[name].query(query, limit=3)
    assert len(whole) == 3 and not whole.truncated
    assert len(small[name].query(P + "CONSTRUCT WHERE { ?s :p ?o }", limit=1)) == 1


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_timeout_stops_waiting(name):
    graph = Graph()
    for i in range(60):
        graph.add((URIRef(f"http://example.org/n{i}"), URIRef("http://example.org/p"), Literal(i)))
    engine = (OxigraphEngine if name == "oxigraph" else RdflibEngine).from_graph(graph, "v")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        engine.query(slow, timeout=0.01)
    assert time.monotonic() - started < 1.0
    quick = engine.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }", timeout=5)
    assert quick.rows == ((Literal(60),),)
    engine.close()


def test_make_engine_table():
    assert set(ENGINES) == {"oxigraph", "rdflib", "remote"}
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("virtuoso")
    with pytest.raises(ValueError, match="needs a build"):
        make_engine("oxigraph")
    with pytest.raises(ValueError, match="endpoint"):
        make_engine("remote")
    assert make_engine("remote", endpoint="http://127.0.0.1:1/query").name == "remote"


# --- syntax ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE {"),
    ("select * { ?s ?p ?o }", "select * {"),
    ("ASK { ?s ?p ?o }", "ASK {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } {"),
    ("# WHERE { in a comment\nSELECT ?s WHERE { ?s ?p 'WHERE {' }",
     "# WHERE { in a comment\nSELECT ?s WHERE {"),
    ("PREFIX w: <http://e/WHERE/>\nSELECT ?s WHERE { ?s w:where ?o }",
     "PREFIX w: <http://e/WHERE/>\nSELECT ?s WHERE {"),
])
def test_where_group_start(text, expected):
    assert text[:syntax.where_group_start(text)] == expected


def test_where_group_start_refuses_queries_without_a_group():
    with pytest.raises(ValueError):
        syntax.where_group_start("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(ValueError):
        syntax.where_group_start("DESCRIBE <http://example.org/a>")


def test_projection_and_subqueries():
    text = """SELECT DISTINCT ?a (COUNT(?b) AS ?n) ?c WHERE {
      { SELECT ?a (MAX(?x) AS ?m) WHERE { ?a :p ?x FILTER(?x < ?_limit) } GROUP BY ?a }
      { SELECT * WHERE { ?c :q ?_other } }
    } GROUP BY ?a ?c"""
    assert syntax.projection(text) == ("a", "n", "c")
    first, second = syntax.subqueries(text)
    assert first.projected == ("a", "m") and "_limit" in first.mentioned
    assert second.projected is None
    assert syntax.projection("SELECT * WHERE { ?s ?p ?o }") is None
    assert syntax.form("PREFIX : <http://e/> select ?x {}") == "SELECT"
    assert syntax.form("PREFIX : <http://e/>\nINSERT DATA {}") == "UPDATE"
    assert syntax.variables("SELECT ?a WHERE { ?a :p $b ; :q '?c' } # ?d") == {"a", "b"}


# --- result formats ------------------------------------------------------------------------

SAMPLE = SelectResult(
    ("s", "label", "n"),
    ((URIRef("http://example.org/a"), Literal('say "hi"\tnow', lang="en"), Literal(3)),
     (URIRef("http://example.org/b"), None, Literal("x, y"))),
)


def test_sparql_json_round_trip():
    document = to_sparql_json(SAMPLE)
    assert document["head"]["vars"] == ["s", "label", "n"]
    assert document["results"]["bindings"][0]["n"] == {
        "type": "literal", "value": "3", "datatype": str(XSD.integer)}
    assert "label" not in document["results"]["bindings"][1]
    assert from_sparql_json(json.loads(serialize(SAMPLE, "json"))) == SAMPLE
    assert from_sparql_json(to_sparql_json(AskResult(False))) == AskResult(False)


def test_csv_tsv_xml_and_table():
    csv_text = serialize(SAMPLE, "csv").decode()
    assert csv_text.splitlines()[0] == "s,label,n"
    assert '"x, y"' in csv_text and csv_text.endswith("\r\n")
    tsv = serialize(SAMPLE, "tsv").decode().splitlines()
    assert tsv[0] == "?s\t?label\t?n"
    assert tsv[1] == ('<http://example.org/a>\t"say \\"hi\\"\\tnow"@en\t'
                      '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    xml = serialize(SAMPLE, "xml").decode()
    assert '<literal xml:lang="en">say "hi"\tnow</literal>' in xml
    assert serialize(AskResult(True), "json") == b'{"head": {}, "boolean": true}'
    table = serialize(SAMPLE, "table").decode().splitlines()
    assert table[0].split() == ["s", "label", "n"]


def test_formats_refuse_the_wrong_result_kind():
    with pytest.raises(ValueError, match="cannot hold"):
        serialize(SAMPLE, "turtle")
    with pytest.raises(ValueError, match="unknown format"):
        serialize(SAMPLE, "yaml")
