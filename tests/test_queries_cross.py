"""The cross-cutting queries: answers that follow from the report, checked on known cases."""

from __future__ import annotations

import pytest

import engines_fixtures
from tipgraph.params import ParameterError

build = engines_fixtures.build
catalog = engines_fixtures.catalog
engines = engines_fixtures.engines
lookups = engines_fixtures.lookups
oxigraph_server = engines_fixtures.oxigraph_server
session = engines_fixtures.session


def rows(session, name, **values):
    result = session.run(name, values)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def codes(found, column="code"):
    return {str(row[column]) for row in found if row[column] is not None}


def test_at_least_twenty_cross_cutting_queries(catalog):
    report_parts = ("table-", "diagram-", "figure-", "appendix-", "summary-", "final-")
    assert len([q for q in catalog if not q.name.startswith(report_parts)]) >= 20


def test_hotline_without_police_unit(session):
    found = codes(rows(session, "hotline-without-police-unit"))
    # Appendix 9 lines vs Appendix 7 / Diagram 13 police units: Colombia, Peru, Honduras,
    # the Dominican Republic have a hotline but no police unit; Argentina and Chile have both
    assert {"COL", "PER", "DOM"} <= found
    assert not found & {"ARG", "CHL", "GTM", "BHS", "MEX", "SUR"}


def test_plans_in_force(session):
    in_2017 = rows(session, "plans-in-force", year=2017)
    # Table 1 / Appendix 3: Guatemala's policy 2014-2024, Paraguay's 2010-2019
    assert {"GTM", "PRY", "HND"} <= codes(in_2017)
    assert "DOM" not in codes(in_2017)  # the Dominican Republic's plan ran 2009-2014
    assert "DOM" in codes(rows(session, "plans-in-force", year=2012))
    with pytest.raises(ParameterError, match="'year'"):
        session.run("plans-in-force", {"year": "next year"})


def test_security_chaired_lapsed_plan(session):
    found = rows(session, "security-chaired-lapsed-plan", year=2018)
    # every row's chair is a security institution and its latest plan ended before 2018
    for row in found:
        assert int(row["latestEnd"]) < 2018
    assert "PER" not in codes(found)  # Ministry of the Interior, plan 2017-2021


def test_laws_before_year_and_later_plans(session):
    found = rows(session, "laws-before-year-and-later-plans", year=2005)
    # Appendix 6: the United States (2000), the Dominican Republic (2003), El Salvador (2004)
    assert codes(found) == {"USA", "DOM", "SLV"}
    plans = {str(row["plan"]) for row in found if row["code"].toPython() == "DOM"
             and row["plan"] is not None}
    assert any("DOM" in plan for plan in plans)  # its 2009-2014 plan followed


def test_countries_by_region(session):
    caribbean = rows(session, "countries-by-region", region="caribbean")
    assert len(caribbean) == 13 and "JAM" in codes(caribbean)
    south = rows(session, "countries-by-region", region="m49-region/south-america")
    assert len(south) == 12 and all(int(row["facts"]) > 0 for row in south)
    with pytest.raises(ParameterError, match="not in the concept scheme"):
        session.run("countries-by-region", {"region": "answer/yes"})


def test_region_summary_covers_the_35_member_states(session):
    found = rows(session, "region-summary")
    assert sum(int(row["countries"]) for row in found) == 35
    assert sum(int(row["respondents"]) for row in found) == 33


def test_member_states(session):
    found = rows(session, "member-states")
    assert len(found) == 35
    assert sum(row["respondent"].toPython() for row in found) == 33
    argentina = next(row for row in found if str(row["code"]) == "ARG")
    assert str(argentina["french"]) == "Argentine"


def test_country_profile(session):
    uruguay = rows(session, "country-profile", country="UY")
    items = {str(row["item"]) for row in uruguay}
    assert "https://w3id.org/tipgraph/id/body/URY-inter-institutional-round-table" in items
    assert sum("URY" in item for item in items) >= 0.9 * len(items)


def test_discrepancies_by_part(session):
    appendix_9 = rows(session, "discrepancies-by-part", part="appendix/9")
    assert appendix_9 and all(row["discrepancy"] is not None for row in appendix_9)
    adopted = [row for row in appendix_9
               if row["adopted"] is not None and row["adopted"].toPython()]
    assert adopted
    everything = rows(session, "discrepancies-by-part")
    assert len({str(row["discrepancy"]) for row in everything}) > len(
        {str(row["discrepancy"]) for row in appendix_9})


@pytest.mark.parametrize("text, expected", [
    ("conatrap", "https://w3id.org/tipgraph/id/body/BRA-conatrap"),
    ("MINISTERIO DEL INTERIOR", None),
    ("Women", None),
])
def test_institution_search_ignores_case_and_language(session, text, expected):
    found = rows(session, "institution-search", text=text)
    assert found
    assert all(text.lower() in str(row["match"]).lower() for row in found)
    if expected:
        assert expected in {str(row["item"]) for row in found}


def test_institution_search_takes_any_text_as_text(session):
    assert rows_or_empty(session, "institution-search", text='") } UNION { ?s ?p ?o } #') == []


def rows_or_empty(session, name, **values):
    return [row for row in session.run(name, values).rows]


def test_reported_figures_vs_recounts(session):
    found = rows(session, "reported-figures-vs-recounts")
    assert found
    for row in found:
        assert int(row["difference"]) == int(row["recount"]) - int(float(row["stated"]))


def test_reported_figures_of_figure_7(session):
    found = rows(session, "reported-figures", part="figure/7")
    stated = {float(row["stated"]) for row in found}
    # lines 792-796: average 3.4, mode 4, longest 6, shortest 1
    assert {3.4, 4, 6, 1} <= stated


def test_dedicated_hotline_features(session):
    found = rows(session, "dedicated-hotline-features")
    best = found[0]
    assert int(best["coreFeatures"]) <= 6
    assert "ARG" in codes(found)


def test_respondents_without_dedicated_hotline(session):
    found = codes(rows(session, "respondents-without-dedicated-hotline"))
    assert "ARG" not in found and "BRA" in found


def test_specialised_units_by_sphere_count(session):
    found = rows(session, "specialised-units-by-sphere-count")
    top = found[0]
    assert str(top["code"]) == "GTM" and int(top["spheres"]) >= 3


def test_protocols_by_country(session):
    found = {str(row["code"]): row for row in rows(session, "protocols-by-country")}
    assert int(found["PRY"]["victimProtocols"]) == 5
    assert int(found["PRY"]["investigationProtocols"]) == 2


@pytest.mark.parametrize("name", [
    "facts-by-report-part", "online-resources", "gender-bodies-and-shelters",
    "information-system-models-and-reports", "items-dated-in-year", "concept-members",
    "part-contents", "unspecified-facts", "trafficking-flows", "legislation-by-region-and-period",
])
def test_every_other_cross_cutting_query_answers(session, name):
    assert rows(session, name)


def test_concept_members_of_police_units(session):
    found = codes(rows(session, "concept-members", concept="sphere/police"))
    assert {"ARG", "BHS", "BRB", "BLZ", "BOL", "CHL"} <= found


def test_items_dated_in_2016(session):
    found = rows(session, "items-dated-in-year", year=2016)
    # Appendix 6: Barbados and Brazil legislated in 2016; Appendix 8: Uruguay's protocol
    assert {"BRB", "BRA", "URY"} <= codes(found)
