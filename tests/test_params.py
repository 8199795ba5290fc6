"""Parameter types turn text into exactly one RDF term, or refuse it naming the parameter.

The property-based tests feed arbitrary text to every type and check that nothing a
caller sends changes a query's shape: a string parameter always becomes one literal,
bound outside the query text, and the engines give what rdflib's own initBindings give.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from tipgraph.engines import OxigraphEngine, syntax
from tipgraph.namespaces import CONCEPT, ID, SRC
from tipgraph.params import (
    PARAMETER_TYPES,
    Lookups,
    Parameter,
    ParameterError,
    bind_parameters,
    parse_value,
)

ARG = ID["country/ARG"]
LOOKUPS = Lookups(
    countries={"AR": ARG, "ARG": ARG, str(ARG): ARG},
    concepts={CONCEPT["m49-region/caribbean"]: frozenset({CONCEPT["m49-region"]}),
              CONCEPT["answer/yes"]: frozenset({CONCEPT["answer"]})},
    parts=frozenset({SRC["appendix/9"]}),
)


def param(type_name, **options):
    kind = PARAMETER_TYPES[type_name].kind
    return Parameter(name="p", variable=f"_p_{kind}", type=type_name, required=True, **options)


GOOD = [
    ("iri", "https://example.org/a", URIRef("https://example.org/a")),
    ("iri", "  urn:isbn:123 ", URIRef("urn:isbn:123")),
    ("string", "any text, even } ; DROP ALL", Literal("any text, even } ; DROP ALL")),
    ("string", " spaced ", Literal(" spaced ")),
    ("integer", "42", Literal(42)),
    ("integer", "-7", Literal(-7)),
    ("year", "2015", Literal(2015, datatype=XSD.integer)),
    ("country", "ARG", ARG),
    ("country", "ar", ARG),
    ("country", str(ARG), ARG),
    ("concept", "m49-region/caribbean", CONCEPT["m49-region/caribbean"]),
    ("concept", str(CONCEPT["answer/yes"]), CONCEPT["answer/yes"]),
    ("part", "appendix/9", SRC["appendix/9"]),
]

BAD = [
    ("iri", "not an iri", "not an absolute IRI"),
    ("iri", "http://example.org/a> } <x", "not an absolute IRI"),
    ("iri", "relative/path", "not an absolute IRI"),
    ("string", "x" * 501, "longer than"),
    ("string", "\ud800", "not valid Unicode"),
    ("integer", "4.2", "not a whole number"),
    ("integer", "1 UNION", "not a whole number"),
    ("year", "1492", "not a year"),
    ("year", "twenty", "not a year"),
    ("country", "XX", "not a country of the graph"),
    ("country", "CUBA", "not a country of the graph"),
    ("concept", "m49-region/atlantis", "not a concept"),
    ("part", "appendix/99", "not a part of the report"),
]


@pytest.mark.parametrize("type_name, text, term", GOOD)
def test_each_type_reads_good_text_as_one_term(type_name, text, term):
    bound = parse_value(param(type_name), text, LOOKUPS)
    assert bound == term and type(bound) is type(term)
    if isinstance(term, Literal):
        assert bound.datatype == term.datatype


@pytest.mark.parametrize("type_name, text, message", BAD)
def test_each_type_refuses_bad_text_naming_the_parameter(type_name, text, message):
    with pytest.raises(ParameterError, match=message) as caught:
        parse_value(param(type_name), text, LOOKUPS)
    assert caught.value.parameter == "p" and "'p'" in str(caught.value)


def test_concept_of_a_declared_scheme():
    region = param("concept", scheme="m49-region")
    assert parse_value(region, "caribbean", LOOKUPS) == CONCEPT["m49-region/caribbean"]
    with pytest.raises(ParameterError, match="not in the concept scheme"):
        parse_value(region, "answer/yes", LOOKUPS)


PARAMS = (
    Parameter("country", "_country_iri", "country", True, default="ARG"),
    Parameter("year", "__year_integer", "year", False, enumeration=("2015", "2016")),
    Parameter("text", "__text_string", "string", False),
)


def test_bind_parameters_uses_defaults_and_checks_names():
    assert bind_parameters(PARAMS, {}, LOOKUPS) == {"_country_iri": ARG}
    bound = bind_parameters(PARAMS, {"year": 2016, "text": "", "country": "AR"}, LOOKUPS)
    assert bound == {"_country_iri": ARG, "__year_integer": Literal(2016)}
    with pytest.raises(ParameterError, match="unknown parameter; this query takes: country"):
        bind_parameters(PARAMS, {"contry": "ARG"}, LOOKUPS)
    with pytest.raises(ParameterError, match="not one of: 2015, 2016"):
        bind_parameters(PARAMS, {"year": "2017"}, LOOKUPS)
    required = (Parameter("country", "_country_iri", "country", True),)
    with pytest.raises(ParameterError, match="'country': is required"):
        bind_parameters(required, {}, LOOKUPS)
    with pytest.raises(ParameterError, match="cannot use a list"):
        bind_parameters(PARAMS, {"text": ["a"]}, LOOKUPS)
    with pytest.raises(ParameterError):
        bind_parameters(PARAMS, {"year": True}, LOOKUPS)


# --- no input changes a query's shape -----------------------------------------------------

QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?item ?label WHERE {
  ?item rdfs:label ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?_text_string)))
} ORDER BY ?item ?label"""
LABELS = ["Ministry of Justice", "Ministerio de Justicia", 'a "quoted" } name', "línea 145",
          "\\back\\slash", "tab\there", "new\nline"]


