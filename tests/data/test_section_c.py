"""Check Section C (characterization of the crime) against the report's names and numbers."""

from __future__ import annotations

from functools import partial

import pytest
from helpers import (
    CONCEPT,
    ID,
    SRC,
    assert_provenance,
    concept,
    figure_values,
    first_word_of_name,
    named_countries_test,
    section_file_tests,
    stated_figure_tests,
)
from rdflib import RDF

from tipgraph.namespaces import TIP

OWN_FILES = ["section-c.trig"]
FIGURE = f"{ID}figure/section-c/"
SECTION = f"<{SRC}section/C>"

# (figure slug, stated value, stated total or None), as printed in Section C.
FIGURES = [
    ("q19-identified", 29, 33),
    ("q19-not-identified", 3, 33),
    ("q19-not-answered", 1, 33),
    ("q19-general-terms", 4, None),
    ("figure-8-age", 21, None),
    ("figure-8-sex", 21, None),
    ("figure-8-socioeconomic-level", 9, None),
    ("figure-8-migration-status", 8, None),
    ("figure-8-nationality", 6, None),
    ("figure-8-ethnicity", 5, None),
    ("figure-8-lgbti", 5, None),
    ("figure-8-economic-activity", 5, None),
    ("figure-8-disability", 3, None),
    ("population-flows-international", 8, 28),
    ("population-flows-intra-regional", 4, None),
    ("population-flows-internal", 4, None),
    ("q38-areas-reported", 23, None),
    ("q38-administrative-division", 11, 23),
    ("q38-area-type", 8, 23),
    ("q38-general", 2, 23),
    ("q38-cities-communities", 1, 23),
    ("q38-hotspots", 1, 23),
    ("q38-named-units", 7, 11),
    ("chile-high-priority-regions", 6, None),
    ("chile-average-priority-regions", 2, None),
    ("chile-non-priority-regions", 8, None),
    ("q38-border-mention", 4, 23),
    ("q38-not-reported", 8, None),
    ("q38-other-continents", 3, 8),
    ("q38-not-answered", 3, None),
    ("diagram-9-sources-mentioned", 15, 23),
    ("diagram-9-no-source", 8, 23),
    ("q41-origin-transit-destination", 6, None),
    ("q41-other-information", 21, None),
    ("chile-overland-routes", 3, None),
    ("chile-air-routes", 3, None),
    ("diagram-10-countries", 18, None),
    ("diagram-10-all-three-levels", 2, 18),
    ("diagram-10-additional-internal", 5, 18),
    ("diagram-10-intra-regional", 17, 18),
    ("diagram-10-additional-inter-regional", 4, 18),
    ("destination-spain", 2, None),
    ("destination-italy", 2, None),
    ("destination-korea", 2, None),
    ("destination-philippines", 2, None),
    ("assessment-countries", 5, None),
    ("assessments-national", 3, 5),
    ("assessments-subnational", 1, 5),
    ("assessments-subregional", 1, 5),
]

# Figure 8's variables: (concept, stated mentions). The text names no country for any.
FIGURE_8 = {
    "age": 21,
    "sex": 21,
    "socioeconomic-level": 9,
    "migration-status": 8,
    "nationality": 6,
    "ethnicity": 5,
    "lgbti": 5,
    "economic-activity": 5,
    "disability": 3,
}

# Lines 913-919: the countries described in detail or in general terms.
DETAILED = {"ARG", "BHS", "CHL", "COL", "PRY", "USA"}
GENERAL = {"MEX": "young people", "PAN": "young people", "LCA": "women", "VCT": "the poor"}

