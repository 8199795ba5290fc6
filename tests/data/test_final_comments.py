"""Check the Final Comments' restated figures and names against the sections they summarise."""

from __future__ import annotations

import re

import pytest
from helpers import (
    CONCEPT,
    SRC,
    assert_discrepancies,
    assert_findings_near_their_country,
    assert_provenance,
    disputed,
    window,
)
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from tipgraph.namespaces import TIP

OWN_FILES = ["final-comments.trig"]
FIGURE = "https://w3id.org/tipgraph/id/figure/final-comments/"
DISCREPANCY = "https://w3id.org/tipgraph/id/discrepancy/final-comments/"
FC = f"<{SRC}section/final-comments>"

# (slug, stated value, stated total or None).
FIGURES = [
    ("plans-in-effect", 14, None), ("plans-ending", 9, None),
    ("plans-ending-new-plan", 4, 9), ("plans-ending-no-new-plan", 5, 9),
    ("no-plan-in-effect", 5, None), ("border-areas", 4, None),
    ("specialised-units", 21, None), ("financial-investigation", 2, None),
    ("joint-investigation", 3, None), ("dedicated-lines", 13, None),
    ("hotline-core-features", 6, None), ("ARG-145-features-met", 5, 6),
    ("victim-protocols", 20, None), ("information-system-categories", 4, None),
    ("gender-perspective", 18, None), ("victim-variables-most-used", 2, None),
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
def restated(select) -> dict[str, tuple]:
    """Map each figure derived from the Final Comments to (stated value, stated total)."""
    rows = select(
        f"""SELECT ?f ?v ?t WHERE {{ ?f a tip:ReportedFigure ; prov:wasDerivedFrom {FC} .
              OPTIONAL {{ ?f tip:statedValue ?v }} OPTIONAL {{ ?f tip:statedTotal ?t }} }}"""
    )
    return {str(f): (v, t) for f, v, t in rows}


@pytest.mark.parametrize(("slug", "value", "total"), FIGURES)
def test_restated_figures(restated, slug, value, total):
    assert restated[FIGURE + slug] == (value, total)


@pytest.mark.parametrize(("slug", "value", "_total"), [f for f in FIGURES if f[1] is not None])
def test_restated_figures_are_printed_on_their_line(own, source_lines, slug, value, _total):
    line = own.value(URIRef(FIGURE + slug), TIP.sourceLine).toPython()
    text = window(source_lines, line).lower()
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
def test_restated_numbers_against_the_sections(select, restated, source_lines, slug, line,
                                               number, disagree):
    assert re.search(rf"\b{number}\b", source_lines[line - 1]), source_lines[line - 1]
    stated = restated[FIGURE + slug][0]
    section_value = {"two": 2, "Ten": 10}.get(number) or int(number)
    assert (stated != section_value) == disagree
    if disagree:
        assert disputed(select, FIGURE + slug)


def test_specialised_units_three_sectors_reading_is_disputed(select):
    assert disputed(select, FIGURE + "specialised-units")


def test_financial_investigation_against_section_d(select):
    assert disputed(select, FIGURE + "financial-investigation")


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


def test_every_node_cites_the_report_and_facts_a_line(own):
    assert_provenance(own)


def test_findings_name_their_country_near_their_line(own, country_names, source_lines):
    def names(code: str) -> set[str]:
        return country_names[code].english | VARIANTS.get(code, set())

    assert_findings_near_their_country(own, source_lines, names, 2, 2)


def test_each_discrepancy_has_two_readings_and_adopts_one(own):
    assert_discrepancies(
        own, {"financial-investigation", "joint-investigation"}, DISCREPANCY
    )


@pytest.mark.parametrize("variable", ["lgbti", "disability"])
def test_some_countries_restate_figure_8_without_a_number(graph, variable):
    """"Some countries" (line 2851) is said of Section C's counts, not a figure of its own."""
    counted = URIRef(f"https://w3id.org/tipgraph/id/figure/section-c/figure-8-{variable}")
    assert (counted, PROV.wasDerivedFrom, URIRef(FC.strip("<>"))) in graph
    assert any("some countries" in str(note) for note in graph.objects(counted, TIP.note))
    assert (URIRef(f"{FIGURE}{variable}-mentions"), None, None) not in graph


# --- Facts as structure, each in the graph of the part that prints it -----------------------

FC_GRAPH = f"{SRC}section/final-comments"
INDICATOR = "https://w3id.org/tipgraph/id/indicator/SDG-16-2-2"
TARGET = "https://w3id.org/tipgraph/id/indicator/SDG-target-16-2"
UN_INDICATOR = "http://metadata.un.org/sdg/C160202"


def test_sdg_indicator_is_a_node_linked_to_the_un_identifier(in_graph, source_lines):
    rows = in_graph(FC_GRAPH, f"""<{INDICATOR}> a tip:Indicator ; rdfs:label ?name ;
        skos:notation ?notation ; skos:exactMatch <{UN_INDICATOR}> ;
        skos:broader <{TARGET}> ; tip:sourceLine ?line""", "?name ?notation ?line")
    assert len(rows) == 1, rows
    name, notation, line = rows[0]
    text = window(source_lines, line, 2, 2)
    assert f"Indicator {notation}: “{name}”" in text, text


def test_sdg_target_is_printed(in_graph, source_lines):
    ((name, notation, line),) = in_graph(
        FC_GRAPH, f"<{TARGET}> rdfs:label ?name ; skos:notation ?notation ; tip:sourceLine ?line",
        "?name ?notation ?line")
    assert f"Target {notation}, “{name}”" in window(source_lines, line, 0, 2)


def test_what_the_report_says_of_the_indicator(in_graph, source_lines):
    rows = in_graph(FC_GRAPH,
                    f"?p a tip:Proposal ; tip:basedOn <{INDICATOR}> ; tip:sourceLine ?line",
                    "?p ?line")
    assert len(rows) == 1
    assert "standardized set of variables/indicators" in window(source_lines, rows[0][1], 1, 1)


def test_every_figure_has_a_category_and_its_naming(in_graph):
    missing = in_graph(FC_GRAPH, """?f a tip:ReportedFigure ; prov:wasDerivedFrom ?part .
        FILTER (NOT EXISTS { ?f tip:category ?c } || NOT EXISTS { ?f tip:countriesNamed ?n })""",
                       "?f")
    assert missing == []


@pytest.mark.parametrize(("slug", "expected"), [("financial-investigation", {"URY", "USA"}),
                                                ("joint-investigation", {"ATG", "USA", "GTM"})])
def test_figures_naming_their_countries_name_them(in_graph, countries_in, slug, expected):
    rows = in_graph(FC_GRAPH, f"""<{FIGURE}{slug}> tip:countriesNamed naming:all ; tip:counts ?c ;
        tip:country ?m""", "?c ?m")
    members = {str(m).rsplit("/", 1)[1] for _, m in rows}
    assert members == expected == countries_in(f"<{rows[0][0]}>", FC)


def test_no_relation_left_unnamed(in_graph):
    assert in_graph(FC_GRAPH, "?s tip:relatedTo ?o") == []


def test_misspelled_name_is_a_printed_form(in_graph, source_lines):
    rows = in_graph(FC_GRAPH, """?c skosxl:altLabel ?l . ?l skosxl:literalForm ?form ;
        tip:printedForm printed:misspelling ; tip:sourceLine ?line""", "?c ?form ?line")
    assert rows and all(form in window(source_lines, line, 0, 1) for _, form, line in rows)
    assert {str(c).rsplit("/", 1)[1] for c, _, _ in rows} == {"USA"}


def test_labels_are_printed_at_their_line(in_graph, source_lines):
    rows = in_graph(FC_GRAPH, "?l a skosxl:Label ; skosxl:literalForm ?form ; tip:sourceLine ?line",
                    "?form ?line")
    assert len(rows) >= 5
    for form, line in rows:
        assert form in window(source_lines, line, 0, 2), (form, line)


def test_each_derivation_sits_in_the_graph_of_its_part(in_graph):
    assert in_graph(FC_GRAPH, f"?s prov:wasDerivedFrom ?part FILTER(?part != <{FC_GRAPH}>)") == []


def test_section_ds_side_of_the_discrepancies_is_in_its_graph(in_graph):
    rows = in_graph(f"{SRC}section/D", f"""?r a tip:Reading ; prov:wasDerivedFrom section:D .
        ?d prov:wasDerivedFrom section:D .
        FILTER(STRSTARTS(STR(?d), "{DISCREPANCY}"))""", "DISTINCT ?d")
    assert len(rows) == 2
    assert in_graph(f"{SRC}diagram/12", "?s prov:wasDerivedFrom diagram:12", "?s")


def test_mlars_is_a_section_of_the_department_of_justice(in_graph):
    rows = in_graph(FC_GRAPH, "<https://w3id.org/tipgraph/id/institution/USA-mlars> org:unitOf ?d ;"
                    " org:linkedTo ?f", "?d ?f")
    assert rows == [("https://w3id.org/tipgraph/id/institution/USA-department-of-justice",
                     "https://w3id.org/tipgraph/id/institution/USA-fincen")]


@pytest.mark.parametrize(("slug", "expected", "line"), [("fourth-p", {"CAN", "USA"}, 2813),
                                                        ("information-system-benchmarks",
                                                         {"JAM", "MEX"}, 2982)])
def test_named_country_groups(in_graph, country_names, source_lines, slug, expected, line):
    group = f"https://w3id.org/tipgraph/id/group/final-comments/{slug}"
    rows = in_graph(FC_GRAPH,
                    f"<{group}> a tip:CountryGroup ; prov:hadMember ?c ; tip:sourceLine ?l",
                    "?c ?l")
    assert {str(c).rsplit("/", 1)[1] for c, _ in rows} == expected
    assert {line} == {source_line for _, source_line in rows}
    text = window(source_lines, line, 0, 1)
    # The last word of the name: line 2813 misspells "United" ("Unites States").
    assert all(country_names[code].label.split()[-1] in text for code in expected), text
