"""The build: deterministic dumps that round-trip, and no output from a broken input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from tipgraph.build import INFERRED_GRAPH, build, load, sorted_quads
from tipgraph.cli import main
from tipgraph.void import DATASET, SD


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "dist"
    return build(project, out), out


@pytest.mark.parametrize("name, fmt", [
    ("tipgraph.ttl", "turtle"), ("tipgraph.nt", "nt"), ("tipgraph.jsonld", "json-ld"),
])
def test_each_dump_round_trips_to_the_loaded_graph(built, name, fmt):
    result, out = built
    assert isomorphic(Graph().parse(out / name, format=fmt), result.graph)


@pytest.mark.parametrize("name, fmt", [("tipgraph.nq", "nquads"), ("tipgraph.trig", "trig")])
def test_each_dataset_dump_round_trips_to_the_named_graphs(built, name, fmt):
    result, out = built
    read = Dataset().parse(out / name, format=fmt)
    names = {quad[3] for quad in sorted_quads(result.dataset)}
    assert {quad[3] for quad in sorted_quads(read)} == names
    for graph in names:  # isomorphic: the ontology's blank nodes get new labels when read
        assert isomorphic(read.graph(graph), result.dataset.graph(graph)), graph
    assert set(read.graph(INFERRED_GRAPH)) == set(result.inferred)


def test_the_union_of_the_named_graphs_is_the_default_graph(built):
    result, _ = built
    assert {(s, p, o) for s, p, o, _ in sorted_quads(result.dataset)} == set(result.graph)


def test_a_triple_outside_any_graph_of_a_trig_file_is_refused(project_copy):
    (project_copy.data_dir / "zz-loose.trig").write_text(
        "<https://w3id.org/tipgraph/id/x> a <https://w3id.org/tipgraph/ontology#Country> .\n")
    result = CliRunner().invoke(main, ["--project", str(project_copy.root), "build"])
    assert result.exit_code == 2
    assert "zz-loose.trig" in result.output and "outside any graph" in result.output


def test_a_second_build_is_byte_identical(built, project, tmp_path):
    _, first = built
    second = tmp_path / "dist"
    build(project, second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_void_states_size_licence_source_and_version(built):
    result, out = built
    void = Graph().parse(out / "void.ttl")
    assert int(void.value(DATASET, VOID.triples)) == len(result.graph)
    assert (out / "VERSION").read_text().strip() == result.version
    turtle = (out / "void.ttl").read_text()
    assert "creativecommons.org/licenses/by/4.0" in turtle
    assert "source/oas-tip-2018" in turtle


def test_void_lists_each_named_graph_with_its_size(built):
    result, out = built
    void = Graph().parse(out / "void.ttl")
    sizes = {str(void.value(subset, SD.name)): int(void.value(subset, VOID.triples))
             for subset in void.objects(DATASET, VOID.subset)}
    counted = {str(graph.identifier): len(graph) for graph in result.dataset.graphs()
               if len(graph)}
    assert sizes == counted
    assert "https://w3id.org/tipgraph/source/oas-tip-2018/appendix/3" in sizes
    assert sum(sizes.values()) > len(result.graph)  # a triple two parts print, counted twice


def test_the_version_changes_when_an_input_changes(project_copy):
    before = load(project_copy).version
    with open(project_copy.data_dir / "countries.trig", "a") as data:
        data.write("\n# a comment changes the bytes\n")
    assert load(project_copy).version != before


def test_a_syntax_error_names_file_and_line_and_writes_nothing(project_copy):
    broken = project_copy.data_dir / "zz-broken.ttl"
    broken.write_text(
        "@prefix tip: <https://w3id.org/tipgraph/ontology#> .\n"
        "\n"
        "<https://w3id.org/tipgraph/id/x> a tip:Country ;\n"
        "    tip:iso3166Alpha3 \"XXX\" \"YYY\" .\n"
    )
    result = CliRunner().invoke(main, ["--project", str(project_copy.root), "build"])
    assert result.exit_code == 2
    assert "zz-broken.ttl:4" in result.output
    assert not (project_copy.root / "dist").exists()
    assert not list(project_copy.root.glob(".dist-*"))


def test_a_failed_build_leaves_the_previous_dist_untouched(project_copy):
    runner = CliRunner()
    assert runner.invoke(main, ["--project", str(project_copy.root), "build"]).exit_code == 0
    before = (project_copy.root / "dist" / "tipgraph.nt").read_bytes()
    (project_copy.data_dir / "zz-broken.ttl").write_text("this is not turtle")
    assert runner.invoke(main, ["--project", str(project_copy.root), "build"]).exit_code == 2
    assert (project_copy.root / "dist" / "tipgraph.nt").read_bytes() == before
