"""Check the Summary, Introduction and Methodology figures against the report's text."""

from __future__ import annotations

import datetime

import pytest
from helpers import (
    CONCEPT,
    ID,
    SRC,
    assert_discrepancies,
    assert_printed_at_line,
    assert_provenance,
    squash,
    the_figure,
    window,
)
from rdflib import URIRef
from rdflib.namespace import PROV

OWN_FILES = ["summary.trig"]
COMMENTS = f"<{CONCEPT}review-participation/submitted-comments>"

# (part, figure slug, stated value, stated total or None), as printed.
FIGURES = [
    ("summary", "respondents", 33, 34),
    ("summary", "appendix-inventories", 13, None),
    ("summary", "plans-in-effect", 14, None),
    ("summary", "plans-ending", 9, None),
    ("summary", "plans-ending-new-plan", 4, 9),
    ("summary", "specialised-units-three-areas", 21, None),
    ("summary", "exclusive-hotlines", 13, None),
    ("summary", "hotline-characteristics", 6, None),
    ("summary", "hotline-five-of-six", 1, None),
    ("summary", "standardised-protocols", 20, None),
    ("summary", "gender-perspective", 18, None),
    ("summary", "submitted-comments", 3, None),
    ("introduction", "questions", 51, None),
    ("introduction", "questionnaire-sections", 8, None),
    ("introduction", "respondents", 33, 34),
    ("introduction", "submitted-comments", 3, None),
    ("introduction", "meeting-attendance", 22, 34),
    ("methodology", "questionnaires-returned", 33, 34),
    ("methodology", "open-questions", 51, None),
    ("methodology", "best-practice-questions", 11, None),
    ("methodology", "best-practice-closed-questions", 2, 11),
    ("methodology", "best-practice-open-questions", 9, 11),
    ("methodology", "shortest-questionnaire-pages", 10, None),
    ("methodology", "longest-questionnaire-pages", 40, None),
    ("methodology", "submitted-comments", 3, None),
    ("methodology", "report-sections", 7, None),
    ("methodology", "highlighted-issues", 3, None),
]

# "Three Member States: Argentina, Mexico, and the United States submitted comments"
# (lines 14, 164 and 250).
COMMENTING = {"ARG", "MEX", "USA"}

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 7: "seven", 8: "eight", 9: "nine", 11: "11"}


@pytest.mark.parametrize(("part", "slug", "value", "total"), FIGURES)
def test_stated_figures(graph, figures, part, slug, value, total):
    figure = f"{ID}figure/{part}/{slug}"
    found = the_figure(figures, figure)
    assert (found.value, found.total) == (value, total)
    assert (URIRef(figure), PROV.wasDerivedFrom, URIRef(f"{SRC}section/{part}")) in graph


@pytest.mark.parametrize(("part", "slug", "value", "total"), FIGURES)
def test_stated_figures_are_printed_at_their_line(figures, source_lines, part, slug, value, total):
    found = the_figure(figures, f"{ID}figure/{part}/{slug}")
    assert_printed_at_line(source_lines, found, [NUMBER_WORDS.get(value, "\0")])


@pytest.mark.parametrize("part", ["summary", "introduction", "methodology"])
def test_delegations_that_submitted_comments(countries_in, select, part):
    assert countries_in(COMMENTS, f"<{SRC}section/{part}>") == COMMENTING
    stated = select(
        f"""SELECT ?n WHERE {{ ?f tip:counts {COMMENTS} ; tip:statedValue ?n ;
              prov:wasDerivedFrom <{SRC}section/{part}> }}"""
    )
    assert stated == [(len(COMMENTING),)]


def test_no_other_country_is_said_to_have_commented(countries_in):
    assert countries_in(COMMENTS) == COMMENTING


def test_plans_in_effect_14_or_15_is_a_discrepancy(select):
    rows = select(
        f"""SELECT ?text ?adopted WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{ID}figure/summary/plans-in-effect> ; tip:reading ?r .
              ?r rdfs:comment ?text ; tip:adopted ?adopted }}"""
    )
    assert len(rows) == 2
    assert [text for text, adopted in rows if adopted][0].count("15") == 1


def test_summary_plan_figures_do_not_add_up_with_section_b(select):
    """14 + 9 = 23, while Section B's 24 countries gave a period: one of them must differ."""
    in_effect = select(
        f"SELECT ?n WHERE {{ <{ID}figure/summary/plans-in-effect> tip:statedValue ?n }}"
    )
    ending = select(f"SELECT ?n WHERE {{ <{ID}figure/summary/plans-ending> tip:statedValue ?n }}")
    assert in_effect[0][0] + ending[0][0] == 23


