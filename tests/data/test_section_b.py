"""Check Section B (laws, policies and plans) against the report's own names and numbers."""

from __future__ import annotations

from functools import partial

import pytest
from helpers import (
    ID,
    SRC,
    assert_provenance,
    concept,
    figure_values,
    first_word_of_name,
    section_file_tests,
    stated_figure_tests,
)

OWN_FILES = ["section-b.trig"]
FIGURE = f"{ID}figure/section-b/"
SECTION = f"<{SRC}section/B>"
# Section B's running text and its footnotes: what only a footnote prints sits in the
# footnote's graph and derives from the footnote, not from the section.
FOOTNOTES = [f"<{SRC}footnote/{n}>" for n in range(10, 21)]
PARTS = [SECTION, *FOOTNOTES]

# Diagram 8 / Figure 6 (lines 678-699, footnote 11), and the countries the section names
# with a national policy, plan, strategy, program or roadmap (lines 736-841).
PATHS = {
    "constitutional-amendment": {"BOL", "DOM", "ECU", "GRD", "MEX", "VEN"},
    "criminal-code": {"CAN", "ECU", "SUR"},
    "law": {"DOM"},
    "policy-or-plan": {
        "BOL",
        "BRA",
        "PRY",
        "PER",
        "GTM",
        "SLV",
        "COL",
        "MEX",
        "SUR",
        "USA",
        "HND",
        "GUY",
        "HTI",
        "PAN",
        "CAN",
    },
}

# Instrument kinds the section names (lines 743-801, 820-821, footnotes 17-18).
KINDS = {
    "policy": {"BOL", "BRA", "PRY", "PER", "GTM", "SLV"},
    "plan": {"BOL", "BRA", "PRY", "PER", "HND", "GUY", "HTI", "PAN", "CAN"},
    "strategy": {"COL"},
    "programme": {"MEX"},
    "roadmap": {"SUR"},
}

# Plan status (footnotes 17 and 18).
STATUS = {
    "ended": {"GUY", "HTI", "PAN", "PER", "CAN"},
    "new-plan-found": {"GUY", "HTI", "PAN", "PER"},
    "no-new-plan-found": {"CAN"},
    "in-effect": set(),
}

# (figure slug, stated value, stated total or None), as printed in Section B.
FIGURES = [
    ("diagram-8-constitutional-amendment", 6, None),
    ("diagram-8-criminal-code", 3, None),
    ("diagram-8-law", 30, None),
    ("diagram-8-policy-or-plan", 28, None),
    ("more-than-one-instrument", 4, None),
    ("national-policy-countries", 6, None),
    ("policies-without-expiry", 3, None),
    ("table-1-policies", 3, None),
    ("plan-countries", 21, None),
    ("plan-or-similar-countries", 25, None),
    ("period-not-determined", 1, 25),
    ("period-specified", 24, 25),
    ("plans-in-effect", 15, 24),
    ("plans-ending", 9, 24),
    ("plans-ending-new-plan", 4, 9),
    ("plans-ending-no-new-plan", 5, 9),
    ("figure-7-average", 3.4, None),
    ("figure-7-mode", 4, None),
    ("figure-7-longest", 6, None),
    ("figure-7-shortest", 1, None),
    ("policies-online", 3, 6),
    ("plans-online", 8, 25),
]

# Figures whose members the text names in full: (figure slug, concept, the named set).
RECOMPUTABLE = [
    (
        "diagram-8-constitutional-amendment",
        "incorporation-path/constitutional-amendment",
        PATHS["constitutional-amendment"],
    ),
    ("diagram-8-criminal-code", "incorporation-path/criminal-code", PATHS["criminal-code"]),
    ("national-policy-countries", "instrument-type/policy", KINDS["policy"]),
    ("plans-ending-new-plan", "plan-status/new-plan-found", STATUS["new-plan-found"]),
]

