"""The ontology's documentation, generated from the graph itself.

Classes and properties of the tip: namespace with their labels, definitions, super
terms, domains and ranges, and the SKOS concept schemes, read through the engine, so
the page always documents the ontology that is being served.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from tipgraph.namespaces import TIP, sparql_prologue
from tipgraph.web.describe import names_of

ONTOLOGY = URIRef(str(TIP).rstrip("#"))

TERMS = sparql_prologue() + """
SELECT ?term ?p ?o WHERE {
  VALUES ?p { rdf:type rdfs:label skos:definition rdfs:comment rdfs:subClassOf
              rdfs:subPropertyOf rdfs:domain rdfs:range owl:equivalentClass rdfs:seeAlso }
  ?term ?p ?o .
  FILTER(STRSTARTS(STR(?term), STR(tip:)))
}"""
HEADER = sparql_prologue() + "SELECT ?p ?o WHERE { ?s ?p ?o }"
# Every label of the graph: a few thousand rows, read once for the page, and a pattern
# every engine answers fast (rdflib does not narrow a join by a VALUES block).
LABELS = sparql_prologue() + """
SELECT ?x ?label WHERE { { ?x rdfs:label ?label } UNION { ?x skos:prefLabel ?label } }"""
SCHEMES = sparql_prologue() + """
SELECT ?scheme ?definition (COUNT(DISTINCT ?concept) AS ?concepts) WHERE {
  ?scheme a skos:ConceptScheme .
  OPTIONAL { ?scheme skos:definition ?definition }
  OPTIONAL { ?concept skos:inScheme ?scheme }
} GROUP BY ?scheme ?definition ORDER BY ?scheme"""
ONTOLOGY_DESCRIBE = sparql_prologue() + """
DESCRIBE ?term WHERE {
  VALUES ?kind { owl:Ontology owl:Class owl:ObjectProperty owl:DatatypeProperty
                 owl:AnnotationProperty }
  ?term a ?kind .
  FILTER(STRSTARTS(STR(?term), "https://w3id.org/tipgraph/ontology"))
}"""

KINDS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
)


@dataclass(frozen=True)
class Term:
    """One documented class or property."""

    iri: URIRef
    name: str
    label: str
    definitions: tuple[str, ...]
    supers: tuple[URIRef, ...]
    subs: tuple[URIRef, ...]
    domains: tuple[URIRef, ...]
    ranges: tuple[URIRef, ...]
    defined: bool
    see_also: tuple[URIRef, ...]


@dataclass(frozen=True)
class Documentation:
    """The whole page: the ontology's header, its terms by kind, its concept schemes."""

    header: tuple[tuple[URIRef, object], ...]
    sections: tuple[tuple[str, str, tuple[Term, ...]], ...]
    schemes: tuple[tuple[URIRef, object, int], ...]
    names: dict


def _values(rows, term, predicate) -> tuple:
    return tuple(sorted({o for t, p, o in rows if t == term and p == predicate},
                        key=str))


def document(query) -> Documentation:
    """Read the ontology's documentation with `query` (text, bindings) -> result."""
    rows = query(TERMS).rows
    names = names_of(query(LABELS).rows)
    iri_values = [(t, p, o) for t, p, o in rows if isinstance(o, URIRef)]
    sections = []
    for anchor, title, kind in KINDS:
        members = sorted({t for t, p, o in rows if p == RDF.type and o == kind}, key=str)
        sub_predicate = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
        terms = tuple(
            Term(
                iri=term,
                name=str(term)[len(str(TIP)):],
                label=str(names.get(term) or ""),
                definitions=tuple(str(v) for v in _values(rows, term, SKOS.definition)
                                  + _values(rows, term, RDFS.comment)),
                supers=tuple(v for v in _values(iri_values, term, sub_predicate)),
                subs=tuple(sorted({t for t, p, o in iri_values
                                   if p == sub_predicate and o == term}, key=str)),
                domains=_values(iri_values, term, RDFS.domain),
                ranges=_values(iri_values, term, RDFS.range),
                defined=bool(_values(rows, term, OWL.equivalentClass)),
                see_also=_values(iri_values, term, RDFS.seeAlso),
            )
            for term in members)
        sections.append((anchor, title, terms))
    header = tuple(sorted(((p, o) for p, o in query(HEADER, {"s": ONTOLOGY}).rows),
                          key=lambda pair: (str(pair[0]), str(pair[1]))))
    schemes = tuple((scheme, definition, int(count))
                    for scheme, definition, count in query(SCHEMES).rows)
    return Documentation(header, tuple(sections), schemes, names)


def ontology_rdf(query):
    """The ontology's terms with their full (blank-node) definitions, as a graph result."""
    return query(ONTOLOGY_DESCRIBE)
