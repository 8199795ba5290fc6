"""Check the Summary, Introduction and Methodology figures against the report's text."""

from __future__ import annotations

import pytest
from helpers import (
    CONCEPT,
    ID,
    SRC,
    assert_discrepancies,
    assert_printed_at_line,
    assert_provenance,
    the_figure,
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
