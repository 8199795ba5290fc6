"""Check Section D (Combating and Punishing the Crime) against the report's own numbers.

Every set of countries below is copied from the report's text (lines 1112-1471), Table 2
or, for Figure 9, the years of Appendix 6; every number is the one the report prints.
"""

from __future__ import annotations

import pytest
from helpers import (
    CONCEPT,
    ID,
    SRC,
    assert_discrepancies,
    assert_links_described,
    assert_provenance,
    assert_section_recounts,
    concept,
    named_countries_test,
    part,
    stated_table_tests,
)

OWN_FILES = ["section-d.trig"]
FIGURES = "https://w3id.org/tipgraph/id/figure/section-d/"
SECTION_D = f"<{SRC}section/D>"

RESPONDENTS = {
    "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "DMA", "DOM",
    "ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "PAN", "PRY", "PER", "KNA",
    "LCA", "VCT", "SUR", "TTO", "USA", "URY", "VEN",
}
# Diagram 11 (lines 1134-1145): the three paths the text names.
CRIMINAL_CODE = {"CAN", "ECU", "SUR"}
AMENDMENT_ONLY = {"CHL"}
BOTH = {"SLV", "PRY", "PER"}
# Appendix 6 (lines 3423-3526): the year of each country's characterising instrument.
APPENDIX_6_YEARS = {
    "USA": 2000, "DOM": 2003, "SLV": 2004, "CAN": 2005, "COL": 2005, "GUY": 2005,
    "SUR": 2006, "JAM": 2007, "PER": 2007, "ARG": 2008, "BHS": 2008, "KNA": 2008,
    "PRY": 2008, "URY": 2008, "CRI": 2009, "GTM": 2009, "ATG": 2010, "LCA": 2010,
    "CHL": 2011, "PAN": 2011, "VCT": 2011, "BOL": 2012, "HND": 2012, "MEX": 2012,
    "VEN": 2012, "BLZ": 2013, "DMA": 2013, "TTO": 2013, "ECU": 2014, "GRD": 2014,
    "HTI": 2014, "BRB": 2016, "BRA": 2016,
}
# Table 2 as rebuilt from footnote 23: (country, number without the printed "/yy" year
# suffix, year, instrument type). Appendix 6 prints Paraguay's law as "3.440", Table 2 as
# "3.440/08"; El Salvador's special law has no number printed.
TABLE_2 = {
    ("SLV", "210", "2004", "criminal-code-amendment-law"),
    ("SLV", "457", "2004", "criminal-code-amendment-law"),
    ("SLV", None, "2014", "comprehensive-law"),
    ("PRY", "3.440", "2008", "criminal-code-amendment-law"),
    ("PRY", "4.788", "2012", "comprehensive-law"),
    ("PER", "30.251", "2014", "criminal-code-amendment-law"),
    ("PER", "28.950", "2007", "comprehensive-law"),
}
# Diagram 12 and its narrative (lines 1229-1338): strategy -> countries.
STRATEGIES = {
    "reactive": {"MEX", "LCA", "VCT", "TTO", "URY"},
    "proactive": {"ARG", "BOL", "GTM", "MEX", "LCA", "VCT", "TTO", "URY"},
    "disruptive": {"ARG", "LCA", "URY"},
    "financial": {"ARG", "URY", "USA"},
    "intelligence-based": {"LCA", "VCT"},
}
# The labels the extraction kept in Diagram 12's cells (lines 1315-1338).
DIAGRAM_12_LABELS = {
    "reactive": {"LCA", "VCT", "TTO", "URY"},
    "proactive": {"ARG", "BOL", "TTO", "URY"},
    "disruptive": {"ARG", "LCA", "URY"},
    "financial": {"ARG", "URY", "USA"},
}
TOOLS = {
    "undercover-agents": {"BOL", "PRY", "LCA"},
    "interception": {"BOL"},
    "cyber-patrols": {"BOL"},
    "informants": {"PRY"},
    "plea-bargain": {"PRY"},
    "surveillance": {"LCA"},
    "asset-seizure": {"USA"},
}
# Diagram 13 / Figure 11 (lines 1353-1372) and the multi-agency bodies (lines 1406-1421).
SPHERES = {
    "police": {"ARG", "BHS", "BRB", "BLZ", "BOL", "CHL", "ECU", "SLV", "GTM", "JAM", "MEX",
               "PRY", "VCT", "SUR", "VEN"},
    "public-prosecutor": {"ARG", "COL", "DOM", "SLV", "GTM", "JAM", "MEX", "PRY", "PER", "VEN"},
    "judicial": {"GTM", "URY"},
    "multi-agency": {"ATG", "USA"},
}
# Figure 12 and Diagram 14 (lines 1426-1441).
PROTOCOL_COUNTRIES = {"ARG", "PRY", "JAM", "URY", "COL", "CHL"}
DRAFTERS = {
    "ministry-of-interior": {"COL", "URY"},
    "attorney-general": {"ARG", "PRY"},
    "inter-agency-body": {"CHL", "JAM"},
}
# Every count Section D states: figure slug -> (stated value, stated total or None).
STATED = {
    "all-countries-characterise-the-crime": (33, 33),
    "diagram-11-comprehensive-law": (26, 33),
    "diagram-11-criminal-code": (3, 33),
    "diagram-11-amendment-law-only": (1, 33),
    "diagram-11-both": (3, 33),
    "figure-9-2006-2015": (25, None),
    "diagram-12-countries-with-procedures": (8, 33),
    "units-countries": (21, None),
    "units-more-than-one-body": (6, None),
    "diagram-13-police": (15, None),
    "diagram-13-public-prosecutor": (10, None),
    "diagram-13-judicial": (2, None),
    "multi-agency": (2, None),
    "ARG-federal-police-forces-with-branches": (4, None),
    "USA-specialised-units": (2, None),
    "figure-12-countries-with-protocols": (6, None),
    "ARG-investigation-protocols": (2, None),
    "PRY-investigation-protocols": (2, None),
}
NUMBER_WORDS = {1: ("one", "only"), 2: ("two",), 3: ("three",), 4: ("four",),
                6: ("six",), 8: ("eight",), 10: ("ten",)}


