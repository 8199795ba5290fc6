"""Check the Final Comments' restated figures and names against the sections they summarise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from tipgraph.load import parse_file
from tipgraph.namespaces import TIP

SOURCE_NAME = "000_aade73407856f1aa.txt"
SRC = "https://w3id.org/tipgraph/source/oas-tip-2018/"
CONCEPT = "https://w3id.org/tipgraph/concept/"
FIGURE = "https://w3id.org/tipgraph/id/figure/final-comments/"
DISCREPANCY = "https://w3id.org/tipgraph/id/discrepancy/final-comments/"
FC = f"<{SRC}section/final-comments>"

# (slug, stated value, stated total); None where the text gives no number ("some countries").
FIGURES = [
    ("plans-in-effect", 14, None), ("plans-ending", 9, None),
    ("plans-ending-new-plan", 4, 9), ("plans-ending-no-new-plan", 5, 9),
    ("no-plan-in-effect", 5, None), ("lgbti-mentions", None, None),
    ("disability-mentions", None, None), ("border-areas", 4, None),
    ("specialised-units", 21, None), ("financial-investigation", 2, None),
    ("joint-investigation", 3, None), ("dedicated-lines", 13, None),
    ("hotline-core-features", 6, None), ("ARG-145-features-met", 5, 6),
    ("victim-protocols", 20, None), ("information-system-categories", 4, None),
    ("gender-perspective", 18, None),
]

NAMED = [
    ("approach-coverage/four-ps", {"CAN", "USA"}),
    ("noted-practice/plan-evaluation-reference", {"CAN"}),
    ("investigation-strategy/financial", {"URY", "USA"}),
    ("noted-practice/joint-investigation-mechanism", {"ATG", "USA", "GTM"}),
    ("noted-practice/hotline-five-of-six-features", {"ARG"}),
    ("noted-practice/victim-views-mechanism", {"USA"}),
    ("noted-practice/information-system-benchmark", {"JAM", "MEX"}),
    ("noted-practice/integrated-data-methodology", {"BRA"}),
]

# Restated numbers against the section's own line: (figure, line in the section, the
# section's number there, whether they disagree).
AGAINST_SECTIONS = [
    ("plans-in-effect", 810, "15", True),
    ("border-areas", 996, "4", False),
    ("specialised-units", 1353, "21", False),
    ("joint-investigation", 1406, "two", True),
    ("dedicated-lines", 1486, "Ten", True),
    ("victim-protocols", 1770, "15", True),
    ("gender-perspective", 2571, "18", False),
]

WORDS = {2: "two", 3: "three", 4: "four", 5: "5", 6: "six", 9: "nine", 13: "13", 14: "14",
         18: "18", 20: "20", 21: "21"}

# The text misspells one name where it names the fourth P's champions (line 2813).
VARIANTS = {"USA": {"Unites States", "U.S."}}


@pytest.fixture(scope="module")
def source_lines(project) -> list[str]:
    """Return the report's plain text as lines; skip when the text is not at hand."""
    for folder in (project.root / "source", project.root.parent / "shared" / "source"):
        path = Path(folder) / SOURCE_NAME
        if path.is_file():
            return path.read_text(encoding="utf-8").split("\n")
    pytest.skip(f"report text {SOURCE_NAME} not found")


@pytest.fixture(scope="module")
def own(project):
    """This file alone, to check every node it creates."""
    return parse_file(project.data_dir / "final-comments.ttl")


def _window(lines: list[str], line: int, around: int = 1) -> str:
    return " ".join(" ".join(lines[max(0, line - 1 - around): line + around]).split())


def _disputed(select, node: str) -> bool:
    return bool(select(f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{node}> }}"))


@pytest.mark.parametrize(("slug", "value", "total"), FIGURES)
def test_restated_figures(select, slug, value, total):
    rows = select(
        f"""SELECT ?f ?v ?t WHERE {{ ?f a tip:ReportedFigure ; prov:wasDerivedFrom {FC} .
              FILTER(?f = <{FIGURE}{slug}>)
              OPTIONAL {{ ?f tip:statedValue ?v }} OPTIONAL {{ ?f tip:statedTotal ?t }} }}"""
    )
    assert rows == [(FIGURE + slug, value, total)]


@pytest.mark.parametrize(("slug", "value", "_total"), [f for f in FIGURES if f[1] is not None])
def test_restated_figures_are_printed_on_their_line(own, source_lines, slug, value, _total):
    line = own.value(URIRef(FIGURE + slug), TIP.sourceLine).toPython()
    text = _window(source_lines, line).lower()
    assert re.search(rf"\b({value}|{WORDS[value]})\b", text), (slug, text)


