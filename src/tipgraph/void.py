"""Describe a build in VoID and DCAT: size, classes, licence, source and version."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from tipgraph.namespaces import BASE, ID, REPORT, SCHEMA, TIP, bind_prefixes

DATASET = URIRef(BASE + "dataset")
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DISTRIBUTIONS = {
    "tipgraph.ttl": "text/turtle",
    "tipgraph.nt": "application/n-triples",
    "tipgraph.jsonld": "application/ld+json",
}


def describe(graph: Graph, version: str) -> Graph:
    """Return a VoID/DCAT description of `graph` as built from inputs with `version`."""
    void = bind_prefixes(Graph())
    add = void.add
    for kind in (VOID.Dataset, DCAT.Dataset):
        add((DATASET, RDF.type, kind))
    add((DATASET, DCTERMS.title, Literal("tipgraph", lang="en")))
    add((DATASET, DCTERMS.description, Literal(
        "Government action against trafficking in persons in the Americas, as reported by "
        "OAS member states in the Progress Report on the II Work Plan Against Trafficking "
        "in Persons in the Western Hemisphere 2015-2018; every fact cites its place in "
        "the report.", lang="en")))
    add((DATASET, DCTERMS.license, DATA_LICENSE))
    add((DATASET, DCTERMS.source, URIRef(REPORT)))
    add((DATASET, DCTERMS.rights, Literal(
        "Facts extracted from a publication of the General Secretariat of the Organization "
        "of American States; cite the report as their source.", lang="en")))
    add((DATASET, OWL.versionInfo, Literal(version)))
    add((DATASET, SCHEMA.version, Literal(version)))
    add((DATASET, VOID.uriSpace, Literal(str(ID))))
    add((DATASET, VOID.vocabulary, URIRef(str(TIP))))
    add((DATASET, VOID.sparqlEndpoint, URIRef(BASE + "sparql")))
    add((DATASET, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    add((DATASET, VOID.distinctSubjects, Literal(len(set(graph.subjects())), datatype=XSD.integer)))
    add((DATASET, VOID.properties, Literal(len(set(graph.predicates())), datatype=XSD.integer)))
    classes = Counter(cls for cls in graph.objects(None, RDF.type) if isinstance(cls, URIRef))
    entities = Counter(cls for _, cls in graph.subject_objects(RDF.type))
    add((DATASET, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls in sorted(classes):
        partition = URIRef(f"{DATASET}/class/{_local(cls)}")
        add((DATASET, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(entities[cls], datatype=XSD.integer)))
    for name, media_type in DISTRIBUTIONS.items():
        dump = URIRef(f"{BASE}dumps/{name}")
        add((DATASET, VOID.dataDump, dump))
        add((DATASET, DCAT.distribution, dump))
        add((dump, RDF.type, DCAT.Distribution))
        add((dump, DCAT.downloadURL, dump))
        add((dump, DCAT.mediaType, Literal(media_type)))
        add((dump, DCTERMS.license, DATA_LICENSE))
    return void


def _local(iri: URIRef) -> str:
    """A readable, IRI-safe slug for a class partition."""
    text = str(iri).removeprefix(str(TIP)).split("//", 1)[-1]
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-")
