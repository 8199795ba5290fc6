"""A country's profile: every node of the graph that belongs to it, by kind, with sources.

A node belongs to a country when it says `tip:country` that country. Nodes are put in
the first section whose class they are (directly or by rdfs:subClassOf), in the order
of SECTIONS, so a new kind of node lands in "Other facts" rather than disappearing.
Findings are listed by the concept scheme of their value (the aspect they are about);
discrepancies are those that concern the country or one of its nodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from tipgraph.namespaces import TIP, sparql_prologue
from tipgraph.web.describe import (
    LABEL_PROPERTIES,
    SOURCE_PROPERTIES,
    Description,
    describe,
    names_of,
)

SECTIONS: tuple[tuple[str, str, tuple[URIRef, ...]], ...] = (
    ("authority", "National authority and inter-agency bodies",
     (TIP.NationalAuthority, TIP.InterAgencyBody)),
    ("gender", "Gender bodies", (TIP.GenderBody,)),
    ("laws", "Laws", (TIP.LegalInstrument,)),
    ("plans", "Plans and policies", (TIP.PolicyInstrument,)),
    ("units", "Specialized units", (TIP.SpecializedUnit,)),
    ("channels", "Reporting channels", (TIP.ReportingChannel, TIP.Website)),
    ("protocols", "Protocols", (TIP.Protocol,)),
    ("systems", "Information systems and statistical reports",
     (TIP.InformationSystem, TIP.StatisticalReport)),
    ("documents", "Assessments and other documents", (TIP.Document,)),
    ("victims", "Victim programmes and shelters", (TIP.VictimProgramme, TIP.Shelter)),
    ("flows", "Flows and vulnerable areas", (TIP.TraffickingFlow, TIP.VulnerableArea)),
    ("institutions", "Institutions", (TIP.Institution,)),
    ("figures", "Reported figures", (TIP.ReportedFigure,)),
)
OTHER = ("other", "Other facts")

COUNTRY = sparql_prologue() + """
SELECT ?country WHERE { ?country a tip:Country ; tip:iso3166Alpha3 ?code }"""
MEMBERSHIP = sparql_prologue() + """
SELECT DISTINCT ?x ?class WHERE {
  ?x tip:country ?c ; a ?type .
  ?type rdfs:subClassOf* ?class .
}"""
FACTS = sparql_prologue() + "SELECT ?x ?p ?o WHERE { ?x tip:country ?c ; ?p ?o }"
LABELS = sparql_prologue() + """
SELECT DISTINCT ?y ?label WHERE {
  { ?x tip:country ?c ; ?p ?y } UNION { ?x tip:country ?c ; ?y ?o }
  UNION { ?y tip:country ?c } UNION { ?x tip:country ?c ; tip:value/skos:inScheme ?y }
  ?y rdfs:label|skos:prefLabel ?label .
}"""
SCHEMES = sparql_prologue() + """
SELECT ?x ?scheme WHERE { ?x tip:country ?c ; a tip:Finding ; tip:value/skos:inScheme ?scheme }"""
_CONCERNING = """
  { ?d tip:concerns ?c } UNION { ?d tip:concerns ?t . ?t tip:country ?c }
  UNION { ?d tip:country ?c }
  ?d a tip:Discrepancy ."""
DISCREPANCIES = sparql_prologue() + (
    "SELECT DISTINCT ?d ?p ?o WHERE {" + _CONCERNING + " ?d ?p ?o }")
READINGS = sparql_prologue() + (
    "SELECT DISTINCT ?d ?r ?p ?o WHERE {" + _CONCERNING + " ?d tip:reading ?r . ?r ?p ?o }")

# Shown as the fact's name, type and sources, so not repeated among its properties.
SHOWN_APART = (RDF.type, TIP.country, *LABEL_PROPERTIES, *SOURCE_PROPERTIES, RDFS.label)


@dataclass(frozen=True)
class Fact:
    """One node of the country: its label, kinds, other properties and sources."""

    iri: URIRef
    label: str
    types: tuple[URIRef, ...]
    properties: tuple[tuple[URIRef, tuple], ...]
    sources: tuple[URIRef, ...]

    def values(self, predicate: URIRef) -> tuple:
        """The values of one property of the fact."""
        return next((values for key, values in self.properties if key == predicate), ())


@dataclass(frozen=True)
class Section:
    """A kind of fact and the country's facts of that kind."""

    key: str
    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Reading:
    """One reading of a discrepancy."""

    iri: URIRef
    comment: str
    adopted: bool | None
    sources: tuple[URIRef, ...]


