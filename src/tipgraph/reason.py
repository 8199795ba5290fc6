"""Reason over the graph with HermiT (through owlready2) and keep the inferred types.

The reasoner sees the ontology's axioms and the data's types and links, not its literals:
the categories the report defines follow from links, and HermiT refuses datatypes such
as xsd:gYear. The result is the set of new `rdf:type` triples for tipgraph's classes, so
every engine can answer with them and no reasoner runs at query time.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from dataclasses import dataclass
from urllib.parse import quote

import owlready2
import owlready2.reasoning
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, XSD

from tipgraph.namespaces import BASE, TIP

REASONING_BASE = "https://w3id.org/tipgraph/reasoning/"
# HermiT runs for a second or two in a fresh JVM: too short for the optimising compiler to
# pay off, so the JVM uses only its quick one (C1). Measured on this graph: 1.1 s of CPU
# instead of 2.1 s, with the same answer.
JAVA_OPTIONS = "-XX:TieredStopAtLevel=1"
JAVA_MISSING = (
    "HermiT needs a Java runtime and none was found on PATH: "
    "install one (apt-get install -y default-jre-headless) and run again"
)


class ReasoningError(Exception):
    """The reasoner could not run, or found the graph inconsistent."""


@dataclass(frozen=True)
class Clash:
    """An axiom whose removal makes the graph consistent, with the nodes it bears on."""

    axiom: str
    nodes: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.axiom} (involving {', '.join(self.nodes) or 'no named node'})"


class InconsistentGraph(ReasoningError):
    """HermiT found no model; `clashes` names the axioms involved."""

    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        detail = "; ".join(map(str, clashes)) or "no single disjointness or functional axiom"
        super().__init__(f"the graph is inconsistent: {detail}")


def reasoning_input(graph: Graph) -> Graph:
    """Keep what HermiT needs and accepts: links and axioms, not literals or datatypes.

    owl:sameAs links to Wikidata are left out too: they identify our countries for
    consumers, and would only copy every inferred type onto the Wikidata IRIs.

    Each `owl:hasValue v` becomes `owl:someValuesFrom V`, V a class whose one member is
    v. Nominals together with inverse roles make HermiT's tableau slow (measured: 28 s
    against 6 s on this graph); for named individuals with asserted values the two
    classify alike, and a country in two exclusive categories still clashes.
    """
    kept = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) or str(o).startswith(str(XSD)) or o == RDF.Property:
            continue
        if p == OWL.sameAs:
            continue
        if p == OWL.hasValue:
            singleton = URIRef(REASONING_BASE + "value/" + quote(str(o), safe=""))
            kept.add((s, OWL.someValuesFrom, singleton))
            kept.add((singleton, RDF.type, OWL.Class))
            kept.add((o, RDF.type, singleton))
            continue
        kept.add((s, p, o))
    return kept


@contextlib.contextmanager
def _java_options():
    """Give the java that owlready2 starts JAVA_OPTIONS, through its environment alone.

    JDK_JAVA_OPTIONS is read by the java launcher only
    (https://docs.oracle.com/en/java/javase/17/docs/specs/man/java.html); owlready2 passes
    `_subprocess_kargs` to every java it starts. Without that hook, java runs as before.
    """
    kargs = getattr(owlready2.reasoning, "_subprocess_kargs", None)
    if not isinstance(kargs, dict) or "env" in kargs:
        yield
        return
    given = os.environ.get("JDK_JAVA_OPTIONS", "")
    kargs["env"] = {**os.environ, "JDK_JAVA_OPTIONS": f"{given} {JAVA_OPTIONS}".strip()}
    try:
        yield
    finally:
        kargs.pop("env", None)


def _run_hermit(graph: Graph) -> owlready2.World:
    world = owlready2.World()
    ontology = world.get_ontology(REASONING_BASE)
    ontology.load(fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")),
                  format="ntriples")
    with ontology, _java_options():
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


def _consistent(graph: Graph) -> owlready2.World | None:
    try:
        return _run_hermit(graph)
    except owlready2.OwlReadyInconsistentOntologyError:
        return None


def inferred_types(graph: Graph) -> Graph:
    """Return the rdf:type triples for tipgraph classes that HermiT entails and `graph` lacks.

    Raises ReasoningError when Java is missing and InconsistentGraph, naming the axioms
    involved, when the graph has no model.
    """
    if shutil.which("java") is None:
        raise ReasoningError(JAVA_MISSING)
    source = reasoning_input(graph)
    world = _consistent(source)
    if world is None:
        raise InconsistentGraph(explain(source))
    inferred = Graph()
    for cls in world.classes():
        if not cls.iri.startswith(str(TIP)):
            continue
        for individual in cls.instances():
            triple = (URIRef(individual.iri), RDF.type, URIRef(cls.iri))
            if individual.iri.startswith(BASE) and triple not in graph:
                inferred.add(triple)
    return inferred


def _exclusion_axioms(graph: Graph):
    """Yield (description, triples) for each axiom that can make the graph inconsistent."""
    for a, b in graph.subject_objects(OWL.disjointWith):
        yield f"{a.n3()} owl:disjointWith {b.n3()}", [(a, OWL.disjointWith, b)]
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(axiom, OWL.members)
        names = " ".join(m.n3() for m in graph.items(members))
        yield f"owl:AllDisjointClasses ( {names} )", [(axiom, RDF.type, OWL.AllDisjointClasses)]
    for prop in graph.subjects(RDF.type, OWL.FunctionalProperty):
        yield f"{prop.n3()} a owl:FunctionalProperty", [(prop, RDF.type, OWL.FunctionalProperty)]


def _instances(world: owlready2.World, iri: URIRef) -> set[str]:
    entity = world[str(iri)]
    return {i.iri for i in entity.instances()} if entity is not None else set()


def _nodes_of(graph: Graph, world: owlready2.World, triples) -> tuple[str, ...]:
    """The named nodes that break one exclusion axiom in the relaxed world."""
    s, p, o = triples[0]
    if p == OWL.disjointWith:
        return tuple(sorted(_instances(world, s) & _instances(world, o)))
    if p == RDF.type and o == OWL.AllDisjointClasses:
        members = [_instances(world, m) for m in graph.items(graph.value(s, OWL.members))]
        shared = {i for k, a in enumerate(members) for b in members[k + 1:] for i in a & b}
        return tuple(sorted(shared))
    clashing = {str(x) for x in graph.subjects(s, None) if len(set(graph.objects(x, s))) > 1}
    return tuple(sorted(clashing))


def explain(graph: Graph) -> list[Clash]:
    """Name the exclusion axioms that the graph breaks, and the nodes that break them.

    One more HermiT run, on the graph without any disjointness or functional axiom,
    classifies every node; each exclusion axiom is then checked against that result.
    """
    axioms = list(_exclusion_axioms(graph))
    removed = {triple for _, triples in axioms for triple in triples}
    relaxed = Graph()
    for triple in graph:
        if triple not in removed:
            relaxed.add(triple)
    world = _consistent(relaxed)
    if world is None:
        return []
    clashes = (Clash(description, _nodes_of(graph, world, triples))
               for description, triples in axioms)
    return [clash for clash in clashes if clash.nodes]