# Table 1, row by row (lines 775-780): country, name, start, end, years.
TABLE_1 = {
    "BOL": ("Plurinational Policy to Combat Trafficking in Persons", "2013", "2017", 4),
    "GTM": (
        "Public Policy against Trafficking in Persons and for Comprehensive Protection for Victims",
        "2014",
        "2024",
        10,
    ),
    "PRY": (
        "National Policy for Preventing and Combating Trafficking in Persons",
        "2010",
        "2019",
        9,
    ),
}

NUMBER_WORDS = {
    1: "one",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    9: "nine",
    28: "twenty-eight",
    30: "thirty",
    24: "twenty-four",
}


# figure(figures, slug): (stated value, stated total) of this section's figure.
figure = partial(figure_values, prefix=FIGURE)


def in_section(countries_in, term: str) -> set[str]:
    """Countries with a finding of the concept from Section B's text or its footnotes."""
    return set().union(*(countries_in(term, part) for part in PARTS))


@pytest.mark.parametrize(
    ("term", "named"),
    [
        pytest.param(f"{scheme}/{term}", named, id=f"{scheme}/{term}")
        for scheme, table in {
            "incorporation-path": PATHS, "instrument-type": KINDS, "plan-status": STATUS
        }.items()
        for term, named in table.items()
    ],
)
def test_paths_kinds_and_plan_status_name_the_reports_countries(countries_in, term, named):
    assert in_section(countries_in, concept(term)) == named


def test_countries_with_more_than_one_instrument(figures, countries_in, select):
    both = in_section(countries_in, concept("instrument-type/policy")) & in_section(
        countries_in, concept("instrument-type/plan")
    )
    assert both == {"BOL", "BRA", "PRY", "PER"}
    assert figure(figures, "more-than-one-instrument")[0] == len(both)


def test_policies_without_expiry(figures, select):
    rows = select(
        f"""SELECT ?code WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom {SECTION} ;
              tip:value {concept("instrument-type/policy")} ; tip:unspecified tip:periodEnd ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    named = {code for (code,) in rows}
    assert named == {"SLV", "BRA", "PER"}
    assert figure(figures, "policies-without-expiry")[0] == len(named)


test_stated_figures, test_stated_figures_are_printed_at_their_line = stated_figure_tests(
    FIGURE, FIGURES, NUMBER_WORDS
)


def test_no_new_plan_names_one_of_five_and_footnote_says_six(select, countries_in):
    assert in_section(countries_in, concept("plan-status/no-new-plan-found")) == {"CAN"}
    # Footnote 18 alone names Canada: its finding is in the footnote's graph only.
    assert countries_in(concept("plan-status/no-new-plan-found"), SECTION) == set()
    assert select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURE}plans-ending-no-new-plan> }}"""
    )