@dataclass(frozen=True)
class Discrepancy:
    """A place where the report disagrees with itself about this country."""

    iri: URIRef
    label: str
    resolution: str
    sources: tuple[URIRef, ...]
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Profile:
    """Everything the graph knows about one country."""

    code: str
    country: Description
    sections: tuple[Section, ...]
    findings: tuple[tuple[URIRef | None, tuple[Fact, ...]], ...]
    discrepancies: tuple[Discrepancy, ...]
    names: dict

    @property
    def fact_count(self) -> int:
        """How many nodes of the graph belong to the country."""
        return sum(len(s.facts) for s in self.sections) + sum(
            len(facts) for _, facts in self.findings)


def find_country(query, code: str) -> URIRef | None:
    """The country IRI with this ISO alpha-3 code, if the graph has one."""
    rows = query(COUNTRY, {"code": Literal(code)}).rows
    return rows[0][0] if rows else None


def _grouped(rows: Iterable[tuple]) -> dict:
    grouped: dict = {}
    for subject, predicate, value in rows:
        grouped.setdefault(subject, {}).setdefault(predicate, []).append(value)
    return grouped


def _fact(iri: URIRef, properties: dict, names: dict) -> Fact:
    label = names.get(iri)
    return Fact(
        iri=iri,
        label=str(label) if label is not None else str(iri).rsplit("/", 1)[-1],
        types=tuple(sorted(properties.get(RDF.type, ()))),
        properties=tuple(
            (predicate, tuple(sorted(values, key=lambda v: str(names.get(v) or v))))
            for predicate, values in sorted(properties.items(),
                                            key=lambda item: str(names.get(item[0]) or item[0]))
            if predicate not in SHOWN_APART),
        sources=tuple(sorted({v for p in SOURCE_PROPERTIES for v in properties.get(p, ())})),
    )


def _section_of(classes: set[URIRef]) -> tuple[str, str]:
    for key, title, members in SECTIONS:
        if classes & set(members):
            return key, title
    return OTHER


def _discrepancies(query, bound: dict, names: dict) -> tuple[Discrepancy, ...]:
    details = _grouped(query(DISCREPANCIES, bound).rows)
    readings: dict = {}
    for d, r, p, o in query(READINGS, bound).rows:
        readings.setdefault(d, {}).setdefault(r, {}).setdefault(p, []).append(o)
    found = []
    for d in sorted(details):
        props = details[d]
        label = names.get(d) or (props.get(RDFS.label) or [None])[0]
        found.append(Discrepancy(
            iri=d,
            label=str(label) if label is not None else str(d).rsplit("/", 1)[-1],
            resolution=" ".join(str(v) for v in props.get(TIP.resolution, ())),
            sources=tuple(sorted({v for p in SOURCE_PROPERTIES for v in props.get(p, ())})),
            readings=tuple(
                Reading(
                    iri=r,
                    comment=" ".join(str(v) for v in values.get(RDFS.comment, ())),
                    adopted=next((bool(v.toPython()) for v in values.get(TIP.adopted, ())),
                                 None),
                    sources=tuple(sorted({v for p in SOURCE_PROPERTIES
                                          for v in values.get(p, ())})))
                for r, values in sorted(readings.get(d, {}).items())),
        ))
    return tuple(found)


def profile(query, code: str, country: URIRef) -> Profile:
    """Read a country's profile with `query` (text, bindings) -> result."""
    bound = {"c": country}
    names = names_of(query(LABELS, bound).rows)
    facts = _grouped(query(FACTS, bound).rows)
    classes: dict = {}
    for x, cls in query(MEMBERSHIP, bound).rows:
        classes.setdefault(x, set()).add(cls)
    schemes = dict(query(SCHEMES, bound).rows)
    sections: dict[tuple[str, str], list[Fact]] = {}
    findings: dict[URIRef | None, list[Fact]] = {}
    for iri in sorted(facts, key=lambda x: str(names.get(x) or x)):
        fact = _fact(iri, facts[iri], names)
        if TIP.Finding in classes.get(iri, set()):
            findings.setdefault(schemes.get(iri), []).append(fact)
        else:
            sections.setdefault(_section_of(classes.get(iri, set())), []).append(fact)
    order = [(key, title) for key, title, _ in SECTIONS] + [OTHER]
    return Profile(
        code=code,
        country=describe(query, country),
        sections=tuple(Section(key, title, tuple(sections[(key, title)]))
                       for key, title in order if (key, title) in sections),
        findings=tuple((scheme, tuple(findings[scheme]))
                       for scheme in sorted(findings, key=lambda s: str(names.get(s) or s))),
        discrepancies=_discrepancies(query, bound, names),
        names=names,
    )
