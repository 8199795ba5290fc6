"""What the graph says about one IRI, for its page: types, labels, properties, links.

Everything is read through the engine (any engine), by a handful of small queries with
the IRI bound as a term, never spliced into the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from tipgraph.namespaces import TIP, sparql_prologue
from tipgraph.results import GraphResult
from tipgraph.web.present import best_label

INCOMING_LIMIT = 500

EXISTS = sparql_prologue() + "ASK WHERE { { ?s ?p ?o } UNION { ?x ?q ?s } }"
OUTGOING = sparql_prologue() + "SELECT ?p ?o WHERE { ?s ?p ?o }"
INCOMING = sparql_prologue() + (
    "SELECT ?x ?p WHERE { ?x ?p ?s FILTER(isIRI(?x)) } "
    f"ORDER BY ?p ?x LIMIT {INCOMING_LIMIT + 1}")
# Labels for every IRI a page about ?s shows: its values, its predicates, its neighbours.
LABELS = sparql_prologue() + """
SELECT DISTINCT ?x ?label WHERE {
  { ?s ?p ?x } UNION { ?s ?x ?o } UNION { ?x ?p ?s } UNION { ?y ?x ?s }
  { ?x rdfs:label ?label } UNION { ?x skos:prefLabel ?label }
}"""
DESCRIBE = "DESCRIBE ?s WHERE { }"

SOURCE_PROPERTIES = (PROV.wasDerivedFrom, TIP.question)
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)
FIRST_PROPERTIES = (RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.definition)


@dataclass(frozen=True)
class Description:
    """One IRI's page: what it is, what it says, what points at it, where it comes from."""

    iri: URIRef
    types: tuple[URIRef, ...]
    labels: tuple[Literal, ...]
    properties: tuple[tuple[URIRef, tuple], ...]
    incoming: tuple[tuple[URIRef, URIRef], ...]
    incoming_cut: bool
    sources: tuple[URIRef, ...]
    names: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The label to head the page with, or the IRI."""
        label = best_label(self.labels)
        return str(label) if label is not None else str(self.iri)

    def value(self, predicate: URIRef):
        """The first value of a property, or None."""
        for key, values in self.properties:
            if key == predicate:
                return values[0]
        return None


def exists(query, iri: URIRef) -> bool:
    """Whether the graph mentions the IRI as a subject or an object."""
    return bool(query(EXISTS, {"s": iri}))


def names_of(rows: Iterable[tuple]) -> dict[URIRef, Literal]:
    """One display label per IRI, from (iri, label) rows."""
    labels: dict[URIRef, list[Literal]] = {}
    for iri, label in rows:
        labels.setdefault(iri, []).append(label)
    return {iri: best_label(values) for iri, values in labels.items()}


def _ordered(pairs: Iterable[tuple], names: dict) -> tuple[tuple[URIRef, tuple], ...]:
    grouped: dict[URIRef, list] = {}
    for predicate, value in pairs:
        grouped.setdefault(predicate, []).append(value)

    def key(predicate: URIRef):
        first = FIRST_PROPERTIES.index(predicate) if predicate in FIRST_PROPERTIES else 99
        return first, str(names.get(predicate) or predicate)

    return tuple(
        (predicate, tuple(sorted(grouped[predicate], key=lambda v: (str(names.get(v) or v)))))
        for predicate in sorted(grouped, key=key))


def describe(query, iri: URIRef) -> Description:
    """Read a description of `iri` with `query` (text, bindings) -> result."""
    bound = {"s": iri}
    outgoing = query(OUTGOING, bound).rows
    incoming = query(INCOMING, bound).rows
    names = names_of(query(LABELS, bound).rows)
    return Description(
        iri=iri,
        types=tuple(sorted({o for p, o in outgoing if p == RDF.type})),
        labels=tuple(o for p, o in outgoing if p in LABEL_PROPERTIES),
        properties=_ordered(outgoing, names),
        incoming=tuple((x, p) for x, p in incoming[:INCOMING_LIMIT]),
        incoming_cut=len(incoming) > INCOMING_LIMIT,
        sources=tuple(sorted({o for p, o in outgoing if p in SOURCE_PROPERTIES})),
        names=names,
    )


def rdf_description(query, iri: URIRef) -> GraphResult:
    """The IRI's concise bounded description, as the engine's DESCRIBE gives it."""
    return query(DESCRIBE, {"s": iri})
