"""Mutated uploads: a real country record, in each syntax, with characters put into its
IRIs, cut short, bytes flipped or delimiters swapped, posted to /validate through the
Flask test client (so through the validation worker). Whatever arrives, the answer is a
report or a 4xx with a message, never a 5xx but a 503 (every worker busy, or a
validation past its time limit).

Derandomized, so every run tries the same uploads.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from web_support import assert_handled, examples

from tipgraph.namespaces import ID, TIP

MUTATIONS = settings(max_examples=examples(200), deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow])
SYNTAXES = {"turtle": ("text/turtle", "ttl"), "json-ld": ("application/ld+json", "jsonld"),
            "xml": ("application/rdf+xml", "rdf"), "nt": ("application/n-triples", "nt")}
# Where an IRI is written: in angle brackets (Turtle, N-Triples), or as a quoted string
# (a JSON-LD "@id", an RDF/XML rdf:about or rdf:resource).
IRIS = re.compile(r'<([^<>"\s]+)>|"((?:https?|urn):[^"]*)"')
# What goes into an IRI: what RFC 3987 forbids, escapes of it, and the merely odd.
ODD = st.sampled_from([" ", "\t", "\n", "\x00", "\x07", "\x7f", "\x85", "<", ">", '"', "{",
                       "}", "|", "^", "`", "\\", "%", "%zz", "%20", "#", "##", "?", "[", "]",
                       "é", "\u202e", "\ufffd", "\\u0020", "\\u003C", "\\uD800", "\\\\",
                       "_:", ":", "//", "/../", "@", "&lt;", "&#1;", "\\t"])
DELIMITERS = "<>\"'{}[]();,.:@^#_"
DELIMITER = re.compile("[" + re.escape(DELIMITERS) + "]")


@pytest.fixture(scope="module")
def records(graph) -> list[tuple[str, str]]:
    """Guyana's hotlines and first few other nodes, with all they state, in each syntax."""
    about = sorted(graph.subjects(TIP.country, ID["country/GUY"]))
    record = Graph(namespace_manager=graph.namespace_manager)
    for node in [node for node in about if "/hotline/" in node] + about[:4]:
        record += graph.triples((node, None, None))
    return [(record.serialize(format=syntax), syntax) for syntax in SYNTAXES]


def in_an_iri(data: st.DataObject, text: str) -> str:
    """Put odd characters into one of the IRIs, or write them over one character."""
    spans = [match.span(1 if match.group(1) else 2) for match in IRIS.finditer(text)]
    if not spans:
        return text
    start, end = data.draw(st.sampled_from(spans))
    at = data.draw(st.integers(start, end))
    over = data.draw(st.integers(0, 1)) if at < end else 0
    return text[:at] + data.draw(ODD) + text[at + over:]


def cut_short(data: st.DataObject, text: str) -> str:
    """Cut off the end, by a drawn number of characters (few, more often than many)."""
    return text[:len(text) - data.draw(st.integers(0, len(text)))]


def swap_a_delimiter(data: st.DataObject, text: str) -> str:
    """Write another delimiter over the first one at or after a drawn place."""
    found = DELIMITER.search(text, data.draw(st.integers(0, len(text))))
    if found is None:
        return text
    return text[:found.start()] + data.draw(st.sampled_from(DELIMITERS)) + text[found.end():]


def flip_bits(data: st.DataObject, body: bytes) -> bytes:
    """Flip a bit of a few bytes: text that may no longer be UTF-8."""
    flipped = bytearray(body)
    for _ in range(data.draw(st.integers(0, 2))):
        if flipped:
            at = data.draw(st.integers(0, len(flipped) - 1))
            flipped[at] ^= 1 << data.draw(st.integers(0, 7))
    return bytes(flipped)


TEXT_MUTATIONS = [in_an_iri, in_an_iri, cut_short, swap_a_delimiter]


@MUTATIONS
@given(data=st.data())
def test_a_mutated_record_gets_a_report_or_a_message(client, records, data):
    text, syntax = data.draw(st.sampled_from(records))
    for mutate in data.draw(st.lists(st.sampled_from(TEXT_MUTATIONS), min_size=1,
                                     max_size=3)):
        text = mutate(data, text)
    body = flip_bits(data, text.encode("utf-8"))
    media_type, suffix = SYNTAXES[syntax]
    if data.draw(st.booleans()):
        response = client.post("/validate", data=body, headers={
            "Content-Type": media_type, "Accept": "application/json"})
    else:
        response = client.post("/validate", headers={"Accept": "application/json"},
                               data={"file": (io.BytesIO(body), f"record.{suffix}")})
    assert_handled(response)
    if response.status_code == 200:
        assert "conforms" in json.loads(response.text)
