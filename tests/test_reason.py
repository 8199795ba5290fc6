"""Reasoning: HermiT puts countries and lines into the report's categories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from tipgraph.build import Build, load, reason
from tipgraph.load import load_files
from tipgraph.namespaces import ID, TIP
from tipgraph.project import Project
from tipgraph.reason import InconsistentGraph, inferred_types

PREFIXES = """
@prefix tip: <https://w3id.org/tipgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix country: <https://w3id.org/tipgraph/id/country/> .
@prefix finding: <https://w3id.org/tipgraph/id/finding/> .
@prefix hotline: <https://w3id.org/tipgraph/id/hotline/> .
@prefix line: <https://w3id.org/tipgraph/id/line/> .
@prefix unit: <https://w3id.org/tipgraph/id/unit/> .
@prefix law: <https://w3id.org/tipgraph/id/law/> .
@prefix policy: <https://w3id.org/tipgraph/id/policy/> .
@prefix model: <https://w3id.org/tipgraph/concept/authority-model/> .
@prefix feature: <https://w3id.org/tipgraph/concept/channel-feature/> .
@prefix sphere: <https://w3id.org/tipgraph/concept/sphere/> .
@prefix appendix: <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/> .
@prefix diagram: <https://w3id.org/tipgraph/source/oas-tip-2018/diagram/> .
"""


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return load_files(sorted(project.ontology_dir.glob("*.ttl")))


@pytest.fixture(scope="module")
def asserted(project) -> Build:
    return load(project)


@pytest.fixture(scope="module")
def reasoned(asserted) -> Build:
    return reason(asserted)


def members(build: Build, cls: str) -> set[str]:
    """ISO alpha-3 codes of the countries (or IRIs of other nodes) typed `cls`."""
    nodes = build.graph.subjects(RDF.type, TIP[cls])
    return {str(n).removeprefix(str(ID) + "country/") for n in nodes}


def with_data(ontology: Graph, turtle: str) -> Graph:
    return ontology + Graph().parse(data=PREFIXES + turtle, format="turtle")


def test_a_finding_puts_a_country_in_its_defined_class(ontology):
    graph = with_data(ontology, """
        country:XXA a tip:Country .
        finding:t-XXA a tip:Finding ; tip:country country:XXA ;
            tip:value model:sole ; prov:wasDerivedFrom diagram:1 .
    """)
    inferred = inferred_types(graph)
    assert (URIRef(ID + "country/XXA"), RDF.type, TIP.SoleAuthorityCountry) in inferred
    assert (URIRef(ID + "country/XXA"), RDF.type, TIP.CollegiateAuthorityCountry) not in inferred


def test_a_hotline_needs_all_six_features_and_a_full_framework_all_three_parts(ontology):
    features = ["cost-free", "anonymous", "easy-to-remember", "specialised-staff", "referral"]
    listed = " , ".join(f"feature:{f}" for f in features)
    graph = with_data(ontology, f"""
        country:XXA a tip:Country .
        hotline:XXA-5 a tip:DedicatedHotline ; tip:country country:XXA ; tip:feature {listed} .
        hotline:XXA-6 a tip:DedicatedHotline ; tip:country country:XXA ;
            tip:feature {listed} , feature:multilingual .
        law:XXA a tip:LegalInstrument ; tip:criminalizes country:XXA .
        policy:XXA a tip:PolicyInstrument ; tip:country country:XXA .
        unit:XXA-p a tip:SpecializedUnit ; tip:country country:XXA ; tip:sphere sphere:police .
        unit:XXA-j a tip:SpecializedUnit ; tip:country country:XXA ; tip:sphere sphere:judicial .
    """)
    inferred = inferred_types(graph)
    assert (URIRef(ID + "hotline/XXA-6"), RDF.type, TIP.SixFeatureHotline) in inferred
    assert (URIRef(ID + "hotline/XXA-5"), RDF.type, TIP.SixFeatureHotline) not in inferred
    assert (URIRef(ID + "country/XXA"), RDF.type, TIP.CountryWithDedicatedHotline) in inferred
    assert (URIRef(ID + "country/XXA"), RDF.type, TIP.CountryWithFullFramework) not in inferred


def test_inferred_triples_are_exactly_the_new_ones(reasoned, asserted):
    assert len(reasoned.inferred) > 0
    assert not any(triple in asserted.graph for triple in reasoned.inferred)
    assert len(reasoned.graph) == len(asserted.graph) + len(reasoned.inferred)
    assert all(p == RDF.type for _, p, _ in reasoned.inferred)


# The report's own sets, by the text that names them.
REPORT_SETS = [
    # Section A: "the five-country group made up of Dominica, Grenada, Guatemala, Saint
    # Kitts and Nevis, and Venezuela will be grouped under the sole authority model".
    ("SoleAuthorityCountry", {"DMA", "GRD", "GTM", "KNA", "VEN"}),
    # Section D, Diagram 11: criminal code (Canada, Ecuador, Suriname); Chile only a law
    # amending the code; El Salvador, Paraguay and Peru both kinds of law.
    ("CriminalCodeCountry", {"CAN", "ECU", "SUR"}),
    ("CriminalCodeAmendmentLawCountry", {"CHL"}),
    ("BothLawsCountry", {"SLV", "PRY", "PER"}),
    # Summary: "In only one country it was possible to verify the presence of 5 of the 6
    # mentioned characteristics": no line has all six.
    ("SixFeatureHotline", set()),
]


@pytest.mark.parametrize("cls, expected", REPORT_SETS, ids=[c for c, _ in REPORT_SETS])
def test_defined_classes_get_the_countries_the_report_names(reasoned, cls, expected):
    assert members(reasoned, cls) == expected


def test_the_comprehensive_law_countries_are_disjoint_from_the_other_paths(reasoned):
    comprehensive = members(reasoned, "ComprehensiveLawCountry")
    assert len(comprehensive) <= 26  # Diagram 11: 26 countries
    others = {"CAN", "ECU", "SUR", "CHL", "SLV", "PRY", "PER"}
    assert not comprehensive & others


def run_cli(project: Project, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tipgraph", "--project", str(project.root), *args],
        capture_output=True, text=True, timeout=300, env=env,
    )


def test_an_inconsistent_fact_fails_with_the_axiom_named(project_copy):
    (project_copy.data_dir / "zz-inconsistent.ttl").write_text(PREFIXES + """
        line:ZZZ-1 a tip:DedicatedHotline , tip:PoliceLine ;
            prov:wasDerivedFrom appendix:9 .
    """)
    result = run_cli(project_copy, "reason")
    assert result.returncode == 1, result.stderr
    assert "inconsistent" in result.stderr
    assert "tip:DedicatedHotline> owl:disjointWith" in result.stderr or \
        "DedicatedHotline" in result.stderr and "owl:disjointWith" in result.stderr
    assert "https://w3id.org/tipgraph/id/line/ZZZ-1" in result.stderr


def test_the_library_names_the_clash(ontology):
    graph = with_data(ontology, """
        country:XXA a tip:Country .
        finding:t-1 a tip:Finding ; tip:country country:XXA ; tip:value model:sole .
        finding:t-2 a tip:Finding ; tip:country country:XXA ;
            tip:value model:collegiate .
    """)
    with pytest.raises(InconsistentGraph) as error:
        inferred_types(graph)
    [clash] = error.value.clashes
    assert "AllDisjointClasses" in clash.axiom
    assert clash.nodes == (str(ID) + "country/XXA",)


def test_a_missing_java_runtime_is_named(project):
    python_only = os.pathsep.join([str(Path(sys.executable).parent)])
    result = run_cli(project, "reason", env={**os.environ, "PATH": python_only})
    assert result.returncode == 2
    assert "Java runtime" in result.stderr
    assert "default-jre-headless" in result.stderr


def test_a_query_on_a_stale_build_without_java_says_so(small_project):
    """`query` builds a stale dist/ first, as serve does: without Java it names the cause."""
    python_only = os.pathsep.join([str(Path(sys.executable).parent)])
    result = run_cli(small_project, "sparql", "ASK {}", env={**os.environ, "PATH": python_only})
    assert result.returncode == 2
    assert "Java runtime" in result.stderr
    assert not (small_project.root / "dist").exists()