# The named members of each category (scheme -> term -> set), Question 38, 41, Diagram 9, 10.
NAMED = {
    "area-description": {
        "administrative-division": {"CHL", "GUY", "ARG", "PER"},
        "area-type": set(),
    },
    "area-type": {"border": {"BOL", "GUY"}},
    "identification-source": {
        "investigated-cases": {"BLZ", "ECU"},
        "police": {"GUY"},
        "inspections": {"ARG", "CHL"},
        "institution": {"DOM"},
        "reports-filed": {"PER"},
    },
    "reply-detail": {"origin-transit-destination": {"BOL", "CHL", "COL", "ECU", "PER", "URY"}},
    "flow-level": {
        "internal": {"JAM", "URY", "CAN", "ECU", "GUY", "PER", "USA"},
        "intra-regional": {"JAM", "URY"},
        "inter-regional": {"JAM", "URY"},
    },
    "scope": {"national": {"ARG", "BOL", "MEX"}, "subnational": {"PER"}, "subregional": {"URY"}},
}

# Figures whose members the text names in full: (figure slug, concept, the named set).
RECOMPUTABLE = [
    ("q19-general-terms", "reply-detail/general", set(GENERAL)),
    (
        "q41-origin-transit-destination",
        "reply-detail/origin-transit-destination",
        NAMED["reply-detail"]["origin-transit-destination"],
    ),
    ("assessments-national", "scope/national", NAMED["scope"]["national"]),
    ("assessments-subnational", "scope/subnational", NAMED["scope"]["subnational"]),
    ("assessments-subregional", "scope/subregional", NAMED["scope"]["subregional"]),
]

# Guyana's named sub-national units and their types (lines 985-988).
GUYANA_AREAS = {
    "Cayuni-Mazaruni": {"border"},
    "Demerara Mahaica": {"coastal"},
    "Barima-Waini": {"border", "coastal"},
}

# Colombia's transport (lines 1045-1049): overland to four member states, air elsewhere.
COLOMBIA_FLOWS = {
    ("overland", "Argentina"),
    ("overland", "Brazil"),
    ("overland", "Chile"),
    ("overland", "Ecuador"),
    ("air", "North America"),
    ("air", "Europe"),
    ("air", "Asia"),
}

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    8: "eight",
    21: "21",
    29: "twenty-nine",
}


# Footnote 22 counts the last two cases in words of order, not number.
WORDING = {"q38-cities-communities": "another", "q38-hotspots": "the fourth"}


# figure(figures, slug): (stated value, stated total) of this section's figure.
figure = partial(figure_values, prefix=FIGURE)


test_stated_figures, test_stated_figures_are_printed_at_their_line = stated_figure_tests(
    FIGURE, FIGURES, NUMBER_WORDS, WORDING
)


@pytest.mark.parametrize(("variable", "mentions"), FIGURE_8.items())
def test_figure_8_counts_and_no_invented_country(select, countries_in, variable, mentions):
    rows = select(
        f"""SELECT ?n WHERE {{ ?f dcterms:subject {concept(f"vulnerability-variable/{variable}")} ;
              tip:statedValue ?n ; prov:wasDerivedFrom <{SRC}figure/8> }}"""
    )
    assert rows == [(mentions,)]
    assert countries_in(concept(f"vulnerability-variable/{variable}"), SECTION) == set()


