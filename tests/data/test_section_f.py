"""Check Section F (information systems) against the report's own names and numbers."""

from __future__ import annotations

import pytest
from helpers import (
    SRC,
    assert_discrepancies,
    assert_provenance,
    findings_near_country_test,
    stated_figure_tests,
)
from rdflib import URIRef

from tipgraph.namespaces import TIP

# a reading of a Section F discrepancy is printed by Appendix 13
OWN_FILES = ["section-f.trig", "appendix-13.trig"]
FIGURE = "https://w3id.org/tipgraph/id/figure/section-f/"
SYSTEM = "https://w3id.org/tipgraph/id/system/"
DISCREPANCY = "https://w3id.org/tipgraph/id/discrepancy/section-f/"
MODEL = "https://w3id.org/tipgraph/concept/information-system-model/"
F16 = f"<{SRC}figure/16>"

# Figure 16 / Diagram 16 as the section names its groups (lines 2027-2224).
MODELS = {
    "model-1": {"BHS", "BLZ", "JAM", "MEX"},
    "model-2": {"PER", "ARG", "URY"},
    "model-3": {"ATG", "BRA", "CHL", "COL", "CRI", "DOM", "SLV", "HND", "GTM"},
    "model-4": {"BRB", "BOL", "CAN", "ECU", "GUY", "PRY", "SUR", "TTO", "USA", "VEN",
                "DMA", "PAN", "LCA", "URY"},
    "model-4a": {"BRB", "BOL", "CAN", "ECU", "GUY", "PRY", "SUR", "TTO", "USA", "VEN"},
    "model-4b": {"BOL", "DMA", "PAN", "LCA", "URY"},
}

# (figure slug, stated value, stated total or None)
FIGURES = [
    ("systematised-countries", 28, 33),
    ("excluded-countries", 5, 33),
    ("excluded-not-answered", 2, 5),
    ("excluded-insufficient-information", 3, 5),
    ("table-3-exclusive-systems", 4, None),
    ("table-3-run-by-national-authority", 2, 4),
    ("model-3-countries", 10, None),
    ("model-3-reports-published", 2, 10),
    ("BRA-national-reports", 4, None),
]

# Table 3, row by row: country, system, institution in charge, design, sources,
# public access, public reports.
TABLE_3 = [
    ("BHS", "Unnamed", "Sub-Committee on Data and Investigation", "Centralized",
     {"Police", "Social Services", "Public Prosecutor’s Office"}, "no", "no"),
    ("BLZ", "FAMCare", "Anti-Trafficking in Persons Council", "Centralized",
     {"Police", "Social Service", "Migration and Customs"}, "no", "no"),
    ("JAM", "Integrated Trafficking in Persons Information System and Database",
     "Ministry of Justice", "Decentralized", set(), "no", "no"),
    ("MEX", "National Information System on Trafficking in Persons", "Ministry of the Interior",
     "Centralized",
     {"Police", "Migration", "Public Prosecutor’s Office", "Courts",
      "Social service Institutions", "NGO"}, "no", "yes"),
]

# The text names some countries only by an adjective ("the Argentine Procurator-General’s").
ADJECTIVES = {"ARG": "Argentine"}

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 10: "10", 28: "28"}


@pytest.mark.parametrize(("model", "expected"), sorted(MODELS.items()))
def test_figure_16_countries_by_model(countries_in, model, expected):
    assert countries_in(f"<{MODEL}{model}>", F16) == expected


def test_bolivia_and_uruguay_are_counted_twice_and_no_one_else(countries_in):
    placements = ["model-1", "model-2", "model-3", "model-4a", "model-4b"]
    seen: dict[str, int] = {}
    for model in placements:
        for code in countries_in(f"<{MODEL}{model}>", F16):
            seen[code] = seen.get(code, 0) + 1
    assert {code for code, n in seen.items() if n > 1} == {"BOL", "URY"}


test_stated_figures, test_stated_figures_are_printed_on_their_line = stated_figure_tests(
    FIGURE, FIGURES, NUMBER_WORDS
)


def _recount_matches_or_is_disputed(select, countries_in, slug):
    concept, stated = select(
        f"SELECT ?c ?v WHERE {{ <{FIGURE}{slug}> tip:counts ?c ; tip:statedValue ?v }}"
    )[0]
    recount = len(countries_in(f"<{concept}>", f"<{SRC}section/F>"))
    disputed = select(
        f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{FIGURE}{slug}> }}"
    )
    return stated, recount, bool(disputed)


