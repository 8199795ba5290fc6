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
from rdflib import Graph
from security_support import KNOWN_ATTEMPTS, PROLOGUE, reach_attempts

from tipgraph.guard import UnsafeQuery, check_query


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


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempt=reach_attempts)
def test_whatever_the_guard_allows_reaches_nothing(attempt, listener, stores):
    text = (PROLOGUE + attempt).format(url=listener.url)
    if not allowed(text):
        return
    before = listener.count
    run_everywhere(text, stores)
    assert listener.count == before, f"the guard let through a query that connected: {text!r}"