def test_seven_sections_six_named_is_a_discrepancy(select, source_lines):
    listed = " ".join(source_lines[16:21])
    assert "seven sections" in listed and "Victim" not in listed
    assert select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{ID}figure/methodology/report-sections> }}"""
    )


def test_every_node_has_provenance_and_a_line(own):
    assert_provenance(own, everything_lined=True)


def test_discrepancies_have_two_readings_one_adopted(own):
    assert_discrepancies(own)


# --- Facts as structure, each in the graph of the part that prints it -----------------------

PARTS = ["summary", "introduction", "methodology"]
QUESTIONNAIRE = f"<{SRC}questionnaire>"
PRELIMINARY = f"<{ID}report/OAS-tip-2018-preliminary-version>"
FIFTH = f"<{ID}event/OAS-2018-fifth-meeting-national-authorities>"
FOURTH = f"<{ID}event/OAS-2014-fourth-meeting-national-authorities>"
WORK_PLAN = f"<{ID}policy/OAS-work-plan-2015-2018>"
MY_GRAPHS = [f"{SRC}section/{p}" for p in PARTS] + [f"{SRC}footnote/1"]


def printed_date(value) -> str:
    """A date as the report prints it: "October 20, 2016"."""
    return f"{value:%B} {value.day}, {value.year}"


# (part, property, typed value, first and last line of the sentence that prints it). A
# date printed without its year ("December 14, of that same year") is matched on month
# and day; the year is the one the same sentence gives the sending date.
DATES = [
    ("summary", "dcterms:issued", datetime.date(2016, 10, 20), 8, 8),
    ("summary", "tip:deadline", datetime.date(2016, 12, 14), 9, 9),
    ("summary", "tip:extendedDeadline", datetime.date(2017, 2, 28), 10, 10),
    ("methodology", "dcterms:issued", datetime.date(2016, 10, 20), 184, 185),
    ("methodology", "tip:deadline", datetime.date(2016, 12, 14), 187, 187),
    ("methodology", "tip:remindedOn", datetime.date(2016, 12, 1), 187, 188),
    ("methodology", "tip:extendedDeadline", datetime.date(2017, 2, 28), 188, 189),
]


@pytest.mark.parametrize(("part", "prop", "value", "first", "last"), DATES)
def test_questionnaire_dates_are_typed_in_the_graph_that_prints_them(
    in_graph, source_lines, part, prop, value, first, last
):
    rows = in_graph(f"{SRC}section/{part}", f"{QUESTIONNAIRE} {prop} ?d", "?d")
    assert rows == [(value,)], rows
    text = squash(" ".join(source_lines[first - 1 : last]))
    assert f"{value:%B} {value.day}" in text, text
    # The year is printed with the date or, for "December 14, of that same year" and
    # "December 1", in the sentence before.
    assert str(value.year) in window(source_lines, first, 3, 1), text


@pytest.mark.parametrize(("part", "line"), [("summary", 11), ("methodology", 190)])
def test_replies_received_until_november_2017(in_graph, source_lines, part, line):
    rows = in_graph(f"{SRC}section/{part}", f"{QUESTIONNAIRE} tip:repliesReceivedUntil ?d",
                    "(STR(?d) AS ?s) (DATATYPE(?d) AS ?t)")
    assert rows == [("2017-11", "http://www.w3.org/2001/XMLSchema#gYearMonth")]
    assert "November" in source_lines[line - 1] and "2017" in source_lines[line - 1]


def test_questionnaire_dates_are_not_in_the_reports_own_graph(in_graph):
    assert in_graph(SRC.rstrip("/"), f"{QUESTIONNAIRE} ?p ?d FILTER(isLiteral(?d) && "
                    "DATATYPE(?d) IN (xsd:date, xsd:gYearMonth))") == []


@pytest.mark.parametrize(("part", "location"), [("summary", "place/washington-dc"),
                                                ("introduction", "place/OAS-headquarters"),
                                                ("methodology", "place/washington-dc")])
def test_fifth_meeting_is_an_event_with_dates_place_and_the_preliminary_version(
    in_graph, source_lines, part, location
):
    rows = in_graph(
        f"{SRC}section/{part}",
        f"""{FIFTH} a tip:Meeting ; schema:startDate ?start ; schema:endDate ?end ;
              schema:location ?where ; schema:workFeatured {PRELIMINARY} ; tip:sourceLine ?line""",
        "?start ?end ?where ?line",
    )
    assert len(rows) == 1, rows
    start, end, where, line = rows[0]
    assert (start, end) == (datetime.date(2018, 3, 12), datetime.date(2018, 3, 13))
    assert where == f"{ID}{location}"
    text = window(source_lines, line, 0, 2)
    assert f"{start:%B} {start.day}-{end.day}, {start.year}" in text, text
    assert "Fifth" in text and "Meeting of" in text


def test_fourth_meeting_adopted_the_work_plan(select, in_graph, source_lines):
    rows = in_graph(
        f"{SRC}section/introduction",
        f"""{FOURTH} a tip:Meeting ; schema:startDate ?start ; schema:endDate ?end ;
              schema:location ?where ; tip:sourceLine ?line .
            ?where rdfs:label ?place ; schema:containedInPlace ?country .
            {WORK_PLAN} tip:adoptedAt {FOURTH} ; dcterms:identifier ?doc""",
        "?start ?end ?place ?country ?line ?doc",
    )
    assert len(rows) == 1, rows
    start, end, place, country, line, doc = rows[0]
    text = window(source_lines, line, 0, 2)
    assert f"{start:%B} {start.day} and {end.day}, {start.year}" in text, text
    assert f"{place}, Brazil" in text and country == f"{ID}country/BRA"
    assert doc in window(source_lines, line, 0, 3)


@pytest.mark.parametrize("part", PARTS)
def test_the_three_commenting_states_are_a_relation_of_the_preliminary_version(
    in_graph, source_lines, country_names, part
):
    rows = in_graph(f"{SRC}section/{part}",
                    f"{PRELIMINARY} tip:commentedBy ?c ."
                    f" ?f tip:counts {COMMENTS} ; tip:sourceLine ?line",
                    "?c ?line")
    codes = {str(c).rsplit("/", 1)[1] for c, _ in rows}
    assert codes == COMMENTING
    (line,) = {line for _, line in rows}
    text = window(source_lines, line, 0, 2)
    for code in codes:
        assert country_names[code].label.removeprefix("The ") in text, (code, text)


@pytest.mark.parametrize("part", PARTS)
def test_commenting_figure_names_the_countries_of_its_findings(in_graph, countries_in, part):
    rows = in_graph(f"{SRC}section/{part}",
                    f"<{ID}figure/{part}/submitted-comments> tip:countriesNamed naming:all ;"
                    " tip:country ?c", "?c")
    assert {str(c).rsplit("/", 1)[1] for (c,) in rows} == countries_in(
        COMMENTS, f"<{SRC}section/{part}>")


def test_the_report_is_a_revision_of_the_preliminary_version_under_the_work_plan(select):
    rows = select(f"""SELECT ?d WHERE {{ <{SRC.rstrip("/")}> prov:wasRevisionOf {PRELIMINARY} ;
                        tip:mandatedBy {WORK_PLAN} . {PRELIMINARY} dcterms:date ?d }}""")
    assert [str(d) for (d,) in rows] == ["2018-03"]


@pytest.mark.parametrize("graph", MY_GRAPHS[:3])
def test_every_figure_has_a_category_and_its_naming(in_graph, graph):
    uncategorised = in_graph(graph, """?f a tip:ReportedFigure .
        FILTER NOT EXISTS { ?f tip:category ?c }""", "?f")
    unnamed = in_graph(graph, """?f a tip:ReportedFigure .
        FILTER NOT EXISTS { ?f tip:countriesNamed ?n }""", "?f")
    rows = uncategorised + unnamed
    assert rows == []


def test_figures_naming_all_have_their_countries(select):
    rows = select(f"""SELECT ?f WHERE {{ ?f a tip:ReportedFigure ;
                tip:countriesNamed <{CONCEPT}naming/all> ;
                prov:wasDerivedFrom ?part .
              VALUES ?part {{ {" ".join(f"<{SRC}section/{p}>" for p in PARTS)} }}
              FILTER NOT EXISTS {{ ?f tip:country ?c }} }}""")
    assert rows == []


@pytest.mark.parametrize("graph", MY_GRAPHS)
def test_each_derivation_sits_in_the_graph_of_its_part(in_graph, graph):
    """A node's prov:wasDerivedFrom a part is in that part's graph, never in another's."""
    rows = in_graph(graph, f"?s prov:wasDerivedFrom ?part FILTER(?part != <{graph}>)", "?s ?part")
    assert rows == []