def test_diagram_11_paths_name_the_reports_countries(countries_in):
    d11 = part("diagram", 11)
    assert countries_in(concept("legislative-path", "criminal-code"), d11) == CRIMINAL_CODE
    assert countries_in(concept("legislative-path", "criminal-code-amendment-law"), d11) \
        == AMENDMENT_ONLY
    assert countries_in(concept("legislative-path", "both"), d11) == BOTH
    assert countries_in(concept("legislative-path", "both"), part("table", 2)) == BOTH
    comprehensive = countries_in(concept("legislative-path", "comprehensive-law"), d11)
    assert comprehensive == RESPONDENTS - CRIMINAL_CODE - AMENDMENT_ONLY - BOTH
    assert len(comprehensive) == 26


(
    test_stated_figures_are_the_reports,
    test_no_figure_of_section_d_is_unchecked,
    test_each_stated_number_is_printed_where_the_figure_points,
) = stated_table_tests(FIGURES, STATED, NUMBER_WORDS)


def test_every_recountable_figure_matches_its_findings_or_has_a_discrepancy(
    figures, countries_in, select
):
    rows = assert_section_recounts(figures, countries_in, select, FIGURES, SECTION_D)
    assert len(rows) >= 9


def test_table_2_lists_the_laws_with_numbers_and_years_as_printed(select):
    rows = select(
        f"""SELECT ?code ?number (STR(?year) AS ?y) ?type WHERE {{
              ?f a tip:Finding ; tip:value {concept("legislative-path", "both")} ;
                 prov:wasDerivedFrom {part("table", 2)} ; tip:exemplifiedBy ?law .
              ?law a tip:LegalInstrument ; tip:country/tip:iso3166Alpha3 ?code ;
                   tip:year ?year ; tip:instrumentType ?type .
              OPTIONAL {{ ?law tip:instrumentNumber ?number }} }}"""
    )
    found = {
        (c, n.split("/")[0] if n else None, y,
         str(t).removeprefix(f"{CONCEPT}instrument-type/"))
        for c, n, y, t in rows
    }
    assert found == TABLE_2


def test_el_salvadors_garbled_row_is_a_discrepancy_that_follows_footnote_23(select):
    rows = select(
        f"""SELECT ?adopted ?source WHERE {{
              ?d a tip:Discrepancy ; tip:concerns {part("table", 2)} , country:SLV ;
                 tip:reading ?r .
              ?r tip:adopted ?adopted ; prov:wasDerivedFrom ?source . }}"""
    )
    adopted = {str(s) for a, s in rows if a}
    rejected = {str(s) for a, s in rows if not a}
    assert f"{SRC}footnote/23" in adopted
    assert f"{SRC}table/2" in rejected


def test_figure_9_recounts_25_countries_from_appendix_6(countries_in):
    in_period = {c for c, y in APPENDIX_6_YEARS.items() if 2006 <= y <= 2015}
    assert len(in_period) == 25
    got = countries_in(concept("legislation-period", "2006-2015"), part("figure", 9))
    assert got == in_period
    before = countries_in(concept("legislation-period", "before-2006"), part("figure", 9))
    after = countries_in(concept("legislation-period", "after-2015"), part("figure", 9))
    assert before | got | after == RESPONDENTS
    assert after == {"BRB", "BRA"}


