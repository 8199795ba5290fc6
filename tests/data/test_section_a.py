"""Check Section A (National Authority) against the report's own names and numbers."""

from __future__ import annotations

import re
from functools import partial

import pytest
from helpers import (
    CONCEPT,
    ID,
    SRC,
    assert_provenance,
    concept,
    figure_values,
    named_countries_test,
    section_file_tests,
    stated_figure_tests,
)
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from tipgraph.namespaces import TIP

OWN_FILES = ["section-a.trig"]
FIGURE = f"{ID}figure/section-a/"
SECTION = f"<{SRC}section/A>"

# Lines 304-310 (Diagram 1: five sole authorities, the rest collegiate) and 354-393
# (Diagram 2: Guatemala, Argentina and The Bahamas as hybrids); collegiate only for the
# countries the section names as having a multi-agency body.
AUTHORITY_MODELS = {
    "sole": {"DMA", "GRD", "GTM", "KNA", "VEN"},
    "hybrid": {"ARG", "BHS", "GTM"},
    "collegiate": {
        "ARG",
        "BHS",
        "URY",
        "HND",
        "CRI",
        "SUR",
        "TTO",
        "BOL",
        "VCT",
        "LCA",
        "BRA",
    },
}

# (figure slug, stated value, stated total or None), as printed in Section A.
FIGURES = [
    ("diagram-1-sole-five", 5, 33),
    ("diagram-1-collegiate-28", 28, 33),
    ("clearly-sole-four", 4, 33),
    ("diagram-5-subgroup-29", 29, 33),
    ("figure-1-public-security", 24, 33),
    ("figure-1-public-security-share", 72.7, 33),
    ("figure-1-foreign-affairs", 3, None),
    ("figure-1-development", 3, None),
    ("womens-institute", 1, None),
    ("diagram-4-three-ps", 25, 33),
    ("diagram-4-two-ps", 6, 33),
    ("diagram-4-not-answered", 2, 33),
    ("figure-2-generic", 13, 33),
    ("figure-2-none", 10, 33),
    ("figure-2-specific", 10, 33),
    ("mexico-annual-reports", 4, None),
    ("figure-3-law", 17, 29),
    ("figure-3-law-share", 58.6, 29),
    ("figure-4-range-11-15", 14, 29),
    ("figure-4-average", 12.75, None),
    ("figure-4-mode", 13, None),
    ("composition-uniform", 11, 29),
    ("composition-mixed", 18, 29),
    ("csos-unspecified", 5, 18),
    ("figure-5-one-to-four-csos", 10, 11),
    ("figure-5-average-csos", 2.5, None),
]

# Figures whose members the text names in full: (figure slug, concept, the named set).
RECOMPUTABLE = [
    ("diagram-1-sole-five", "authority-model/sole", {"DMA", "GRD", "GTM", "KNA", "VEN"}),
    ("womens-institute", "institution-type/womens-institute", {"URY"}),
]

# Figure 4 (lines 618-624): the atypical values.
PUBLIC_INSTITUTIONS = {"CRI": 21, "SUR": 6, "TTO": 6}

# Lines 633-643: mixed bodies, five with an unspecified number of CSOs, Brazil with 7.
MIXED = {"BOL", "GTM", "VCT", "LCA", "TTO", "BRA"}
CSOS_UNSPECIFIED = {"BOL", "GTM", "VCT", "LCA", "TTO"}

# Establishing instruments the section prints: (law slug, number, year or None).
INSTRUMENTS = [
    ("GTM-legislative-decree-9-2009", "9-2009", "2009"),
    ("GTM-decision-02-2009", "02-2009", "2009"),
    ("ARG-2008-26364", "26.364", "2008"),
    ("ARG-2012-26842", "26.842", "2012"),
    ("URY-decree-304-15", "304/15", None),
    ("BRA-decree-7901-2013", "7.901", "2013"),
    ("HND-2012-59-2012", "59-2012", "2012"),
    ("KNA-2008-32", "32", "2008"),
]

# Each hybrid's two bodies (Diagram 2): the findings or own nodes of this section point at
# the bodies; Appendix 1's nodes where it lists them.
HYBRID_BODIES = {
    "GTM": {"body/GTM-svet", "body/GTM-cit"},
    "ARG": {"body/ARG-federal-council", "body/ARG-executive-committee"},
    "BHS": {"body/BHS-inter-ministry-committee", "body/BHS-national-task-force"},
}

# Footnotes name a country's body, not the country.
FOOTNOTE_NAMES = {"BRA": "CONATRAP", "HND": "CICESCT"}

NUMBER_WORDS = {1: "only", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 25: "twenty-five"}


SHORT_NAMES = {"USA": "United States", "BHS": "Bahamas", "KNA": "Kitts", "VCT": "Vincent"}


