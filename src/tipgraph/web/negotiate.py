"""Content negotiation: pick a format from the client's Accept header, by tables.

Each table maps the media types a client may ask for to the name of a writer
(tipgraph.results.FORMATS, or "html" for a page). Order matters: when the client likes
several offers equally (`*/*`, or no Accept at all), the first offer wins, so each table
starts with the format a machine client most likely wants.
https://www.rfc-editor.org/rfc/rfc9110#name-accept
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from werkzeug.datastructures import MIMEAccept

from tipgraph.results import FORMATS

HTML = "html"

# SELECT and ASK: https://www.w3.org/TR/sparql11-protocol/#query-success
TABULAR: Mapping[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": HTML,
    "application/xhtml+xml": HTML,
}

# CONSTRUCT and DESCRIBE, and every RDF document the app serves. N3 readers read Turtle,
# so a client asking for N3 gets Turtle under its own name.
GRAPH: Mapping[str, str] = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "text/html": HTML,
    "application/xhtml+xml": HTML,
}

# RDF documents without a page of their own (dumps, VoID): the same, less HTML.
RDF_ONLY: Mapping[str, str] = {media: name for media, name in GRAPH.items() if name != HTML}

# Pages about a resource: a browser gets HTML, anyone else RDF.
PAGE_FIRST: Mapping[str, str] = {"text/html": HTML, **RDF_ONLY}

# The `format` / `output` / `results` words SPARQL clients send (SPARQLWrapper sends all
# three), per result kind; a media type is accepted there as well.
KEYWORDS: Mapping[str, Mapping[str, str]] = {
    "tabular": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": HTML},
    "graph": {"json": "jsonld", "json-ld": "jsonld", "jsonld": "jsonld", "xml": "rdfxml",
              "rdf": "rdfxml", "rdf+xml": "rdfxml", "rdfxml": "rdfxml", "turtle": "turtle",
              "ttl": "turtle", "n3": "turtle", "nt": "nt", "ntriples": "nt",
              "n-triples": "nt", "html": HTML},
}

# File suffixes that name a format in a path (/id/country/ARG.ttl).
SUFFIXES: Mapping[str, str] = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld",
                               ".rdf": "rdfxml", ".html": HTML}


def media_type(name: str) -> str:
    """The media type a response in format `name` carries."""
    return "text/html" if name == HTML else FORMATS[name].media_type


def choose(accept: MIMEAccept, table: Mapping[str, str]) -> str | None:
    """The format the client prefers among a table's offers, or None (a 406).

    A request without Accept takes the table's first offer, as `*/*` would.
    """
    offers = list(table)
    if not accept:
        return table[offers[0]]
    best = accept.best_match(offers)
    return table[best] if best else None


def from_keywords(words: Iterable[str], table: Mapping[str, str],
                  keywords: Mapping[str, str]) -> str | None:
    """The format named by the first recognised format word or media type, if any."""
    for word in words:
        key = word.strip().lower()
        if key in keywords:
            return keywords[key]
        if key.split(";")[0].strip() in table:
            return table[key.split(";")[0].strip()]
    return None


def offered(table: Mapping[str, str]) -> str:
    """The media types a table offers, for a 406 message."""
    return ", ".join(dict.fromkeys(media_type(name) for name in table.values()))