@pytest.mark.parametrize(("concept", "expected"), NAMED)
def test_named_countries(countries_in, concept, expected):
    assert countries_in(f"<{CONCEPT}{concept}>", FC) == expected


@pytest.mark.parametrize("slug", ["financial-investigation", "joint-investigation"])
def test_counted_figures_match_their_findings(select, countries_in, slug):
    concept, value = select(
        f"SELECT ?c ?v WHERE {{ <{FIGURE}{slug}> tip:counts ?c ; tip:statedValue ?v }}"
    )[0]
    assert len(countries_in(f"<{concept}>", FC)) == value


@pytest.mark.parametrize(("slug", "line", "number", "disagree"), AGAINST_SECTIONS)
def test_restated_numbers_against_the_sections(select, source_lines, slug, line, number,
                                               disagree):
    assert re.search(rf"\b{number}\b", source_lines[line - 1]), source_lines[line - 1]
    stated = select(f"SELECT ?v WHERE {{ <{FIGURE}{slug}> tip:statedValue ?v }}")[0][0]
    section_value = {"two": 2, "Ten": 10}.get(number) or int(number)
    assert (stated != section_value) == disagree
    if disagree:
        assert _disputed(select, FIGURE + slug)


def test_specialised_units_three_sectors_reading_is_disputed(select):
    assert _disputed(select, FIGURE + "specialised-units")


def test_financial_investigation_against_section_d(select):
    assert _disputed(select, FIGURE + "financial-investigation")


def test_dedicated_lines_agree_with_appendix_9(select):
    rows = select(
        f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?h a tip:DedicatedHotline ;
              tip:country ?c ; prov:wasDerivedFrom <{SRC}appendix/9> }}"""
    )
    assert rows == [(13,)]


def test_information_system_categories_are_section_f_models(select, countries_in):
    stated = select(
        f"SELECT ?v WHERE {{ <{FIGURE}information-system-categories> tip:statedValue ?v }}"
    )[0][0]
    model = f"{CONCEPT}information-system-model/"
    sizes = {m: len(countries_in(f"<{model}{m}>", f"<{SRC}figure/16>"))
             for m in ("model-1", "model-2", "model-3", "model-4")}
    assert len([n for n in sizes.values() if n]) == stated
    assert max(sizes, key=sizes.get) == "model-4"  # "most countries fit into the fourth"


def test_benchmarks_are_section_f_dedicated_systems(countries_in):
    benchmarks = countries_in(f"<{CONCEPT}noted-practice/information-system-benchmark>", FC)
    model_1 = countries_in(f"<{CONCEPT}information-system-model/model-1>", f"<{SRC}table/3>")
    assert benchmarks < model_1


def test_argentina_line_145_exists(graph):
    hotline = URIRef("https://w3id.org/tipgraph/id/hotline/ARG-145")
    assert (hotline, RDF.type, TIP.DedicatedHotline) in graph


def test_every_node_cites_the_report(own):
    for subject in set(own.subjects(RDF.type, None)):
        assert (subject, PROV.wasDerivedFrom, None) in own, subject


def test_findings_figures_and_discrepancies_give_a_source_line(own):
    for kind in (TIP.Finding, TIP.ReportedFigure, TIP.Discrepancy, TIP.Reading):
        for node in own.subjects(RDF.type, kind):
            assert isinstance(own.value(node, TIP.sourceLine), Literal), node


def test_findings_name_their_country_near_their_line(own, graph, source_lines):
    for finding in own.subjects(RDF.type, TIP.Finding):
        country = own.value(finding, TIP.country)
        names = {str(n) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                 for n in graph.objects(country, p) if n.language in (None, "en")}
        names |= VARIANTS.get(str(country).rsplit("/", 1)[1], set())
        text = _window(source_lines, own.value(finding, TIP.sourceLine).toPython(), 2)
        assert any(name in text for name in names), (finding, names)


def test_each_discrepancy_has_two_readings_and_adopts_one(own):
    discrepancies = list(own.subjects(RDF.type, TIP.Discrepancy))
    assert {str(d).removeprefix(DISCREPANCY) for d in discrepancies} == {
        "plans-in-effect", "plans-without-new-plan", "specialised-units-three-sectors",
        "financial-investigation", "joint-investigation", "dedicated-lines", "victim-protocols",
    }
    for node in discrepancies:
        readings = list(own.objects(node, TIP.reading))
        assert len(readings) >= 2
        adopted = [r for r in readings if own.value(r, TIP.adopted).toPython()]
        assert len(adopted) == 1, node
        assert (node, TIP.resolution, None) in own and (node, TIP.concerns, None) in own
