"""The dataset's structure: a named graph per report part that prints statements, each
statement in the graph of the part that prints it, and no figure without its category."""

from __future__ import annotations

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from tipgraph.namespaces import GRAPH_BASE, SRC, TIP

REPORT = URIRef(str(SRC).rstrip("/"))


@pytest.fixture(scope="module")
def graph_names(dataset) -> set[str]:
    return {str(g.identifier) for g in dataset.graphs() if len(g)}


def test_a_graph_per_part_that_prints_statements_footnotes_included(graph_names):
    parts = {name for name in graph_names if name.startswith(str(SRC))}
    assert len(parts) >= 40
    assert any("/footnote/" in name for name in parts)
    for kind in ("section", "appendix", "diagram", "table"):
        assert any(f"/{kind}/" in name for name in parts), kind


def test_every_graph_is_a_declared_part_or_one_of_the_projects(graph, graph_names):
    declared = {str(part) for part in graph.subjects(RDF.type, None)
                if str(part).startswith(str(SRC))} | {str(REPORT)}
    others = {name for name in graph_names if name.startswith(GRAPH_BASE)}
    assert graph_names - others <= declared, sorted(graph_names - others - declared)


def test_a_derivation_from_a_part_sits_in_that_parts_graph(dataset):
    """A node derived from a part is stated by that part: the link is in its graph."""
    misplaced = sorted(
        (str(s), str(part)) for s, _, part, _ in dataset.quads((None, PROV.wasDerivedFrom,
                                                               None, None))
        if str(part).startswith(str(SRC))
        and (s, PROV.wasDerivedFrom, part) not in dataset.graph(part)
    )
    assert misplaced == []


def test_every_reported_figure_is_tied_to_a_category_and_its_naming(graph):
    figures = set(graph.subjects(RDF.type, TIP.ReportedFigure))
    assert figures
    without = sorted(str(f) for f in figures
                     if graph.value(f, TIP.category) is None
                     and graph.value(f, TIP.counts) is None)
    unnamed = sorted(str(f) for f in figures if graph.value(f, TIP.countriesNamed) is None)
    assert without == [] and unnamed == []


def test_every_chairing_institution_is_typed(graph):
    chairs = set(graph.objects(None, TIP.chairedBy))
    assert len(chairs) >= 29
    untyped = sorted(str(c) for c in chairs if graph.value(c, TIP.institutionType) is None)
    assert untyped == []


def test_each_printed_label_is_one_form(graph):
    """Curators mint label IRIs per thing and number: one IRI, one printed form."""
    literal_form = URIRef("http://www.w3.org/2008/05/skos-xl#literalForm")
    labels = set(graph.subjects(literal_form, None))
    assert len(labels) > 500
    assert sorted(str(label) for label in labels
                  if len(set(graph.objects(label, literal_form))) != 1) == []