def test_figure_10_names_the_first_and_the_most_recent(select):
    rows = select(
        f"""SELECT ?code (STR(?year) AS ?y) WHERE {{
              ?f a tip:Finding ; prov:wasDerivedFrom {part("figure", 10)} ;
                 tip:country/tip:iso3166Alpha3 ?code ; tip:year ?year . }}"""
    )
    assert set(rows) == {("USA", "2000"), ("BRB", "2016"), ("BRA", "2016")}


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_investigation_strategies_name_the_reports_countries(countries_in, strategy):
    value = concept("investigation-strategy", strategy)
    assert countries_in(value, SECTION_D) == STRATEGIES[strategy]
    assert countries_in(value, part("diagram", 12)) == DIAGRAM_12_LABELS.get(strategy, set())


def test_uruguay_alone_uses_the_four_strategies():
    four = {"reactive", "proactive", "disruptive", "financial"}
    all_four = set.intersection(*(STRATEGIES[s] for s in four))
    assert all_four == {"URY"}


def test_ten_countries_are_described_against_the_stated_8(countries_in, select):
    described = set()
    for strategy in STRATEGIES:
        described |= countries_in(concept("investigation-strategy", strategy), SECTION_D)
    for tool in TOOLS:
        described |= countries_in(concept("investigation-tool", tool), SECTION_D)
    assert described == {"ARG", "BOL", "GTM", "MEX", "PRY", "LCA", "VCT", "TTO", "URY", "USA"}
    flagged = select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURES}diagram-12-countries-with-procedures> }}"""
    )
    assert flagged


test_investigation_tools_name_the_reports_countries = named_countries_test(
    SECTION_D, {"investigation-tool": TOOLS}
)


def test_the_us_financial_bodies_are_institutions_with_notes(select):
    rows = select(
        """SELECT ?acronym (COUNT(?note) AS ?n) WHERE {
             ?i a tip:PublicInstitution ; tip:acronym ?acronym ; tip:note ?note ;
                tip:country country:USA ; prov:wasDerivedFrom section:D .
             FILTER (STR(?acronym) IN ("MLARS", "FinCEN")) } GROUP BY ?acronym"""
    )
    assert dict(rows) == {"MLARS": 1, "FinCEN": 4}


test_specialised_unit_spheres_name_the_reports_countries = named_countries_test(
    SECTION_D, {"sphere": SPHERES}
)


def test_21_countries_gave_units_and_only_guatemala_has_three_spheres():
    assert len(set.union(*SPHERES.values())) == 21
    three = SPHERES["police"] & SPHERES["public-prosecutor"] & SPHERES["judicial"]
    assert three == {"GTM"}


def test_argentinas_four_police_branches_are_units(select):
    rows = select(
        """SELECT ?u WHERE { ?u a tip:SpecializedUnit ; tip:country country:ARG ;
                              tip:sphere <https://w3id.org/tipgraph/concept/sphere/police> ;
                              prov:wasDerivedFrom footnote:31 . }"""
    )
    assert len(rows) == 4


def test_investigation_protocols_name_the_reports_countries_and_years(countries_in, select):
    value = concept("protocol-type", "investigation")
    assert countries_in(value, part("figure", 12)) == PROTOCOL_COUNTRIES
    rows = select(
        f"""SELECT ?code (STR(?year) AS ?y) WHERE {{
              ?f a tip:Finding ; tip:value {value} ; prov:wasDerivedFrom {part("figure", 12)} ;
                 tip:country/tip:iso3166Alpha3 ?code ; tip:year ?year . }}"""
    )
    assert set(rows) == {("JAM", "2007"), ("URY", "2016")}


test_diagram_14_drafting_institutions = named_countries_test(
    part("diagram", 14), {"institution-type": DRAFTERS}
)


def test_every_section_d_node_cites_its_source_and_line(own):
    assert_provenance(own)


def test_every_discrepancy_has_an_adopted_and_a_rejected_reading(own):
    assert_discrepancies(own, {
        "SLV-table-2-row", "procedures-8-or-10", "diagram-12-cells",
        "summary-three-areas", "protocol-drafters", "ARG-protocols-not-in-appendix-8",
        "fincen-204-advisory",
    }, f"{ID}discrepancy/section-d/", rejects=True)


def test_every_node_section_d_points_to_is_described(own, graph):
    assert_links_described(own, graph)