def test_countries_described_in_detail_and_in_general_terms(countries_in, select):
    assert countries_in(concept("reply-detail/detailed"), SECTION) == DETAILED
    rows = select(
        f"""SELECT ?code ?group WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom {SECTION} ;
              tip:value {concept("reply-detail/general")} ; tip:populationGroup ?group ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert dict(rows) == GENERAL


test_named_countries = named_countries_test(SECTION, NAMED)


def test_flow_levels_recount_the_stated_numbers(figures, countries_in, select):
    internal = countries_in(concept("flow-level/internal"), SECTION)
    intra = countries_in(concept("flow-level/intra-regional"), SECTION)
    inter = countries_in(concept("flow-level/inter-regional"), SECTION)
    all_three = internal & intra & inter
    assert all_three == {"JAM", "URY"}
    assert figure(figures, "diagram-10-all-three-levels")[0] == len(all_three)
    assert figure(figures, "diagram-10-additional-internal")[0] == len(internal - all_three)
    assert len(intra) <= figure(figures, "diagram-10-intra-regional")[0]


def test_guyana_areas_and_their_types(select):
    rows = select(
        f"""SELECT ?name ?type WHERE {{ ?a a tip:VulnerableArea ; prov:wasDerivedFrom {SECTION} ;
              tip:country <{ID}country/GUY> ; rdfs:label ?name ; tip:areaType ?type }}"""
    )
    found: dict[str, set[str]] = {}
    for name, kind in rows:
        found.setdefault(name, set()).add(kind.removeprefix(f"{CONCEPT}area-type/"))
    assert found == GUYANA_AREAS


def test_colombia_transport(select):
    rows = select(
        f"""SELECT ?mode ?dest WHERE {{ ?f a tip:TraffickingFlow ; prov:wasDerivedFrom {SECTION} ;
              tip:country <{ID}country/COL> ; tip:transportMode ?mode ; tip:destination ?dest }}"""
    )
    found = {(mode.removeprefix(f"{CONCEPT}transport-mode/"), dest) for mode, dest in rows}
    assert found == COLOMBIA_FLOWS
    members = select(
        f"""SELECT ?code WHERE {{ ?f a tip:TraffickingFlow ; tip:country <{ID}country/COL> ;
              tip:destinationCountry/tip:iso3166Alpha3 ?code }}"""
    )
    assert {code for (code,) in members} == {"ARG", "BRA", "CHL", "ECU"}


def test_chile_sources_are_three_institutions(select):
    rows = select(
        f"""SELECT ?note WHERE {{ ?f tip:country <{ID}country/CHL> ;
              tip:value {concept("identification-source/inspections")} ; tip:note ?note }}"""
    )
    note = rows[0][0]
    assert all(name in note for name in ("Police", "Directorate of Labor", "Health Services"))


def test_cestur_depends_on_the_ministry_of_defense(select):
    rows = select(
        f"""SELECT ?label WHERE {{ <{ID}institution/DOM-cestur> tip:acronym "CESTUR"@es ;
              org:subOrganizationOf/rdfs:label ?label }}"""
    )
    assert rows == [("Ministry of Defense",)]


def test_q19_29_or_28_is_a_discrepancy(select):
    assert select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURE}q19-identified> , <{FIGURE}population-flows-international> }}"""
    )


def test_q38_counts_do_not_add_up_and_a_discrepancy_says_so(figures, select):
    reported, _ = figure(figures, "q38-areas-reported")
    not_reported, _ = figure(figures, "q38-not-reported")
    parts = [
        figure(figures, s)[0]
        for s in (
            "q38-administrative-division",
            "q38-area-type",
            "q38-general",
            "q38-cities-communities",
            "q38-hotspots",
        )
    ]
    assert sum(parts) == reported
    assert reported + not_reported != 33
    assert select(
        f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{FIGURE}q38-not-reported> }}"
    )


def test_q19_answers_add_up(figures, select):
    total = sum(
        figure(figures, s)[0] for s in ("q19-identified", "q19-not-identified", "q19-not-answered")
    )
    assert total == figure(figures, "q19-identified")[1] == 33


def test_every_node_has_provenance_and_facts_a_line(own):
    assert_provenance(own, everything_lined=True)
    for node in own.subjects(RDF.type, None):
        kinds = set(own.objects(node, RDF.type))
        if kinds & {TIP.Finding, TIP.ReportedFigure, TIP.TraffickingFlow, TIP.VulnerableArea}:
            assert (node, TIP.question, None) in own, node


# The figures the text names in full recount; a finding's line, or the lines around it,
# prints the country's name.
(
    test_recomputable_figures_match_or_have_a_discrepancy,
    test_only_fully_named_figures_are_recounted,
    test_discrepancies_have_two_readings_one_adopted,
    test_finding_lines_name_the_country,
) = section_file_tests(FIGURE, SECTION, RECOMPUTABLE, first_word_of_name, 2, 2)
