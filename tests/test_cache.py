"""What a build reuses: inferred types for an unchanged reasoning input, stable blank-node
labels, and a stored build read lazily."""

from __future__ import annotations

import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.compare import isomorphic

from tipgraph import build as building
from tipgraph.build import REASONING_STAMP, StoredBuild, build, current, sorted_triples
from tipgraph.load import load_files
from tipgraph.namespaces import ID, TIP
from tipgraph.project import Project

ONTOLOGY = """
@prefix tip: <https://w3id.org/tipgraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
tip:Unit a owl:Class .
tip:operatedBy a owl:ObjectProperty .
tip:OperatedThing a owl:Class ; owl:equivalentClass [
    a owl:Restriction ; owl:onProperty tip:operatedBy ; owl:someValuesFrom tip:Unit ] .
tip:Listed a owl:Class ;
    owl:equivalentClass [ a owl:Class ; owl:unionOf ( tip:Unit tip:OperatedThing ) ] .
"""
DATA = """
@prefix tip: <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/tipgraph/id/line/X-1> tip:operatedBy <https://w3id.org/tipgraph/id/unit/X> ;
    rdfs:label "a line"@en .
<https://w3id.org/tipgraph/id/unit/X> a tip:Unit .
"""
LINE = URIRef(ID + "line/X-1")


@pytest.fixture
def small(tmp_path) -> Project:
    for folder, name, text in (("ontology", "o.ttl", ONTOLOGY), ("data", "d.ttl", DATA),
                               ("shapes", "structure.ttl", "")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(text)
    return Project(tmp_path)


def refuse_to_reason(graph):
    raise AssertionError("HermiT ran although the reasoning input had not changed")


def test_a_rebuild_reuses_the_inferred_types_when_the_reasoning_input_is_unchanged(
        small, monkeypatch):
    first = build(small)
    assert (LINE, RDF.type, TIP.OperatedThing) in first.inferred
    assert (small.dist_dir / REASONING_STAMP).is_file()
    # a label is a literal, which the reasoner never sees
    with open(small.data_dir / "d.ttl", "a") as data:
        data.write('<https://w3id.org/tipgraph/id/unit/X> '
                   '<http://www.w3.org/2000/01/rdf-schema#label> "a unit"@en .\n')
    monkeypatch.setattr(building, "inferred_types", refuse_to_reason)
    second = build(small)
    assert second.version != first.version
    assert set(second.inferred) == set(first.inferred)
    assert isomorphic(Graph().parse(small.dist_dir / "tipgraph.nt"), second.graph)


def test_a_changed_reasoning_input_runs_the_reasoner_again(small, monkeypatch):
    build(small)
    with open(small.data_dir / "d.ttl", "a") as data:
        data.write("<https://w3id.org/tipgraph/id/line/X-2> "
                   "<https://w3id.org/tipgraph/ontology#operatedBy> "
                   "<https://w3id.org/tipgraph/id/unit/X> .\n")
    monkeypatch.setattr(building, "inferred_types", refuse_to_reason)
    with pytest.raises(AssertionError, match="HermiT ran"):
        build(small)


def test_blank_nodes_get_the_same_labels_from_every_parse(small):
    first, second = (sorted_triples(load_files(small.graph_files())) for _ in range(2))
    assert first == second
    assert any(isinstance(term, BNode) for triple in first for term in triple)


def test_blank_nodes_that_are_not_trees_are_still_labelled_canonically():
    turtle = """@prefix ex: <http://example.org/> .
        _:a ex:next _:b . _:b ex:next _:a . ex:x ex:points _:a , _:b ."""
    first, second = (sorted_triples(Graph().parse(data=turtle, format="turtle"))
                     for _ in range(2))
    assert first == second and len(first) == 4


def test_dumps_are_the_same_with_the_reasoning_reused(small, tmp_path):
    build(small)
    before = {p.name: p.read_bytes() for p in small.dist_dir.iterdir()}
    build(small)
    after = {p.name: p.read_bytes() for p in small.dist_dir.iterdir()}
    assert before == after


def test_a_current_build_is_read_from_dist_and_parsed_only_when_asked(small):
    made = build(small)
    stored = current(small)
    assert isinstance(stored, StoredBuild) and stored.version == made.version
    assert stored.ntriples() == (small.dist_dir / "tipgraph.nt").read_bytes()
    assert "graph" not in repr(stored)
    assert isomorphic(stored.graph, made.graph)
    assert set(stored.inferred) == set(made.inferred)
