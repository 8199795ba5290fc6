"""Property-based tests: whatever a client sends, the answer is a 2xx or a 4xx with a
message, never a 500 or a stack trace."""

from __future__ import annotations

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_support import assert_handled, examples

FUZZ = settings(max_examples=examples(60), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SPARQL_WORDS = st.sampled_from([
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", ".",
    "FILTER", "(", ")", "LIMIT", "10", "<urn:x>", '"a"', "OPTIONAL", "UNION", "GROUP BY",
    "COUNT(*)", "AS", "?n", "INSERT", "DATA", "SERVICE", "FROM", "PREFIX", "x:", "#",
    "\\u0053ERVICE", "'''", "VALUES", "BIND", "*", "a",
])
QUERIES = st.one_of(st.text(max_size=200),
                    st.lists(SPARQL_WORDS, max_size=25).map(" ".join))


@FUZZ
@given(query=QUERIES)
def test_any_query_text_gets_an_answer_or_a_message(server, query):
    assert_handled(requests.get(f"{server}/sparql", params={"query": query}, timeout=30))
    assert_handled(requests.post(f"{server}/sparql", data=query.encode("utf-8"), timeout=30,
                                 headers={"Content-Type": "application/sparql-query"}))


@FUZZ
@given(body=st.binary(max_size=200), content_type=st.sampled_from([
    "application/sparql-query", "application/x-www-form-urlencoded", "text/plain",
    "multipart/form-data", "application/json", ""]))
def test_any_body_gets_an_answer_or_a_message(server, body, content_type):
    assert_handled(requests.post(f"{server}/sparql", data=body, timeout=30,
                                 headers={"Content-Type": content_type}))


HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E),
                      max_size=80)


@FUZZ
@given(accept=HEADER_TEXT, fmt=st.text(max_size=20))
def test_any_accept_or_format_gets_an_answer_or_a_message(server, accept, fmt):
    response = requests.get(f"{server}/sparql", timeout=30,
                            params={"query": "ASK {}", "format": fmt},
                            headers={"Accept": accept})
    assert_handled(response)


@FUZZ
@given(values=st.dictionaries(st.sampled_from(["country", "lang", "x", "year"]),
                              st.text(max_size=40), max_size=3),
       name=st.sampled_from(["test-country-names", "test-laws-since",
                             "test-countries-by-region"]))
def test_any_parameters_get_an_answer_or_a_message_naming_them(server, values, name):
    response = requests.get(f"{server}/api/queries/{name}.json", params=values, timeout=30)
    assert_handled(response)
    if response.status_code == 400:
        assert response.json()["parameter"] in values or response.json()["parameter"] in (
            "country", "lang", "year")


@FUZZ
@given(path=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_any_path_under_the_iri_spaces_is_a_page_or_a_404(server, path):
    for head in ("id", "concept", "source", "country", "dumps", "queries", "assets"):
        response = requests.get(f"{server}/{head}/{requests.utils.quote(path)}", timeout=30)
        assert_handled(response)


TURTLE_BITS = st.sampled_from([
    "@prefix tip: <https://w3id.org/tipgraph/ontology#> .", "<urn:a>", "<urn:b>", "a",
    "tip:Country", "tip:country", ";", ".", '"text"@en', "_:b", "[", "]", "(", ")", "#",
    "<https://w3id.org/tipgraph/id/country/GUY>", "tip:DedicatedHotline", "42", "\n",
])


@FUZZ
@given(body=st.one_of(st.binary(max_size=300), st.lists(TURTLE_BITS, max_size=30).map(
           lambda bits: " ".join(bits).encode())),
       content_type=st.sampled_from(["text/turtle", "application/n-triples",
                                     "application/ld+json", "application/rdf+xml",
                                     "text/plain", "application/octet-stream"]))
def test_any_upload_gets_a_report_or_a_message(server, body, content_type):
    response = requests.post(f"{server}/validate", data=body, timeout=60,
                             headers={"Content-Type": content_type,
                                      "Accept": "application/json"})
    assert_handled(response)
    if response.status_code == 200:
        assert "conforms" in response.json()