def test_policy_or_plan_counts_do_not_add_up(figures, select):
    plan, _ = figure(figures, "plan-countries")
    similar, _ = figure(figures, "plan-or-similar-countries")
    policy, _ = figure(figures, "national-policy-countries")
    both, _ = figure(figures, "more-than-one-instrument")
    stated, _ = figure(figures, "diagram-8-policy-or-plan")
    assert similar == plan + 4
    assert similar + (policy - both) != stated
    assert select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURE}diagram-8-policy-or-plan> }}"""
    )


def test_plans_in_effect_against_the_summary_is_a_discrepancy(figures, select):
    in_effect, total = figure(figures, "plans-in-effect")
    ending, _ = figure(figures, "plans-ending")
    assert in_effect + ending == total
    assert select(
        f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{FIGURE}plans-in-effect> }}"
    )


@pytest.mark.parametrize(("code", "row"), TABLE_1.items())
def test_table_1_rows(select, code, row):
    name, start, end, years = row
    rows = select(
        f"""SELECT ?name ?start ?end ?years WHERE {{
              ?p a tip:PolicyInstrument ; prov:wasDerivedFrom <{SRC}table/1> , {SECTION} ;
                 tip:country/tip:iso3166Alpha3 "{code}" ; rdfs:label ?name ;
                 tip:periodStart ?start ; tip:periodEnd ?end ; tip:durationYears ?years ;
                 tip:instrumentType {concept("instrument-type/policy")} .
              FILTER(lang(?name) = "en") }}"""
    )
    assert [(n, str(s), str(e), y) for n, s, e, y in rows] == [(name, start, end, years)]
    assert int(end) - int(start) == years


def test_table_1_has_three_rows(figures, select):
    rows = select(
        f"""SELECT DISTINCT ?p WHERE {{ ?p a tip:PolicyInstrument ;
              prov:wasDerivedFrom <{SRC}table/1> , {SECTION} . }}"""
    )
    assert len(rows) == len(TABLE_1) == figure(figures, "table-1-policies")[0]


def test_table_1_rows_are_appendix_3_rows(select):
    """One node per policy: Table 1 and Appendix 3 print the same period and years."""
    rows = select(
        f"""SELECT ?p (COUNT(DISTINCT ?s) AS ?starts) (COUNT(DISTINCT ?e) AS ?ends)
                  (COUNT(DISTINCT ?y) AS ?years) WHERE {{
              ?p prov:wasDerivedFrom <{SRC}table/1> , <{SRC}appendix/3> ;
                  tip:periodStart ?s ; tip:periodEnd ?e ; tip:durationYears ?y }} GROUP BY ?p"""
    )
    assert len(rows) == len(TABLE_1)
    assert all(tuple(counts) == (1, 1, 1) for _, *counts in rows)


def test_figure_7_extremes(select):
    rows = select(
        f"""SELECT ?code ?years WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom <{SRC}figure/7> ;
              tip:durationYears ?years ; tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert dict(rows) == {"HND": 6, "GUY": 1}


def test_instruments_found_online(select):
    rows = select(
        f"""SELECT ?code ?url WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom ?part ;
              tip:availableOnline true ; tip:url ?url ; tip:country/tip:iso3166Alpha3 ?code .
              VALUES ?part {{ {" ".join(PARTS)} }} }}"""
    )
    by_country: dict[str, set[str]] = {}
    for code, url in rows:
        by_country.setdefault(code, set()).add(url)
    assert set(by_country) == {"GTM", "PER", "GUY"}
    assert by_country["GTM"] == {
        "http://www.minex.gob.gt/ADMINPORTAL/Data/DOC/PoliPublicaTRATA2007.pdf"
    }
    assert by_country["GUY"] == {
        "https://mops.gov.gy/wp-content/uploads/2017/05/2017-2018-TIP-Action-Plan.pdf"
    }


def test_new_plans_named_with_their_periods(select):
    rows = select(
        f"""SELECT ?code ?start ?end WHERE {{
              ?f a tip:Finding ; tip:value {concept("plan-status/new-plan-found")} ;
                 prov:wasDerivedFrom <{SRC}footnote/17> ; tip:relatedTo ?p ;
                 tip:country/tip:iso3166Alpha3 ?code .
              ?p tip:periodStart ?start ; tip:periodEnd ?end }}"""
    )
    assert {(c, str(s), str(e)) for c, s, e in rows} == {
        ("GUY", "2017", "2018"),
        ("HTI", "2017", "2022"),
        ("PAN", "2017", "2022"),
        ("PER", "2017", "2021"),
    }


def test_every_node_has_provenance_and_facts_a_line(own):
    assert_provenance(own)


# The figures the text names in full recount; a finding's line, or the lines around it,
# prints the country's name.
(
    _,
    test_only_fully_named_figures_are_recounted,
    test_discrepancies_have_two_readings_one_adopted,
    test_finding_lines_name_the_country,
) = section_file_tests(FIGURE, SECTION, RECOMPUTABLE, first_word_of_name, 2, 2)


@pytest.mark.parametrize(("slug", "term", "named"), RECOMPUTABLE)
def test_recomputable_figures_match_or_have_a_discrepancy(
    figures, select, countries_in, slug, term, named
):
    """The figures the text (or its footnotes) names in full recount from the findings."""
    stated = figure(figures, slug)[0]
    assert int(stated) == len(named)
    found = in_section(countries_in, concept(term))
    if found != named:
        assert select(f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{FIGURE}{slug}> }}")
