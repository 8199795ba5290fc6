"""Check the data files together as one graph: the rules of data/README.md that no single
file can check alone, and that each real thing has one IRI."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from helpers import CONCEPT, ID, SRC, code_of, discrepancy_problems
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from tipgraph.load import parse_file
from tipgraph.namespaces import TIP

# Names: printed names and titles carry a language tag (rule 2). A website the report
# names only by its address is labelled with the address, which is in no language.
NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, TIP.acronym, DCTERMS.title,
         DCTERMS.alternative)
PROSE = (RDFS.comment, TIP.note, SKOS.note, TIP.resolution, SKOS.definition,
         DCTERMS.description)
ADDRESS = re.compile(r"^https?://\S+$")

# IRIs merged onto another for the same thing: none may come back.
MERGED = {
    "law/ARG-law-26364-2008": "law/ARG-2008-26364",
    "law/ARG-law-26842-2012": "law/ARG-2012-26842",
    "law/HND-legislative-decree-59-2012": "law/HND-2012-59-2012",
    "law/KNA-trafficking-in-persons-prevention-act-2008": "law/KNA-2008-32",
    "institution/GTM-svet": "body/GTM-svet",
    "institution/BLZ-anti-trafficking-in-persons-council": "body/BLZ-anti-tip-council",
    "institution/JAM-naftatip": "body/JAM-national-task-force",
    "institution/URY-gender-body-institute": "institution/URY-national-womens-institute",
    "institution/BOL-police": "institution/BOL-policia-boliviana",
    "institution/PRY-public-prosecutors-office": "institution/PRY-ministerio-publico",
    "institution/CHL-ministerio-del-interior-y-seguridad-publica":
        "institution/CHL-ministry-of-the-interior",
    "institution/MEX-secretaria-de-gobernacion": "institution/MEX-ministry-of-the-interior",
    "institution/CAN-department-of-public-safety": "institution/CAN-ministry-of-public-safety",
    "institution/BLZ-ministry-of-human-development": "institution/BLZ-ministry-of-development",
    "institution/PRY-ministry-for-the-advancement-of-women":
        "institution/PRY-ministerio-de-la-mujer",
    "policy/BOL-plurinational-policy-table-1": "policy/BOL-2013-2017",
    "policy/GTM-public-policy-table-1": "policy/GTM-2014-2024",
    "policy/PRY-national-policy-table-1": "policy/PRY-2010-2019",
    "protocol/USA-federal-strategic-action-plan":
        "policy/USA-federal-strategic-action-plan-2013-2017",
    "programme/USA-federal-strategic-action-plan":
        "policy/USA-federal-strategic-action-plan-2013-2017",
    "discrepancy/final-comments/plans-in-effect": "discrepancy/summary/plans-in-effect-14-or-15",
    "discrepancy/final-comments/plans-without-new-plan":
        "discrepancy/section-b/no-new-plan-five-or-six",
    "discrepancy/final-comments/specialised-units-three-sectors":
        "discrepancy/section-d/summary-three-areas",
    "discrepancy/final-comments/dedicated-lines": "discrepancy/appendix-09/country-count",
    "discrepancy/final-comments/victim-protocols": "discrepancy/appendix-12/country-count",
}  # fmt: skip

# Kinds of thing a country has one of per name: two nodes of one of these kinds, in one
# country, with one name, are the same thing unless a number or an address tells them
# apart (two "Telephone line"s with different numbers are two lines).
NAMED_KINDS = (TIP.Institution, TIP.NationalAuthority, TIP.SpecializedUnit,
               TIP.LegalInstrument, TIP.PolicyInstrument, TIP.VictimProgramme, TIP.Protocol,
               TIP.ReportingChannel, TIP.InformationSystem, TIP.Website, TIP.Document)
DISTINGUISHING = (TIP.telephone, TIP.url, TIP.year, TIP.periodStart, TIP.operatedBy,
                  TIP.instrumentNumber)


@pytest.fixture(scope="module")
def subclasses(graph):
    """Map a class to itself and every class the ontology makes a subclass of it."""

    def below(cls) -> set:
        return set(graph.transitive_subjects(RDFS.subClassOf, cls))

    return below


@pytest.fixture(scope="module")
def facts(graph) -> set:
    """Every node the data describes: typed, under id/, not a country."""
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef)
        and str(s).startswith(ID)
        and (s, RDF.type, TIP.Country) not in graph
    }


@pytest.fixture(scope="module")
def parts(graph, subclasses) -> set:
    """Every node typed as a part of the report (or a subclass of tip:ReportPart)."""
    return {p for cls in subclasses(TIP.ReportPart) for p in graph.subjects(RDF.type, cls)}


@pytest.fixture(scope="module")
def data_files(project) -> dict:
    """Each data file parsed alone."""
    return {path.name: parse_file(path) for path in sorted(project.data_dir.glob("*.trig"))}


def test_every_fact_is_derived_from_a_declared_part(graph, facts, parts):
    """Rule 1: anything but countries, concepts, parts and the ontology cites a part."""
    missing = sorted(f for f in facts if not set(graph.objects(f, PROV.wasDerivedFrom)) & parts)
    assert missing == []


def test_every_cited_part_is_declared_in_the_report_file(graph, parts, data_files):
    """A part a file cites (a footnote, a question) is declared where the parts are."""
    cited = {
        o
        for triples in data_files.values()
        for o in triples.objects()
        if isinstance(o, URIRef) and str(o).startswith(SRC)
    }
    report = data_files["report.trig"]
    assert sorted(p for p in cited if p not in parts) == []
    assert sorted(p for p in cited if (p, RDF.type, None) not in report) == []


def test_every_thing_pointed_at_is_described(graph):
    dangling = {
        o
        for o in graph.objects()
        if isinstance(o, URIRef)
        and str(o).startswith(ID)
        and (o, RDF.type, None) not in graph
    }
    assert sorted(dangling) == []


def test_every_concept_used_is_in_a_scheme(graph, data_files):
    used = {
        o
        for triples in data_files.values()
        for o in triples.objects()
        if isinstance(o, URIRef) and str(o).startswith(CONCEPT)
    }
    missing = sorted(c for c in used if (c, SKOS.inScheme, None) not in graph)
    assert missing == []


def test_every_discrepancy_is_complete(graph):
    """Rule 6: readings with their sources, exactly one adopted, a resolution, and what it
    concerns."""
    problems = {
        str(d): discrepancy_problems(graph, d) for d in graph.subjects(RDF.type, TIP.Discrepancy)
    }
    assert problems
    assert {d: p for d, p in problems.items() if p} == {}


def test_every_reading_belongs_to_one_discrepancy(graph):
    for reading in graph.subjects(RDF.type, TIP.Reading):
        assert len(list(graph.subjects(TIP.reading, reading))) == 1, reading


def test_no_blank_nodes(data_files):
    """Every node has an IRI, so dumps are deterministic and every fact can be cited."""
    blank = sorted(
        name
        for name, triples in data_files.items()
        if any(isinstance(term, BNode) for triple in triples for term in triple)
    )
    assert len(data_files) == 24 and blank == []


def test_each_finding_has_one_country_and_a_value(graph):
    for finding in graph.subjects(RDF.type, TIP.Finding):
        assert len(list(graph.objects(finding, TIP.country))) == 1, finding
        assert (finding, TIP.value, None) in graph, finding


def test_each_node_belongs_to_one_country_at_most(graph, facts):
    """A reported figure names each country the report names for it; any other fact
    belongs to one country at most."""
    assert sorted(
        f for f in facts
        if len(list(graph.objects(f, TIP.country))) > 1
        and (f, RDF.type, TIP.ReportedFigure) not in graph
    ) == []


def _scope(graph, figure) -> set:
    """The parts whose findings a figure counts: its diagrams, figures and tables, or, when
    it cites none, its sections."""
    cited = set(graph.objects(figure, PROV.wasDerivedFrom))
    specific = {p for p in cited for kind in (TIP.Diagram, TIP.Figure, TIP.Table)
                if (p, RDF.type, kind) in graph}
    return specific or {p for p in cited if (p, RDF.type, TIP.Section) in graph}


def test_counted_figures_recount_or_are_disputed(graph):
    """Rule 5: a figure naming the concept it counts (tip:counts) states the number of
    distinct countries with findings of that concept from the same diagram, figure, table
    or section; where the report's number differs, a discrepancy concerns the figure."""
    findings = defaultdict(set)
    for finding in graph.subjects(RDF.type, TIP.Finding):
        for value in graph.objects(finding, TIP.value):
            for part in graph.objects(finding, PROV.wasDerivedFrom):
                findings[(value, part)].add(graph.value(finding, TIP.country))
    disputed = set(graph.objects(None, TIP.concerns))
    checked = wrong = 0
    for figure, counted in graph.subject_objects(TIP.counts):
        countries = set().union(*(findings[(counted, p)] for p in _scope(graph, figure)))
        stated = graph.value(figure, TIP.statedValue).toPython()
        checked += 1
        if len(countries) != stated:
            wrong += 1
            assert figure in disputed, (figure, stated, sorted(code_of(c) for c in countries))
    assert checked > 40 and wrong < checked