# figure(figures, slug): (stated value, stated total) of this section's figure.
figure = partial(figure_values, prefix=FIGURE)


test_authority_model_findings_name_the_reports_countries = named_countries_test(
    SECTION, {"authority-model": AUTHORITY_MODELS}
)


def test_sole_and_collegiate_exclude_each_other(countries_in):
    sole = countries_in(concept("authority-model/sole"))
    assert not sole & countries_in(concept("authority-model/collegiate"))


test_stated_figures, test_stated_figures_are_printed_at_their_line = stated_figure_tests(
    FIGURE, FIGURES, NUMBER_WORDS
)


def test_guatemala_is_sole_and_hybrid_and_the_five_or_four_is_a_discrepancy(select):
    rows = select(
        f"""SELECT ?text ?adopted WHERE {{
              <{ID}discrepancy/section-a/sole-authority-five-or-four> tip:reading ?r ;
                  tip:concerns <{FIGURE}diagram-1-sole-five> , <{FIGURE}clearly-sole-four> ,
                      <{ID}finding/section-a/GTM-hybrid-authority> .
              ?r rdfs:comment ?text ; tip:adopted ?adopted }}"""
    )
    adopted = [text for text, flag in rows if flag]
    assert len(rows) == 2 and len(adopted) == 1
    assert "Guatemala" in adopted[0] and "five-country" in adopted[0]


def test_collegiate_28_or_29_is_a_discrepancy(select):
    rows = select(
        f"""SELECT ?r WHERE {{ <{ID}discrepancy/section-a/collegiate-28-or-29> tip:reading ?r ;
              tip:concerns <{FIGURE}diagram-1-collegiate-28> , <{FIGURE}diagram-5-subgroup-29> }}"""
    )
    assert len(rows) == 2


def test_mixed_bodies_that_do_not_add_up_are_a_discrepancy(figures, select):
    mixed, _ = figure(figures, "composition-mixed")
    unspecified, _ = figure(figures, "csos-unspecified")
    _, remaining = figure(figures, "figure-5-one-to-four-csos")
    assert mixed - unspecified != remaining
    assert select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURE}figure-5-one-to-four-csos> , <{FIGURE}composition-mixed> }}"""
    )


def test_specific_websites_against_appendix_2_is_a_discrepancy(select):
    """Figure 2's 10 against Appendix 2's 11 countries, recorded once, with Appendix 2."""
    assert select(
        f"""SELECT ?d WHERE {{ <{FIGURE}figure-2-specific> rdfs:seeAlso ?d .
              ?d a tip:Discrepancy ; tip:concerns <{SRC}figure/2> }}"""
    )


def test_approach_findings_only_for_canada_and_the_united_states(countries_in):
    assert countries_in(concept("approach-coverage/four-ps")) >= {"CAN", "USA"}
    assert countries_in(concept("approach-coverage/four-ps"), SECTION) == {"CAN", "USA"}
    for unnamed in ("three-ps", "two-ps", "not-answered"):
        assert countries_in(concept(f"approach-coverage/{unnamed}"), SECTION) == set()


def test_no_website_type_finding_for_unnamed_countries(countries_in):
    for kind in ("generic", "none", "specific"):
        assert countries_in(concept(f"website-type/{kind}"), SECTION) == set()


def test_presiding_institutions(countries_in, select):
    presided = countries_in(concept("institution-type/ministry-of-development"), f"<{SRC}figure/1>")
    assert presided == {"URY"}
    assert countries_in(concept("institution-type/ministry-of-foreign-affairs"), SECTION) == set()
    assert countries_in(concept("institution-type/womens-institute"), SECTION) == {"URY"}
    rows = select(
        f"""SELECT ?ps WHERE {{ <{ID}finding/section-a/URY-presided-ministry-of-development>
              tip:publicSecuritySystem ?ps }}"""
    )
    assert rows == [(False,)]


def test_number_of_public_institutions(select):
    rows = select(
        f"""SELECT ?code ?n WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom <{SRC}figure/4> ;
              tip:numberOfPublicInstitutions ?n ; tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert dict(rows) == PUBLIC_INSTITUTIONS
    honduras = select(
        f"""SELECT ?note WHERE {{ <{ID}finding/section-a/HND-public-institutions> tip:note ?note .
              FILTER NOT EXISTS {{ <{ID}finding/section-a/HND-public-institutions>
                                   tip:numberOfPublicInstitutions ?n }} }}"""
    )
    assert "more than 21" in honduras[0][0]


