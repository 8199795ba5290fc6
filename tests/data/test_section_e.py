"""Check Section E (Victim Assistance and Protection) against the report's own numbers.

Every set of countries below is copied from the report's text (lines 1472-1875) and its
footnotes 34-42; every number is the one the report prints.
"""

from __future__ import annotations

import pytest
from helpers import (
    ID,
    SRC,
    assert_discrepancies,
    assert_links_described,
    assert_provenance,
    assert_section_recounts,
    concept,
    figures_under,
    named_countries_test,
    part,
    stated_table_tests,
)
from rdflib import RDF

from tipgraph.namespaces import TIP

OWN_FILES = ["section-e.trig"]
FIGURES = "https://w3id.org/tipgraph/id/figure/section-e/"
SECTION_E = f"<{SRC}section/E>"

# Channels by kind, as the text names them (1.1 to 1.5, lines 1528-1695); Mexico's
# dedicated lines are named by footnote 35 alone (line 1511).
CHANNELS = {
    "dedicated-hotline": {"ARG", "GTM", "PER", "USA"},
    "police-line": {"CHL", "GTM", "MEX", "LCA"},
    "thematic-line": {"COL", "URY"},
    "in-person-or-written": {"COL", "GTM", "HND", "DOM", "SUR"},
    "ministry-line": {"CHL", "URY"},
    "consular-migration-line": {"COL", "PRY", "URY", "USA"},
    "justice-system-line": {"CHL", "CRI", "HND", "VEN"},
    "telephone-line": {"BOL", "GRD", "PAN", "VCT"},
}
# Alternative channels (lines 1523-1533, 1673-1674, 1697-1711): in the section, and in
# the paragraphs that Diagram 15 illustrates.
ALTERNATIVE = {
    "website": ({"USA", "JAM"}, {"USA", "JAM"}),
    "email": ({"VCT", "PRY"}, {"VCT"}),
    "app": ({"COL", "PER"}, {"COL", "PER"}),
    "social-media": ({"VCT", "JAM"}, {"VCT", "JAM"}),
}
# Features of the dedicated hotlines the text names (lines 1549-1588); Argentina's
# specialised staff is footnote 37's (line 1622), checked in test_section_e_structure.py.
FEATURES = {
    "cost-free": {"ARG", "GTM", "PER", "USA"},
    "easy-to-remember": {"ARG", "GTM", "PER"},
    "referral": {"ARG"},
    "multilingual": {"USA"},
    "tty": {"USA"},
    "chat": {"USA"},
}
# Victim protocols by type (Question 43, lines 1748-1872).
PROTOCOLS = {
    "identification-assistance-protection-referral": {
        "ARG", "BRA", "SLV", "GUY", "USA", "PER", "MEX", "URY", "JAM", "DOM"},
    "child-specific": {"DOM", "URY"},
    "detection-response": {"CHL", "BOL"},
    "certification": {"PRY"},
    "risk-assessment": {"PRY"},
    "consular": {"PRY", "URY"},
    "labour": {"USA", "URY"},
}
MERCOSUR_CITERS = {"BOL", "COL", "ECU", "URY"}
VICTIM_PROGRAMMES = {"ARG", "PRY", "USA"}
# Every count Section E states: figure slug -> (stated value, stated total or None).
STATED = {
    "telephone-line-types": (10, None),
    "lines-without-institution": (16, None),
    "figure-13-dedicated-hotline": (10, 33),
    "figure-13-thematic-line": (10, None),
    "figure-13-police-line": (13, None),
    "figure-13-websites": (6, None),
    "figure-13-emails": (4, None),
    "figure-13-apps": (2, None),
    "figure-13-facebook": (1, None),
    "unspecified-telephone-lines": (4, None),
    "dedicated-no-number": (2, 10),
    "dedicated-no-institution": (4, 10),
    "dedicated-number-provided": (8, 10),
    "dedicated-cost-free": (4, 8),
    "dedicated-round-the-clock": (4, None),
    "dedicated-anonymous": (2, None),
    "dedicated-specialised-staff": (2, None),
    "dedicated-security-sector": (3, None),
    "police-number-specified": (3, 13),
    "thematic-COL-lines": (3, None),
    "thematic-URY-lines": (3, None),
    "figure-14-women-gender": (5, None),
    "figure-14-violence": (4, None),
    "figure-14-labour": (4, None),
    "figure-14-domestic-violence": (3, None),
    "figure-14-children": (1, None),
    "figure-14-human-rights": (1, None),
    "figure-15-in-person": (10, None),
    "emergency-911": (8, 33),
    "crime-stoppers": (5, None),
    "crime-stoppers-direct-cost-free": (3, 5),
    "ministry-lines": (5, None),
    "consular-migration-lines": (5, None),
    "consular-migration-informed": (3, 5),
    "justice-system-lines": (4, None),
    "diagram-15-alternative": (9, None),
    "USA-websites": (4, None),
    "websites-total": (13, None),
    "websites-anonymous-reports": (6, 13),
    "websites-specific-audiences": (2, 13),
    "websites-civil-society": (3, 13),
    "victim-programmes": (3, None),
    "USA-status-reports": (3, None),
    "first-type-countries": (15, 33),
    "no-bibliographical-reference": (3, None),
    "PER-victim-protocols": (3, None),
    "three-criteria": (2, None),
    "first-type-protocols": (17, None),
    "first-type-online": (7, 17),
    "detection-response-countries": (4, None),
    "question-43-respondents": (14, None),
}
# Figures whose countries the text names only in part: figure -> (scheme, term). The
# countries named may not outnumber the stated count.
PARTLY_NAMED = {
    "figure-13-dedicated-hotline": ("reporting-channel", "dedicated-hotline"),
    "figure-13-thematic-line": ("reporting-channel", "thematic-line"),
    "figure-13-police-line": ("reporting-channel", "police-line"),
    "figure-15-in-person": ("reporting-channel", "in-person-or-written"),
    "ministry-lines": ("reporting-channel", "ministry-line"),
    "consular-migration-lines": ("reporting-channel", "consular-migration-line"),
    "figure-13-websites": ("channel-type", "website"),
    "figure-13-emails": ("channel-type", "email"),
    "first-type-countries": ("protocol-type", "identification-assistance-protection-referral"),
    "detection-response-countries": ("protocol-type", "detection-response"),
}
NUMBER_WORDS = {1: ("one", "only"), 2: ("two", "only"), 3: ("three",), 4: ("four",),
                5: ("five",), 8: ("eight",), 10: ("ten",), 13: ("thirteen",)}


