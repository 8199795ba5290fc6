"""How terms appear on pages: links, short names and labels, as Jinja filters and tests.

Only http(s) IRIs ever become links, so an IRI in the data such as `javascript:...` is
shown as text, never followed. IRIs of this graph link to this server's own pages
rather than to w3id.org, so a local or mirrored deployment can be browsed as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Flask, request
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from tipgraph.namespaces import BASE
from tipgraph.results import short_form

# Heads of the IRIs under BASE this app serves, and the path each is served at.
LOCAL_HEADS: Mapping[str, str] = {
    "id/": "id/",
    "concept/": "concept/",
    "source/": "source/",
    "ontology": "ontology",
    "dumps/": "dumps/",
    "sparql": "sparql",
    "dataset": ".well-known/void",
}

LANGUAGE_PREFERENCE = ("en", "", "es", "pt", "fr")

# Datatypes whose values read plainly on a page (a number, a year, true); other
# datatypes are shown beside the value.
QUIET_DATATYPES = frozenset(XSD[name] for name in (
    "string", "integer", "int", "long", "decimal", "double", "float", "boolean",
    "gYear", "date", "dateTime", "nonNegativeInteger", "positiveInteger"))


def local_path(iri: str) -> str | None:
    """The path on this server that answers for an IRI of the graph, if any."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    for head, path in LOCAL_HEADS.items():
        if rest.startswith(head):
            if head == "dataset":
                return request.script_root + "/" + path if rest == head else None
            return request.script_root + "/" + path + rest[len(head):]
    return None


def href(term) -> str | None:
    """Where a link to a term should go: this server, the web, or nowhere."""
    if not isinstance(term, URIRef):
        return None
    iri = str(term)
    local = local_path(iri)
    if local is not None:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


def best_label(labels: Iterable[Literal]) -> Literal | None:
    """Pick one label: English first, then untagged, then Spanish, Portuguese, French."""
    ranked = sorted(
        labels,
        key=lambda label: (
            LANGUAGE_PREFERENCE.index(label.language or "")
            if (label.language or "") in LANGUAGE_PREFERENCE else len(LANGUAGE_PREFERENCE),
            str(label),
        ),
    )
    return ranked[0] if ranked else None


def register(app: Flask) -> None:
    """Install the filters and tests templates use to show terms."""
    app.jinja_env.filters.update(href=href, short=short_form)
    app.jinja_env.tests.update(
        iri=lambda term: isinstance(term, URIRef),
        literal=lambda term: isinstance(term, Literal),
        bnode=lambda term: isinstance(term, BNode),
        quiet=lambda datatype: datatype is None or datatype in QUIET_DATATYPES,
    )