@pytest.mark.parametrize(
    ("slug", "recount"),
    [("table-3-exclusive-systems", 4), ("model-3-reports-published", 2), ("model-3-countries", 9)],
)
def test_recomputable_figures_match_or_are_disputed(select, countries_in, slug, recount):
    stated, counted, disputed = _recount_matches_or_is_disputed(select, countries_in, slug)
    assert counted == recount
    assert stated == counted or disputed


def test_group_3_is_stated_as_10_but_9_are_named(select, countries_in):
    stated, counted, disputed = _recount_matches_or_is_disputed(
        select, countries_in, "model-3-countries"
    )
    assert (stated, counted, disputed) == (10, 9, True)


def test_systematised_countries_stated_28_named_29_and_disputed(select, countries_in):
    named = set().union(
        *(countries_in(f"<{MODEL}{m}>", F16) for m in MODELS)
    )
    assert len(named) == 29
    rows = select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURE}systematised-countries> }}"""
    )
    assert rows


def test_reports_published_in_group_3_are_brazil_and_chile(countries_in):
    concept = "<https://w3id.org/tipgraph/concept/noted-practice/reports-published>"
    assert countries_in(concept, f"<{SRC}section/F>") == {"BRA", "CHL"}


@pytest.mark.parametrize(
    ("code", "name", "institution", "design", "sources", "access", "reports"), TABLE_3
)
def test_table_3_rows(select, code, name, institution, design, sources, access, reports):
    rows = select(
        f"""SELECT ?name ?inst ?design ?access ?reports WHERE {{
              ?s a tip:InformationSystem ; prov:wasDerivedFrom <{SRC}table/3> ;
                 tip:country/tip:iso3166Alpha3 "{code}" ; rdfs:label ?name ;
                 tip:operatedBy/rdfs:label ?inst ; tip:design ?design ;
                 tip:publicAccess ?access ; tip:publishesReports ?reports .
              FILTER(lang(?inst) = "en") }}"""
    )
    answer = "https://w3id.org/tipgraph/concept/answer/"
    assert rows == [(name, institution, design, answer + access, answer + reports)]
    found = select(
        f"""SELECT ?src WHERE {{ ?s prov:wasDerivedFrom <{SRC}table/3> ;
              tip:country/tip:iso3166Alpha3 "{code}" ; tip:dataSource ?src }}"""
    )
    assert {s for (s,) in found} == sources


def test_table_3_has_four_rows(select):
    rows = select(
        f"SELECT ?s WHERE {{ ?s a tip:InformationSystem ; prov:wasDerivedFrom <{SRC}table/3> }}"
    )
    assert len(rows) == 4


def test_jamaica_sources_are_not_specified_not_absent(graph):
    system = URIRef(SYSTEM + "JAM-integrated-tip-information-system")
    assert (system, TIP.unspecified, TIP.dataSource) in graph
    assert (system, TIP.dataSource, None) not in graph


def test_peru_systems_are_not_interconnected(select):
    rows = select(
        """SELECT ?acronym ?inst WHERE { ?s a tip:InformationSystem ;
              tip:country/tip:iso3166Alpha3 "PER" ; tip:acronym ?acronym ;
              tip:operatedBy/rdfs:label ?inst ;
              tip:interconnected <https://w3id.org/tipgraph/concept/answer/no> }"""
    )
    assert sorted(rows) == [("RETA", "National Police"), ("SISTRA", "Public Prosecutors’ Office")]


def test_every_node_cites_the_report_and_facts_a_line(own):
    assert_provenance(own)


def _names(country_names, code: str) -> set[str]:
    """The English names of the country, or the adjective the text uses for it."""
    return country_names[code].english | {ADJECTIVES.get(code, "-")}


test_findings_name_their_country_near_their_line = findings_near_country_test(_names, 2, 2)


def test_each_discrepancy_has_two_readings_and_adopts_one(own):
    assert_discrepancies(
        own,
        {
            "systematised-count", "model-3-count", "PER-inei-report-period", "BRA-methodology-url",
            # Appendix 13's, parsed with it (OWN_FILES)
            "https://w3id.org/tipgraph/id/discrepancy/appendix-13/USA-both-reports",
            "https://w3id.org/tipgraph/id/discrepancy/appendix-13/BRA-2014-2016-title",
        },
        DISCREPANCY,
    )


def test_brazil_four_national_reports_are_those_appendix_13_lists(select):
    stated = select(f"SELECT ?v WHERE {{ <{FIGURE}BRA-national-reports> tip:statedValue ?v }}")
    listed = select(
        f"""SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a tip:StatisticalReport ;
              tip:country/tip:iso3166Alpha3 "BRA" ; prov:wasDerivedFrom <{SRC}appendix/13> }}"""
    )
    assert stated == listed == [(4,)]