@pytest.fixture(scope="module")
def labelled():
    graph = Graph()
    for number, label in enumerate(LABELS):
        graph.add((URIRef(f"http://example.org/{number}"),
                   URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(label)))
    return graph, OxigraphEngine.from_graph(graph, "v"), prepareQuery(QUERY)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
STRING = param("string")


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(TEXT, st.sampled_from(['"', "'", "}", "\\", '\\"', "# ", ")) } #",
                                             '" . ?s ?p ?o . FILTER("', "justicia", "145"])))
def test_any_string_is_one_literal_and_answers_as_initbindings_does(labelled, text):
    graph, engine, prepared = labelled
    bound = parse_value(STRING, text, LOOKUPS)
    assert bound == Literal(text) and bound.datatype is None and bound.language is None
    # the VALUES block the engines add leaves every token of the query where it was
    bound_text = syntax.with_values(QUERY, {"_text_string": bound})
    block = syntax.values_block({"_text_string": bound})
    assert bound_text.replace("\n" + block, "", 1) == QUERY
    block_tokens = [token.kind for token in syntax.tokens(block)]
    assert block_tokens.count("string") == 1 and "var" in block_tokens
    # and the engine answers exactly what rdflib's own pre-binding answers
    expected = [tuple(row) for row in graph.query(prepared, initBindings={"_text_string": bound})]
    assert list(engine.query(QUERY, {"_text_string": bound}).rows) == expected


@settings(max_examples=300, deadline=None)
@given(type_name=st.sampled_from(["iri", "integer", "year", "country", "concept", "part"]),
       text=st.one_of(TEXT, st.from_regex(r"[a-z]+:[^\s]{0,20}", fullmatch=True),
                      st.integers().map(str)))
def test_any_text_is_refused_or_bound_as_exactly_one_term(type_name, text):
    try:
        term = parse_value(param(type_name), text, LOOKUPS)
    except ParameterError as error:
        assert error.parameter == "p"
        return
    if type_name in ("integer", "year"):
        assert isinstance(term, Literal) and term.datatype == XSD.integer
        assert int(term) == int(text)
    else:
        assert isinstance(term, URIRef)
        block = syntax.values_block({"x": term})
        assert [token.kind for token in syntax.tokens(block)].count("iri") == 1
