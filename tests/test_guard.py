"""The SPARQL guard refuses what could reach outside or change the graph, and only that."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tipgraph.guard import UnsafeQuery, check_query

REFUSED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "PREFIX x: <urn:x> WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    r"SELECT * WHERE { \u0053ERVICE <http://example.org/> { ?s ?p ?o } }",
    r"SELECT * WHERE { \U00000053ervice <http://example.org/> { ?s ?p ?o } }",
]

ALLOWED = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    'SELECT * WHERE { ?s ?p "SERVICE and LOAD and INSERT" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/> in a comment",
    "PREFIX service: <urn:x/> SELECT ?service ?load WHERE { ?service service:from ?load }",
    "SELECT * WHERE { <http://example.org/SERVICE/LOAD> ?p ?o }",
    'SELECT * WHERE { ?s ?p """a " SERVICE """ }',
    "ASK { ?s a <urn:Insert> }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DESCRIBE <urn:x>",
]


@pytest.mark.parametrize("query", REFUSED)
def test_refused(query):
    with pytest.raises(UnsafeQuery):
        check_query(query)


@pytest.mark.parametrize("query", ALLOWED)
def test_allowed(query):
    check_query(query)


@given(st.text())
def test_any_text_is_either_allowed_or_refused_with_a_reason(text):
    try:
        check_query(text)
    except UnsafeQuery as error:
        assert str(error)


@given(
    keyword=st.sampled_from(["service", "from", "load", "insert", "delete", "drop", "clear"]),
    case=st.lists(st.booleans(), min_size=7, max_size=7),
    before=st.sampled_from(["SELECT * WHERE { ", "SELECT * ", "", "ASK {"]),
    space=st.sampled_from([" ", "\n", "\t", "  "]),
)
def test_a_keyword_in_any_case_or_spacing_is_refused(keyword, case, before, space):
    word = "".join(ch.upper() if up else ch for ch, up in zip(keyword, case))
    with pytest.raises(UnsafeQuery):
        check_query(f"{before}{space}{word}{space}<http://127.0.0.1:9/>{space}{{ ?s ?p ?o }}")


# --- dataset clauses: the dataset's own graphs, by full IRI, and nothing else -------------

GRAPHS = frozenset({"https://w3id.org/tipgraph/source/oas-tip-2018/appendix/3",
                    "https://w3id.org/tipgraph/graph/countries"})
APPENDIX_3 = "<https://w3id.org/tipgraph/source/oas-tip-2018/appendix/3>"

FROM_ALLOWED = [
    f"SELECT * FROM {APPENDIX_3} WHERE {{ ?s ?p ?o }}",
    f"select * from named {APPENDIX_3} where {{ graph ?g {{ ?s ?p ?o }} }}",
    f"SELECT * FROM {APPENDIX_3} FROM NAMED <https://w3id.org/tipgraph/graph/countries> {{ }}",
    f"SELECT * FROM\n# a comment\n{APPENDIX_3} {{ }}",
    f"SELECT * FROMNAMED{APPENDIX_3} {{ }}",  # how Oxigraph may read a glued FROM NAMED
    r"SELECT * FROM <https://w3id.org/tipgraph/graph/\u0063ountries> { }",
]

# (query, what the refusal names)
FROM_REFUSED = [
    ("SELECT * FROM <http://127.0.0.1:9/data.ttl> { }", "<http://127.0.0.1:9/data.ttl>"),
    ("SELECT * FROM NAMED <file:///etc/passwd> { }", "FROM NAMED <file:///etc/passwd>"),
    (f"SELECT * FROM {APPENDIX_3} FROM <http://example.org/g> {{ }}", "<http://example.org/g>"),
    ("SELECT * FROM <source/oas-tip-2018/appendix/3> { }", "<source/oas-tip-2018/appendix/3>"),
    ("BASE <https://w3id.org/tipgraph/> SELECT * FROM <graph/countries> { }",
     "<graph/countries>"),
    ("PREFIX a: <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/> "
     "SELECT * FROM a:3 { }", "a:3"),
    ("SELECT * FROM NAMED:x { }", "NAMED:x"),  # FROM NAMED :x to a loose parser
    ("SELECT * FROM:x { }", "FROM"),
    ("SELECT * FROMNAMED:x { }", "FROM"),
    (f"SELECT * FROMX {APPENDIX_3} {{ }}", "FROM"),
    (f"SELECT * FROM NAMEDX {APPENDIX_3} {{ }}", "NAMEDX"),
    (f"SELECT * FROM NAMED NAMED {APPENDIX_3} {{ }}", "NAMED"),
    (f"SELECT * {{ {{ SELECT * FROM {APPENDIX_3} {{ }} }} }}", "inside a group"),
    ("SELECT * FROM", "without a graph"),
    (r"SELECT * FROM <http://127.0.0.1:9/\u0067> { }", "<http://127.0.0.1:9/g>"),
    (r"SELECT * \u0046ROM <http://example.org/g> { }", "<http://example.org/g>"),
]


@pytest.mark.parametrize("query", FROM_ALLOWED)
def test_a_dataset_clause_naming_the_datasets_graphs_may_run(query):
    check_query(query, GRAPHS)


@pytest.mark.parametrize(("query", "named"), FROM_REFUSED)
def test_any_other_dataset_clause_is_refused_naming_it(query, named):
    with pytest.raises(UnsafeQuery) as refused:
        check_query(query, GRAPHS)
    assert named in str(refused.value) and "FROM" in str(refused.value)


@pytest.mark.parametrize("query", FROM_ALLOWED)
def test_without_the_datasets_graphs_every_dataset_clause_is_refused(query):
    with pytest.raises(UnsafeQuery):
        check_query(query)