@pytest.fixture(scope="module")
def stated(figures) -> dict:
    """Map each Section E figure slug to what it states."""
    return figures_under(figures, FIGURES)


(
    test_stated_figures_are_the_reports,
    test_no_figure_of_section_e_is_unchecked,
    test_each_stated_number_is_printed_where_the_figure_points,
) = stated_table_tests(FIGURES, STATED, NUMBER_WORDS)


def test_every_recountable_figure_matches_its_findings_or_has_a_discrepancy(
    figures, countries_in, select
):
    rows = assert_section_recounts(figures, countries_in, select, FIGURES, SECTION_E)
    # tip:counts only where the text names every country the figure counts.
    assert len(rows) == 4


@pytest.mark.parametrize("slug", sorted(PARTLY_NAMED))
def test_partly_named_figures_never_name_more_countries_than_they_count(
    countries_in, stated, slug
):
    named = countries_in(concept(*PARTLY_NAMED[slug]), SECTION_E)
    assert 0 < len(named) <= stated[slug].value


test_reporting_channels_name_the_reports_countries = named_countries_test(
    SECTION_E, {"reporting-channel": CHANNELS}
)


def test_figure_13_and_15_findings_cite_their_figures(countries_in):
    assert countries_in(concept("reporting-channel", "dedicated-hotline"), part("figure", 13)) \
        == CHANNELS["dedicated-hotline"] | {"MEX"}
    assert countries_in(concept("reporting-channel", "in-person-or-written"),
                        part("figure", 15)) == CHANNELS["in-person-or-written"]


