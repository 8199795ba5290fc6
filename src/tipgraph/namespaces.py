"""Declare the graph's namespaces once, for code, serializers and SPARQL prefixes."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

TIP = Namespace("https://w3id.org/tipgraph/ontology#")
ID = Namespace("https://w3id.org/tipgraph/id/")
CONCEPT = Namespace("https://w3id.org/tipgraph/concept/")
SRC = Namespace("https://w3id.org/tipgraph/source/oas-tip-2018/")
REPORT = SRC[""].rstrip("/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
WD = Namespace("http://www.wikidata.org/entity/")

BASE = "https://w3id.org/tipgraph/"
# Graphs that are not a part of the report: one per ontology file, the countries' outside
# facts, the reasoner's types (https://w3id.org/tipgraph/graph/inferred).
GRAPH_BASE = BASE + "graph/"

PREFIXES = {
    "tip": TIP,
    "id": ID,
    "c": CONCEPT,
    "src": SRC,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "prov": PROV,
    "org": ORG,
    "schema": SCHEMA,
    "vcard": VCARD,
    "void": VOID,
    "sh": SH,
    "wd": WD,
}


def sparql_prologue() -> str:
    """Return PREFIX declarations for every namespace, for queries typed by people."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_prefixes(graph):
    """Bind the project's prefixes on an rdflib graph so serializations read well."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