def test_composition(countries_in, select):
    assert countries_in(concept("composition/mixed"), SECTION) == MIXED
    assert countries_in(concept("composition/uniform"), SECTION) == set()
    rows = select(
        f"""SELECT ?code WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom {SECTION} ;
              tip:unspecified tip:numberOfCivilSocietyOrganizations ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert {code for (code,) in rows} == CSOS_UNSPECIFIED
    brazil = select(
        f"""SELECT ?n WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom <{SRC}figure/5> ;
              tip:country/tip:iso3166Alpha3 "BRA" ; tip:numberOfCivilSocietyOrganizations ?n }}"""
    )
    assert brazil == [(7,)]


@pytest.mark.parametrize(("slug", "number", "year"), INSTRUMENTS)
def test_legal_bases(graph, slug, number, year):
    node = URIRef(f"{ID}law/{slug}")
    assert (node, RDF.type, TIP.LegalInstrument) in graph
    parts = {URIRef(SECTION.strip("<>")), URIRef(f"{SRC}footnote/9")}
    assert set(graph.objects(node, PROV.wasDerivedFrom)) & parts
    printed = graph.value(node, TIP.instrumentNumber)
    assert (printed and str(printed)) == number
    stated = graph.value(node, TIP.year)
    assert (stated and str(stated)) == year


def test_cit_has_13_state_institutions_and_is_set_up_by_decision(select):
    rows = select(
        f"""SELECT ?n ?type WHERE {{ <{ID}body/GTM-cit>
              dcterms:creator <{ID}body/GTM-svet> ; tip:numberOfPublicInstitutions ?n ;
              tip:establishmentType ?type ; tip:establishedBy <{ID}law/GTM-decision-02-2009> }}"""
    )
    assert rows == [(13, f"{CONCEPT}establishment-type/administrative-decision")]


@pytest.mark.parametrize(("country", "bodies"), HYBRID_BODIES.items())
def test_each_hybrid_has_its_two_bodies(select, country, bodies):
    rows = select(
        f"""SELECT DISTINCT ?b WHERE {{
              ?x tip:country/tip:iso3166Alpha3 "{country}" ; prov:wasDerivedFrom {SECTION} ;
                 tip:authority ?b .
              ?b a ?kind . VALUES ?kind {{ tip:NationalAuthority tip:InterAgencyBody }} }}"""
    )
    assert {str(b).removeprefix(ID) for (b,) in rows} >= bodies


def test_argentina_bodies_are_anchored_in_the_chief_of_staffs_office(select):
    rows = select(
        f"""SELECT ?body ?law WHERE {{ ?body prov:wasDerivedFrom {SECTION} ;
              tip:establishedBy ?law ;
              tip:anchoredIn <{ID}institution/ARG-head-of-cabinet-office> .
              ?body a tip:InterAgencyBody ; tip:country <{ID}country/ARG> }}"""
    )
    assert {(str(b).removeprefix(ID), str(law).removeprefix(ID)) for b, law in rows} == {
        ("body/ARG-federal-council", "law/ARG-2008-26364"),
        ("body/ARG-executive-committee", "law/ARG-2012-26842"),
    }


def test_uruguay_round_table_chaired_by_the_womens_institute(select):
    rows = select(
        f"""SELECT ?f WHERE {{ BIND(<{ID}body/URY-inter-institutional-round-table> AS ?f)
              ?f tip:chairedBy <{ID}institution/URY-national-womens-institute> ;
              tip:establishedBy <{ID}law/URY-decree-304-15> }}"""
    )
    assert len(rows) == 1


def test_accountability_reports(select):
    rows = select(
        f"""SELECT ?code ?years WHERE {{ ?r a tip:Document ; prov:wasDerivedFrom <{SRC}footnote/3> ;
              tip:country/tip:iso3166Alpha3 ?code ; tip:coverage ?years }}"""
    )
    by_country: dict[str, set[str]] = {}
    for code, years in rows:
        by_country.setdefault(code, set()).add(years)
    assert by_country == {"USA": {"2015"}, "MEX": {"2013", "2014", "2015", "2016"}}


def test_saint_kitts_and_nevis_task_force_never_installed(graph):
    act = URIRef(f"{ID}law/KNA-2008-32")
    assert "not yet to have been installed" in str(graph.value(act, TIP.note))
    assert (act, PROV.wasDerivedFrom, URIRef(f"{SRC}footnote/5")) in graph


def test_every_node_has_provenance_and_facts_a_line(own):
    assert_provenance(own)


def _names(country_names, code: str) -> set[str]:
    """The names a finding's line may print for the country."""
    label = country_names[code].label
    short = SHORT_NAMES.get(code, re.split(r"[ (,]", label)[0])
    return {short, FOOTNOTE_NAMES.get(code, "\0")}


# The figures the text names in full recount; a finding's line, or the lines around it,
# prints the country's name.
(
    test_recomputable_figures_match_or_have_a_discrepancy,
    test_only_fully_named_figures_are_recounted,
    test_discrepancies_have_two_readings_one_adopted,
    test_finding_lines_name_the_country,
) = section_file_tests(FIGURE, SECTION, RECOMPUTABLE, _names, 15, 2)