@pytest.mark.parametrize("graph", MY_GRAPHS[:3])
def test_printed_labels_are_printed_at_their_line(in_graph, source_lines, graph):
    rows = in_graph(graph, "?l a skosxl:Label ; skosxl:literalForm ?form ; tip:sourceLine ?line ;"
                    " prov:wasDerivedFrom ?part", "?form ?line ?part")
    assert rows or graph.endswith("footnote/1")
    for form, line, part in rows:
        assert part == graph
        assert squash(form) in window(source_lines, line, 0, 2), (form, line)


def test_the_meeting_and_the_plan_have_one_display_label(select):
    rows = select(f"""SELECT ?x (COUNT(?l) AS ?n) WHERE {{ VALUES ?x {{ {FIFTH} {WORK_PLAN} }}
                        ?x rdfs:label ?l }} GROUP BY ?x""")
    assert sorted(n for _, n in rows) == [1, 1]


def test_units_that_drafted_the_questionnaire_and_report_are_typed(select):
    rows = select(f"""SELECT ?u WHERE {{ {{ {QUESTIONNAIRE} tip:author ?u }} UNION
                        {{ <{SRC.rstrip("/")}> dcterms:creator|dcterms:contributor ?u }}
                        FILTER NOT EXISTS {{ ?u tip:institutionType ?t }} }}""")
    assert rows == []
