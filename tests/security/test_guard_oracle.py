"""The guard against the engines themselves: whatever text it lets through, neither
pyoxigraph nor rdflib opens a connection when running it.

Each engine is the oracle: the listener counts connections, and a text the guard allows
must leave the count where it was. The texts are glued from fragments that have fooled
token-based checks before: keywords run into names (`SERVICEe:x`), prefixed names that
start with a keyword (`service:x { }`, which Oxigraph reads as SERVICE :x), comments
ended by a carriage return, codepoint escapes.
"""

from __future__ import annotations

import contextlib

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from tipgraph.guard import UnsafeQuery, check_query

FRAGMENTS = [
    "SERVICE", "service", "SeRvIcE", "SILENT", "silent", "e:x", ":x", "service:x",
    "service:", "SERVICEe:x", "serviceSILENT:x", "<{url}>", "{{", "}}", "?s ?p ?o", ".",
    "#c\n", "#c\r", "\t", " ", "\r", "\\u0053", "\\u0073ervice", "ERVICE", "OPTIONAL",
    "FILTER", "EXISTS", "NOT", "(", ")", "true", "1", "GRAPH", "UNION", "MINUS", "FROM",
    "from:x", "NAMED", "BIND(<{url}> AS ?u)", "VALUES ?u {{<{url}>}}", "?u", '"x"', "'",
    "<urn:a>", "a", "LATERAL", "DESCRIBE", "*",
]
STARTS = ["SELECT * WHERE {{", "ASK {{", "SELECT * ", "CONSTRUCT WHERE {{", "DESCRIBE <urn:a> "]
PROLOGUE = "PREFIX : <{url}> PREFIX e: <{url}> PREFIX service: <{url}> PREFIX from: <{url}>\n"

KNOWN_ATTEMPTS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICEe:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ OPTIONAL{{}} service:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ service:x {{}} }} }}",
    "SELECT * WHERE {{ #\rSERVICE <{url}> {{}} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{}} }}",
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{}} }}",
    "ASK {{ service:x {{}} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROMe:x WHERE {{ ?s ?p ?o }}",
    "SELECT * from:x WHERE {{ ?s ?p ?o }}",
]


@pytest.fixture(scope="module")
def stores():
    """A pyoxigraph store and an rdflib graph with one triple, so patterns match."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:a")))
    graph = Graph()
    graph.parse(data="<urn:a> <urn:b> <urn:a> .", format="nt")
    return store, graph


def run_everywhere(text: str, stores) -> None:
    """Run `text` on both engines, ignoring their errors: only connections count."""
    store, graph = stores
    with contextlib.suppress(Exception):  # syntax errors and failed service calls alike
        answer = store.query(text)
        if not isinstance(answer, ox.QueryBoolean):
            list(answer)
    with contextlib.suppress(Exception):
        list(graph.query(text))


def allowed(text: str) -> bool:
    try:
        check_query(text)
    except UnsafeQuery as error:
        assert str(error)
        return False
    return True


@pytest.mark.parametrize("attempt", KNOWN_ATTEMPTS)
def test_known_ways_to_reach_out_are_refused(attempt, listener, stores):
    text = PROLOGUE.format(url=listener.url) + attempt.format(url=listener.url)
    assert not allowed(text)


def test_the_engines_do_reach_out_when_unguarded(listener, stores):
    """The oracle works: run straight, a service call reaches the listener."""
    before = listener.count
    run_everywhere(PROLOGUE.format(url=listener.url) + "ASK { service:x {} }", stores)
    assert listener.count > before


glued = st.tuples(
    st.sampled_from(STARTS),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10),
    st.lists(st.sampled_from(["", " ", "\n"]), min_size=10, max_size=10),
).map(lambda parts: parts[0] + "".join(
    fragment + join for fragment, join in zip(parts[1], parts[2], strict=False)) + " }}")

JOINS = st.sampled_from(["", " ", "\t", "\n", "\r", "#c\n", "#c\r", "\\u0020"])
service_calls = st.builds(
    lambda keyword, j1, silent, j2, target, j3: (
        keyword + j1 + silent + (j2 if silent else "") + target + j3 + "{{ ?s ?p ?o }}"),
    st.sampled_from(["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "\\u0073ervice",
                     "SERV\\u0049CE"]),
    JOINS,
    st.sampled_from(["", "SILENT", "silent"]),
    JOINS,
    st.sampled_from(["<{url}>", ":x", "e:x", ":", "?u", "service:x", "<urn:a>"]),
    JOINS,
)
CONTEXTS = [
    "SELECT * WHERE {{ {call} }}",
    "ASK {{ {call} }}",
    "SELECT * WHERE {{ OPTIONAL {{}} {call} }}",
    "SELECT * WHERE {{ {{}}{call} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {call} }} }}",
    "SELECT * WHERE {{ ?s ?p true{call} }}",
    "SELECT * WHERE {{ ?s ?p ?o .{call} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) {call} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ {call} }} }} }}",
]
structured = st.builds(lambda context, call: context.replace("{call}", call),
                       st.sampled_from(CONTEXTS), service_calls)


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempt=st.one_of(glued, structured))
def test_whatever_the_guard_allows_reaches_nothing(attempt, listener, stores):
    text = (PROLOGUE + attempt).format(url=listener.url)
    if not allowed(text):
        return
    before = listener.count
    run_everywhere(text, stores)
    assert listener.count == before, f"the guard let through a query that connected: {text!r}"
