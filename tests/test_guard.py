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