def test_names_are_language_tagged(data_files):
    untagged = sorted(
        (name, str(s), str(o))
        for name, triples in data_files.items()
        for prop in NAMES
        for s, o in triples.subject_objects(prop)
        if isinstance(o, Literal) and not o.language and not ADDRESS.match(str(o))
    )
    assert untagged == []


def test_prose_is_language_tagged(data_files):
    untagged = sorted(
        (name, str(s))
        for name, triples in data_files.items()
        for prop in PROSE
        for s, o in triples.subject_objects(prop)
        if isinstance(o, Literal) and not o.language
    )
    assert untagged == []


def test_an_address_label_is_the_sites_own_address(graph):
    for site, label in graph.subject_objects(RDFS.label):
        if isinstance(label, Literal) and not label.language and ADDRESS.match(str(label)):
            assert (site, RDF.type, TIP.Website) in graph, site
            assert (site, TIP.url, URIRef(str(label))) in graph, site


@pytest.mark.parametrize(("old", "new"), sorted(MERGED.items()))
def test_merged_iris_stay_merged(graph, old, new):
    assert (URIRef(ID + old), None, None) not in graph
    assert (None, None, URIRef(ID + old)) not in graph
    assert (URIRef(ID + new), RDF.type, None) in graph


def test_one_node_per_name_in_a_country(graph, subclasses):
    """Two nodes of a kind, in one country, with one name, are one thing (or differ in
    number, address, year or operator)."""
    kinds = {cls: kind for kind in NAMED_KINDS for cls in subclasses(kind)}
    seen = defaultdict(set)
    for node, country in graph.subject_objects(TIP.country):
        if (node, RDF.type, TIP.Finding) in graph:
            continue
        for kind in {kinds[t] for t in graph.objects(node, RDF.type) if t in kinds}:
            for label in graph.objects(node, RDFS.label):
                seen[(kind, country, str(label).casefold())].add(node)
    clashes = []
    for key, nodes in seen.items():
        told_apart = {
            tuple(sorted(str(o) for p in DISTINGUISHING for o in graph.objects(n, p)))
            for n in nodes
        }
        if len(nodes) > 1 and len(told_apart) < len(nodes):
            clashes.append((str(key[1]), str(key[2]), sorted(str(n) for n in nodes)))
    assert clashes == []


def test_one_line_per_telephone_number(graph):
    """A number the report prints twice is one line, whatever the appendices call it."""
    lines = defaultdict(set)
    for line, number in graph.subject_objects(TIP.normalizedTelephone):
        lines[(graph.value(line, TIP.country), str(number))].add(line)
    assert {k: v for k, v in lines.items() if len(v) > 1} == {}


def test_countries_and_parts_carry_their_own_files(data_files):
    """Countries are described in countries.ttl, parts of the report in report.ttl only."""
    for name, triples in data_files.items():
        for subject in triples.subjects(RDF.type, None):
            if str(subject).startswith(ID + "country/"):
                assert name == "countries.trig", (name, subject)
            if str(subject).startswith(SRC):
                assert name == "report.trig", (name, subject)