@pytest.mark.parametrize("kind", sorted(ALTERNATIVE))
def test_alternative_channels_name_the_reports_countries(countries_in, kind):
    in_section, in_diagram = ALTERNATIVE[kind]
    assert countries_in(concept("channel-type", kind), SECTION_E) == in_section
    assert countries_in(concept("channel-type", kind), part("diagram", 15)) == in_diagram


test_hotline_features_name_the_reports_countries = named_countries_test(
    SECTION_E, {"channel-feature": FEATURES}
)


def test_the_united_states_alone_answers_in_several_languages(countries_in):
    assert countries_in(concept("channel-feature", "multilingual"), SECTION_E) == {"USA"}


def test_hotline_details_of_the_text_are_kept(select):
    dedicated = concept("reporting-channel", "dedicated-hotline")
    notes = " ".join(
        n for (n,) in select(
            f"""SELECT ?n WHERE {{ ?f a tip:Finding ; tip:country country:ARG ;
                                   tip:value {dedicated} ; tip:note ?n ;
                                   prov:wasDerivedFrom section:E . }}"""
        )
    )
    for printed in ("National Rescue Program", "PROTEX", "federal security forces", "ten years"):
        assert printed in notes
    rows = select(
        f"""SELECT (STR(?y) AS ?year) WHERE {{ ?f a tip:Finding ; tip:country country:PER ;
              tip:value {dedicated} ; tip:year ?y ; tip:note ?n .
              FILTER CONTAINS(?n, "Llama y Vive") }}"""
    )
    assert rows == [("2006",)]


def test_mexicos_federal_police_line_is_088(select):
    rows = select(
        """SELECT ?t WHERE { ?l a tip:PoliceLine ; tip:country country:MEX ; tip:telephone ?t ;
                                prov:wasDerivedFrom section:E . }"""
    )
    assert rows == [("088",)]


def test_victim_programmes_name_the_reports_countries(countries_in, select):
    value = concept("instrument-type", "victim-planning-instrument")
    assert countries_in(value, SECTION_E) == VICTIM_PROGRAMMES
    rows = select(
        """SELECT ?code WHERE { ?p tip:instrumentType
              <https://w3id.org/tipgraph/concept/instrument-type/victim-planning-instrument> ;
                                   tip:country/tip:iso3166Alpha3 ?code ;
                                   prov:wasDerivedFrom section:E . }"""
    )
    # Paraguay's programme (line 1730) and the United States' plan (line 1735), each one
    # node typed once.
    assert {c for (c,) in rows} == {"PRY", "USA"}
    law = select(
        """SELECT ?n (STR(?y) AS ?year) WHERE { ?l a tip:LegalInstrument ;
             tip:country country:ARG ; tip:instrumentNumber ?n ; tip:year ?y ;
             prov:wasDerivedFrom section:E . }"""
    )
    assert law == [("27.372", "2017")]


test_victim_protocols_name_the_reports_countries = named_countries_test(
    SECTION_E, {"protocol-type": PROTOCOLS}
)


def test_mercosur_guidelines_are_cited_by_the_reports_countries(countries_in):
    assert countries_in(concept("scope", "supranational"), SECTION_E) == MERCOSUR_CITERS


def test_every_section_e_node_cites_its_source_and_line(own):
    assert_provenance(own)
    for channel in own.subjects(RDF.type, None):
        if str(channel).startswith(ID + "channel/"):
            assert own.value(channel, TIP.sourceLine) is not None, channel


def test_every_node_section_e_points_to_is_described(own, graph):
    assert_links_described(own, graph)


def test_every_discrepancy_has_an_adopted_and_a_rejected_reading(own):
    assert_discrepancies(own, {
        "facebook-one-or-two", "thematic-ten-others", "three-criteria-chile",
    }, f"{ID}discrepancy/section-e/", rejects=True)
