"""Each report table, diagram, figure and appendix query against the report's own text.

Expected names and numbers are read from the report (source/oas-tip-2018.txt,
line numbers in comments), not from the data files. Where the report names a set, the
query must return exactly that set (or, where the report itself disagrees with it and the
graph records a tip:Discrepancy, a set the test names both readings of); where it states a
count, the query must return that count as `stated`. A part whose data is not in the
graph yet is skipped, not failed.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import pytest

import engines_fixtures

build = engines_fixtures.build
catalog = engines_fixtures.catalog
engines = engines_fixtures.engines
lookups = engines_fixtures.lookups
oxigraph_server = engines_fixtures.oxigraph_server


@pytest.fixture(scope="module")
def run(build, catalog):
    """Run a canned query on the default engine; every part has data, so no rows fail."""
    from tipgraph.catalog import QuerySession
    from tipgraph.engines import OxigraphEngine

    session = QuerySession(catalog, OxigraphEngine.from_nquads(build.nquads(), build.version))

    def query(name: str, **values):
        result = session.run(name, values)
        assert result.rows, f"{name}: no rows"
        return [dict(zip(result.variables, row, strict=True)) for row in result.rows]

    return query


@dataclass
class Category:
    named: int = 0
    stated: set = field(default_factory=set)
    codes: set = field(default_factory=set)


def categories(rows) -> dict[str, Category]:
    """Rows of a category query by category term (the part after the scheme)."""
    found: dict[str, Category] = defaultdict(Category)
    for row in rows:
        if row["category"] is None:
            continue
        key = str(row["category"]).rsplit("/", 1)[-1]
        entry = found[key]
        # presets of report-part-figures say `named`; summary and final comments `countries`
        entry.named = int(row["named"] if "named" in row else row["countries"])
        if row["stated"] is not None:
            entry.stated.add(float(row["stated"]))
        if row["code"] is not None:
            entry.codes.add(str(row["code"]))
    return found


def stated_groups(rows) -> dict[str, float]:
    """The counts a part states, by the label of the figure that states each."""
    return {str(row.get("figureLabel") or row["categoryLabel"]): float(row["stated"])
            for row in rows if row["stated"] is not None}


def stated_for(rows, category: str, *words: str) -> set[float]:
    """What the part states for a category: on the category's rows, or on a stated group
    whose label has the words (the data may record a count with or without tip:counts)."""
    found = categories(rows).get(category)
    return (found.stated if found else set()) | stated_containing(rows, *words)


def codes(rows, column="code") -> set[str]:
    return {str(row[column]) for row in rows if row[column] is not None}


def by_code(rows, column: str) -> dict[str, set[str]]:
    found = defaultdict(set)
    for row in rows:
        if row[column] is not None:
            found[str(row["code"])].add(str(row[column]))
    return found


def stated_containing(rows, *words) -> set[float]:
    """Stated counts of the groups whose label contains all the words."""
    return {value for label, value in stated_groups(rows).items()
            if all(word.lower() in label.lower() for word in words)}


# --- Section A --------------------------------------------------------------------------


def test_diagram_01_authority_models(run):
    rows = run("diagram-01-authority-models")
    found = categories(rows)
    # lines 304-310: Dominica, Grenada, Guatemala, Saint Kitts and Nevis and Venezuela are
    # grouped under the sole model; 28 countries under the collegiate one. Guatemala is also
    # described as a hybrid (line 354), a discrepancy the graph records.
    assert 5 in stated_for(rows, "sole", "sole")
    assert 28 in stated_for(rows, "collegiate", "collegiate")
    sole = found["sole"].codes
    assert {"DMA", "GRD", "KNA", "VEN"} <= sole <= {"DMA", "GRD", "GTM", "KNA", "VEN"}


def test_diagram_02_hybrid_authorities(run):
    found = categories(run("diagram-02-hybrid-authorities"))
    # lines 341-378: Guatemala and Argentina are the two examples of shifts
    assert {"GTM", "ARG"} <= found["hybrid"].codes <= {"GTM", "ARG", "BHS"}


def test_diagram_04_approach_coverage(run):
    rows = run("diagram-04-approach-coverage")
    # lines 463-470: 25 three Ps, six two, two did not answer; Canada and the US a fourth P
    assert 25 in stated_for(rows, "three-ps", "three")
    assert 6 in stated_for(rows, "two-ps", "two")
    assert 2 in stated_for(rows, "not-answered", "not answer")
    assert categories(rows)["four-ps"].codes == {"CAN", "USA"}


def test_figure_01_presiding_institutions(run):
    rows = run("figure-01-presiding-institutions")
    chairs = by_code(rows, "chairName")
    # Appendix 1 (lines 3083-3186)
    for code in ("ATG", "BHS", "TTO", "VCT"):
        assert "Ministry of National Security" in chairs[code]
    for code in ("CHL", "COL", "ECU", "MEX", "PER"):
        assert "Ministry of the Interior" in chairs[code]
    assert any("Women" in name for name in chairs["URY"])
    assert "Department of State" in chairs["USA"]
    # 29 countries print a body; Guatemala's chair cell is empty
    assert len(chairs) >= 28 and "GTM" not in chairs


def test_figure_02_website_types(run):
    rows = run("figure-02-website-types")
    # lines 492-499: 13 generic, 10 none, 10 specific
    assert 13 in stated_for(rows, "generic", "generic")
    assert 10 in stated_for(rows, "none", "not provide")
    assert 10 in stated_for(rows, "specific", "specific")


def test_figure_03_establishment_instruments(run):
    rows = run("figure-03-establishment-instruments")
    establishment = by_code(rows, "establishment")
    # lines 364-371: Argentina's council and committee were established by law
    assert "law" in establishment["ARG"]


def test_figure_04_public_institutions(run):
    numbers = {str(row["code"]): int(row["institutions"]) for row in
               run("figure-04-public-institutions")}
    # lines 616-624: Costa Rica 21, Suriname and Trinidad and Tobago six each
    assert numbers.get("CRI") == 21
    assert numbers.get("SUR") == 6 and numbers.get("TTO") == 6
    assert min(numbers.values()) == 6
    if "HND" in numbers:
        assert numbers["HND"] > 21


def test_figure_05_civil_society_organizations(run):
    rows = run("figure-05-civil-society-organizations")
    organizations = {str(row["code"]): row["organizations"] for row in rows
                     if row["organizations"] is not None}
    # lines 632-641: five mixed bodies did not specify; Brazil reported seven
    assert int(organizations["BRA"]) == 7
    unspecified = {str(row["code"]) for row in rows if row["organizationsUnspecified"].toPython()}
    assert unspecified == {"BOL", "GTM", "VCT", "LCA", "TTO"}


def test_appendix_01_inter_agency_bodies(run):
    rows = run("appendix-01-inter-agency-bodies")
    bodies = {str(row["body"]) for row in rows}
    # lines 3079-3186: 29 countries, Argentina and Brazil with two bodies each
    assert len(codes(rows)) == 29
    assert len(bodies) == 31
    per_country = defaultdict(set)
    for row in rows:
        per_country[str(row["code"])].add(str(row["body"]))
    assert len(per_country["ARG"]) == 2 and len(per_country["BRA"]) == 2
    names = {str(row["name"]) for row in rows if row["name"] is not None} | {
        str(row["printedName"]) for row in rows if row["printedName"] is not None}
    assert "Mesa Intersectorial sobre Trata de Personas" in names
    assert "Human Trafficking Taskforce" in names


def test_appendix_02_websites(run):
    rows = run("appendix-02-websites")
    # lines 3187-3227: 11 countries, 15 addresses (the US Department of Justice has three)
    assert codes(rows) == {"ARG", "BHS", "BLZ", "BRA", "CAN", "CHL", "GTM", "MEX", "PER",
                           "SUR", "USA"}
    assert len({str(row["website"]) for row in rows}) == 15
    addresses = {str(row["address"]) for row in rows}
    assert "https://www.gob.mx/trata-de-personas" in addresses
    assert "http://quenoteencuentren.pe/" in addresses


# --- Section B --------------------------------------------------------------------------


def test_diagram_08_incorporation_paths(run):
    rows = run("diagram-08-incorporation-paths")
    found = categories(rows)
    # lines 680-699
    assert found["constitutional-amendment"].codes == {"BOL", "DOM", "ECU", "GRD", "MEX", "VEN"}
    assert 6 in stated_for(rows, "constitutional-amendment", "constitutional")
    assert found["criminal-code"].codes == {"CAN", "ECU", "SUR"}
    assert 30 in stated_for(rows, "law", "laws")
    assert 28 in stated_for(rows, "policy-or-plan", "policy")


def test_table_01_national_policies(run):
    rows = run("table-01-national-policies")
    periods = {str(row["code"]): (str(row["start"]), str(row["end"]), int(row["years"]))
               for row in rows if row["years"] is not None}
    # lines 752-760
    assert periods["BOL"] == ("2013", "2017", 4)
    assert periods["GTM"] == ("2014", "2024", 10)
    assert periods["PRY"] == ("2010", "2019", 9)


def test_figure_07_plan_durations(run):
    rows = run("figure-07-plan-durations")
    years = {str(row["code"]): int(row["years"]) for row in rows}
    durations = [int(row["years"]) for row in rows]
    # lines 792-796: average 3.4, mode 4, Honduras longest (6), Guyana shortest (1)
    assert round(statistics.mean(durations), 1) == 3.4
    assert statistics.mode(durations) == 4
    assert max(years, key=years.get) == "HND" and years["HND"] == 6
    assert min(years, key=years.get) == "GUY" and years["GUY"] == 1


def test_appendix_03_policies_and_plans(run):
    rows = run("appendix-03-policies-and-plans")
    # lines 3229-3308: 28 rows for 25 countries
    assert len({str(row["instrument"]) for row in rows}) == 28
    assert len(codes(rows)) == 25
    spans = {(str(row["code"]), str(row["start"]), str(row["end"])) for row in rows}
    assert ("HND", "2016", "2022") in spans and ("CHL", "2015", "2018") in spans


def test_appendix_04_plans_online(run):
    rows = run("appendix-04-plans-online")
    # lines 3310-3351: ten countries, Bolivia and Peru with two instruments each
    assert codes(rows) == {"BOL", "BRA", "CAN", "CHL", "COL", "USA", "GTM", "GUY", "MEX", "PER"}
    links = {str(row["link"]) for row in rows}
    assert {"http://bit.ly/2FxKN62", "http://bit.ly/2FmsfT8", "http://bit.ly/2tamXXU"} <= links


# --- Section C --------------------------------------------------------------------------


def test_figure_08_vulnerability_variables(run):
    rows = run("figure-08-vulnerability-variables")
    # lines 930-950
    expected = {("age", "age"): 21, ("sex", "sex"): 21,
                ("socioeconomic-level", "socioeconomic"): 9,
                ("migration-status", "migration"): 8, ("nationality", "nationality"): 6,
                ("ethnicity", "ethnicity"): 5, ("lgbti", "LGBTI"): 5,
                ("economic-activity", "economic activity"): 5, ("disability", "disability"): 3}
    for (variable, word), count in expected.items():
        assert stated_for(rows, variable, word) == {count}, variable


def test_diagram_09_area_identification_sources(run):
    rows = run("diagram-09-area-identification-sources")
    # lines 1010-1040: of 23 countries, 15 named sources and 8 none; Belize and Ecuador
    # named previously investigated cases
    assert categories(rows)["investigated-cases"].codes == {"BLZ", "ECU"}
    assert {15, 8} <= set(stated_groups(rows).values())


def test_diagram_10_trafficking_flows(run):
    rows = run("diagram-10-trafficking-flows")
    found = categories(rows)
    # lines 1073-1090: Jamaica and Uruguay at all three levels; five more internal; 17 of
    # the 18 countries intra-regional
    assert found["internal"].codes == {"JAM", "URY", "CAN", "ECU", "GUY", "PER", "USA"}
    for level in ("intra-regional", "inter-regional"):
        assert {"JAM", "URY"} <= found[level].codes
    assert {18, 17} <= set(stated_groups(rows).values())


def test_appendix_05_diagnostic_assessments(run):
    rows = run("appendix-05-diagnostic-assessments")
    years = by_code(rows, "year")
    # lines 3357-3417
    assert codes(rows) == {"ARG", "BOL", "BRA", "MEX", "PER", "USA"}
    assert years["ARG"] == {"2012"} and years["MEX"] == {"2013"} and years["USA"] == {"2017"}
    assert len({str(row["assessment"]) for row in rows}) == 7
    # line 3411 prints the Mercosur report under "Mercosur"; that Uruguay mentioned it is
    # Section C's statement (lines 1100-1101), so the appendix's rows do not carry it
    assert codes(rows, "citedBy") == set()


# --- Section D --------------------------------------------------------------------------


def test_diagram_11_legislative_paths(run):
    found = categories(run("diagram-11-legislative-paths"))
    # lines 1127-1142
    assert found["comprehensive-law"].stated == {26}
    assert found["criminal-code"].codes == {"CAN", "ECU", "SUR"}
    assert found["criminal-code-amendment-law"].codes == {"CHL"}
    assert found["both"].codes == {"SLV", "PRY", "PER"}


def test_table_02_mixed_legislation(run):
    rows = run("table-02-mixed-legislation")
    years = by_code(rows, "year")
    numbers = by_code(rows, "number")
    # lines 1150-1164
    assert codes(rows) == {"SLV", "PRY", "PER"}
    assert {"2004", "2014"} <= years["SLV"]
    assert {"2008", "2012"} <= years["PRY"] and {"2007", "2014"} <= years["PER"]
    assert any("3.440" in number for number in numbers["PRY"])
    assert any("30.251" in number for number in numbers["PER"])


def test_figure_09_legislation_by_period(run):
    found = categories(run("figure-09-legislation-by-period"))
    # line 1170: 25 countries between 2006 and 2015
    assert found["2006-2015"].stated == {25}
    assert "BRA" in found["after-2015"].codes and "USA" in found["before-2006"].codes


APPENDIX_6_YEARS = {  # lines 3421-3500
    "USA": 2000, "DOM": 2003, "SLV": 2004, "CAN": 2005, "COL": 2005, "GUY": 2005,
    "SUR": 2006, "JAM": 2007, "PER": 2007, "ARG": 2008, "BHS": 2008, "KNA": 2008,
    "PRY": 2008, "URY": 2008, "CRI": 2009, "GTM": 2009, "ATG": 2010, "LCA": 2010,
    "CHL": 2011, "PAN": 2011, "VCT": 2011, "BOL": 2012, "HND": 2012, "MEX": 2012,
    "VEN": 2012, "BLZ": 2013, "DMA": 2013, "TTO": 2013, "ECU": 2014, "GRD": 2014,
    "HTI": 2014, "BRB": 2016, "BRA": 2016,
}


def test_figure_10_legislation_by_year(run):
    rows = run("figure-10-legislation-by-year")
    first = {}
    for row in rows:
        first.setdefault(str(row["code"]), int(str(row["year"])))
    # lines 1170-1174: the United States one of the first (2000), Barbados and Brazil 2016
    assert first == APPENDIX_6_YEARS
    assert int(str(rows[0]["year"])) == 2000 and str(rows[0]["code"]) == "USA"


def test_appendix_06_laws(run):
    rows = run("appendix-06-laws")
    characterising = {str(row["code"]): int(str(row["year"])) for row in rows
                      if row["criminalizes"].toPython() and row["year"] is not None}
    assert characterising == APPENDIX_6_YEARS


def test_diagram_12_investigation_strategies(run):
    rows = run("diagram-12-investigation-strategies")
    found = categories(rows)
    # lines 1203-1300: disruptive and financial as Diagram 12 prints them
    assert found["disruptive"].codes == {"ARG", "LCA", "URY"}
    assert found["financial"].codes == {"ARG", "URY", "USA"}
    assert {"LCA", "VCT", "TTO", "URY"} <= found["reactive"].codes
    assert {"ARG", "BOL", "URY"} <= found["proactive"].codes
    # line 1205: only 8 of the 33 countries described their procedures
    assert 8 in stated_groups(rows).values()


def test_diagram_13_specialised_units(run):
    found = categories(run("diagram-13-specialised-units"))
    # lines 1331-1353
    assert found["police"].codes == {"ARG", "BHS", "BRB", "BLZ", "BOL", "CHL", "ECU", "SLV",
                                     "GTM", "JAM", "MEX", "PRY", "VCT", "SUR", "VEN"}
    assert found["public-prosecutor"].codes == {"ARG", "COL", "DOM", "SLV", "GTM", "JAM",
                                                "MEX", "PRY", "PER", "VEN"}
    assert found["judicial"].codes == {"GTM", "URY"}
    assert (found["police"].stated, found["public-prosecutor"].stated,
            found["judicial"].stated) == ({15}, {10}, {2})


def test_appendix_07_specialised_units(run):
    rows = run("appendix-07-specialised-units")
    spheres = by_code(rows, "sphere")
    counts = {str(row["code"]): int(row["units"]) for row in rows if row["units"] is not None}
    # lines 3504-3640: Guatemala in three spheres; Colombia 14 offices, Peru 8, Paraguay 4
    assert {"police", "public prosecutor", "judicial"} <= spheres["GTM"]
    assert counts.get("COL") == 14 and counts.get("PER") == 8 and counts.get("PRY") == 4
    assert "URY" in codes(rows) and "judicial" in spheres["URY"]


def test_figure_12_investigation_protocols(run):
    rows = run("figure-12-investigation-protocols")
    years = by_code(rows, "year")
    # lines 1392-1398 and Appendix 8: Jamaica 2007, Uruguay 2016 the most recent
    assert years["JAM"] == {"2007"} and years["URY"] == {"2016"}
    assert years["CHL"] == {"2015"} and years["COL"] == {"2015"}
    assert {"ARG", "CHL", "COL", "JAM", "PRY", "URY"} <= codes(rows)


def test_diagram_14_protocol_drafters(run):
    found = categories(run("diagram-14-protocol-drafters"))
    # lines 1396-1402
    assert found["ministry-of-interior"].codes == {"COL", "URY"}
    assert found["attorney-general"].codes == {"ARG", "PRY"}
    assert found["inter-agency-body"].codes == {"CHL", "JAM"}


def test_appendix_08_investigation_protocols(run):
    rows = run("appendix-08-investigation-protocols")
    # lines 3644-3700: six protocols, two of them Paraguay's
    assert len({str(row["protocol"]) for row in rows}) == 6
    assert codes(rows) == {"CHL", "COL", "JAM", "PRY", "URY"}


# --- Section E --------------------------------------------------------------------------


def test_figure_13_reporting_channels(run):
    rows = run("figure-13-reporting-channels")
    # lines 1447-1470: 10 dedicated, 13 police lines, 10 thematic; apps in Colombia and Peru
    assert 10 in stated_containing(rows, "dedicated")
    assert 13 in stated_containing(rows, "police")
    assert 10 in stated_containing(rows, "thematic")
    assert 2 in stated_for(rows, "app", "app")


def test_appendix_09_dedicated_hotlines(run):
    rows = run("appendix-09-dedicated-hotlines")
    # lines 3706-3760: 13 countries, Mexico with two lines
    assert codes(rows) == {"ARG", "BHS", "CHL", "COL", "GTM", "GUY", "HND", "MEX", "PER",
                           "DOM", "SUR", "TTO", "USA"}
    telephones = by_code(rows, "telephone")
    assert "145" in " ".join(telephones["ARG"]) and "110" in " ".join(telephones["GTM"])
    assert "1818" in " ".join(telephones["PER"])
    lines = defaultdict(set)
    for row in rows:
        lines[str(row["code"])].add(str(row["line"]))
    assert len(lines["MEX"]) == 2
    unspecified = {str(row["code"]) for row in rows if row["operatorUnspecified"].toPython()}
    assert {"BHS", "GUY", "DOM", "SUR"} <= unspecified


def test_appendix_10_police_lines(run):
    rows = run("appendix-10-police-lines")
    # lines 3762-3840: the rows printed under Appendix 10
    assert codes(rows) == {"ATG", "BHS", "BRA", "CAN", "COL", "CRI", "SLV", "MEX", "PRY",
                           "USA", "URY", "VEN"}
    lines = defaultdict(set)
    for row in rows:
        lines[str(row["code"])].add(str(row["line"]))
    assert len(lines["COL"]) == 4 and len(lines["USA"]) == 5 and len(lines["URY"]) == 3


def test_appendix_11_thematic_lines(run):
    rows = run("appendix-11-thematic-lines")
    # lines 3842-3870: the rows printed under Appendix 11
    assert codes(rows) == {"ATG", "BRB", "BHS", "CHL", "CRI", "ECU", "HTI", "HND", "LCA",
                           "SUR", "USA", "URY"}


def test_figure_14_thematic_lines(run):
    rows = run("figure-14-thematic-lines")
    # lines 1588-1592: 5 women/gender, 4 violence, 4 labour, 3 domestic violence,
    # 1 childhood and adolescence, 1 human rights
    stated = sorted(stated_groups(rows).values())
    assert stated == [1, 1, 3, 4, 4, 5]


def test_figure_15_in_person_reporting(run):
    rows = run("figure-15-in-person-reporting")
    # lines 1597-1601: ten countries; Colombia, Guatemala, Honduras, the Dominican Republic
    # and Suriname cite more than one entity
    assert 10 in stated_containing(rows, "person")
    members = set().union(*(entry.codes for entry in categories(rows).values()))
    assert {"COL", "GTM", "HND", "DOM", "SUR"} <= members


def test_diagram_15_alternative_channels(run):
    found = categories(run("diagram-15-alternative-channels"))
    # lines 1455-1458: apps in Colombia and Peru
    assert found["app"].codes == {"COL", "PER"}


def test_appendix_12_victim_protocols(run):
    rows = run("appendix-12-victim-protocols")
    per_country = defaultdict(set)
    for row in rows:
        per_country[str(row["code"]) if row["code"] is not None else None].add(
            str(row["protocol"]))
    # lines 3928-3996
    assert len(per_country["PRY"]) == 5 and len(per_country["JAM"]) == 4
    assert len(per_country["PER"]) == 4 and len(per_country["URY"]) == 4
    assert len(per_country[None]) == 2  # Mercosur
    assert {"BHS", "BOL", "CHL", "COL", "CRI", "DOM", "ECU", "GTM", "HND", "MEX", "PAN",
            "USA"} <= set(per_country)


# --- Section F --------------------------------------------------------------------------


def test_figure_16_information_system_models(run):
    found = categories(run("figure-16-information-system-models"))
    # lines 1912-1914, 2027-2096, 2214-2232
    assert found["model-1"].codes == {"BHS", "BLZ", "JAM", "MEX"}
    assert found["model-2"].codes == {"PER", "ARG", "URY"}
    assert {"ATG", "BRA", "CHL", "COL", "CRI", "DOM", "SLV", "HND"} <= found["model-3"].codes
    assert found["model-3"].stated == {10}
    assert found["model-4a"].codes == {"BRB", "BOL", "CAN", "ECU", "GUY", "PRY", "SUR", "TTO",
                                       "USA", "VEN"}
    assert found["model-4b"].codes == {"BOL", "DMA", "PAN", "LCA", "URY"}


def test_table_03_information_systems(run):
    rows = run("table-03-information-systems")
    # lines 1920-1975
    assert codes(rows) == {"BHS", "BLZ", "JAM", "MEX"}
    assert by_code(rows, "design") == {"BHS": {"Centralized"}, "BLZ": {"Centralized"},
                                       "JAM": {"Decentralized"}, "MEX": {"Centralized"}}
    assert by_code(rows, "publicReports")["MEX"] == {"yes"}
    assert by_code(rows, "publicReports")["JAM"] == {"no"}
    assert len(by_code(rows, "source")["MEX"]) == 6
    assert "FAMCare" in by_code(rows, "name")["BLZ"]


def test_appendix_13_statistical_reports(run):
    rows = run("appendix-13-statistical-reports")
    reports = defaultdict(set)
    for row in rows:
        reports[str(row["code"])].add(str(row["report"]))
    # lines 3997-4027
    assert {code: len(found) for code, found in reports.items()} == {
        "ARG": 1, "BRA": 4, "CHL": 4, "ECU": 1, "GTM": 1, "PER": 1, "USA": 1}


# --- Section G --------------------------------------------------------------------------


def test_diagram_18_authority_heads_by_sex(run):
    rows = run("diagram-18-authority-heads-by-sex")
    # lines 2347-2349: men 17, women 16
    assert stated_containing(rows, "man") >= {17}
    assert stated_containing(rows, "woman") == {16}


def test_diagram_19_multiple_gender_bodies(run):
    found = categories(run("diagram-19-multiple-gender-bodies"))
    assert found["multiple-gender-bodies"].codes == {"BRA", "CHL"}  # lines 2419-2424


def test_diagram_20_gender_representation(run):
    found = categories(run("diagram-20-gender-representation"))
    assert found["womens-cso-member"].codes == {"BRB", "JAM"}  # lines 2430-2436


def test_diagram_21_gender_body_types(run):
    found = categories(run("diagram-21-gender-body-types"))
    # lines 2463-2486
    assert found["ministry"].codes == {"ATG", "CHL", "HTI", "PRY", "PER", "VCT"}
    assert found["presidential-office"].codes == {"BRA", "COL"}
    assert found["secretariat"].codes == {"ARG", "BRB", "JAM"}
    assert found["commission"].codes == {"GTM"}
    # the diagram prints six councils and two institutes, the text six institutes and two
    # councils: a discrepancy; the eight countries are the same either way
    assert found["council"].codes | found["institute"].codes == {
        "CRI", "SLV", "HND", "MEX", "PAN", "URY", "BRA", "ECU"}
    assert found["gender-body-member"].stated == {18}


def test_diagram_22_gender_perspective(run):
    rows = run("diagram-22-gender-perspective")
    # lines 2500-2506: 18 yes, 13 no mention, 2 no answer
    assert sorted(stated_groups(rows).values()) == [2, 13, 18]


def test_diagram_23_women_vulnerable(run):
    rows = run("diagram-23-women-vulnerable")
    # lines 2510-2525: 22 identified women, 10 did not, one did not answer; 9 described them
    values = set(stated_groups(rows).values())
    assert {22, 10, 1} <= values
    assert categories(rows)["women-victims-described"].stated == {9}


def test_diagram_24_women_victim_variables(run):
    found = categories(run("diagram-24-women-victim-variables"))
    # lines 2534-2570
    assert found["socioeconomic-level"].codes == {"HND", "PRY", "VEN"}
    assert found["exploitation-type"].codes == {"BHS", "COL", "HND"}
    assert found["age"].codes == {"COL", "URY", "VEN"}
    assert found["flow-type"].codes == {"BHS", "COL", "DOM", "GUY", "URY"}
    assert found["ethnicity"].codes == {"CAN"}
    assert found["nationality"].codes == {"BHS", "COL", "PRY"}


def test_diagram_25_shelters_for_women(run):
    rows = run("diagram-25-shelters-for-women")
    # lines 2580-2584: 20 yes, 11 not specified, 2 no answer
    assert {20, 11, 2} <= set(stated_groups(rows).values())


def test_diagram_26_shelter_providers(run):
    rows = run("diagram-26-shelter-providers")
    # lines 2612-2620: State 11, NGOs 4, jointly Chile, Guyana and Peru
    assert categories(rows)["state-and-civil-society"].codes == {"CHL", "GUY", "PER"}
    assert {11, 4} <= set(stated_groups(rows).values())


def test_diagram_27_shelter_types(run):
    rows = run("diagram-27-shelter-types")
    # lines 2645-2650: 8 shared, 10 exclusive, 3 unclassified
    assert sorted(stated_groups(rows).values()) == [3, 8, 10]


def test_diagram_28_shelter_capacities(run):
    found = categories(run("diagram-28-shelter-capacities"))
    # lines 2653-2668
    assert found["shelter-accepts-children"].codes == {"ARG", "PRY", "VEN"}
    assert found["shelter-victims-counted"].codes == {"CAN", "GUY"}


# --- Summary and Final Comments ---------------------------------------------------------------


def test_summary_stated_figures(run):
    rows = run("summary-stated-figures")
    stated = {value for entry in categories(rows).values() for value in entry.stated}
    stated |= set(stated_groups(rows).values())
    # lines 1-130: 33 respondents, 14 plans in effect, 9 ending, 4 new, 21 countries with
    # specialised units, 13 dedicated lines, 20 with protocols, 18 with a gender perspective
    assert {33, 14, 9, 4, 21, 13, 20, 18} <= stated


def test_final_comments_figures(run):
    found = categories(run("final-comments-figures"))
    # lines 2811-2900
    assert found["four-ps"].codes == {"CAN", "USA"}
    assert found["joint-investigation-mechanism"].codes == {"ATG", "USA", "GTM"}
    assert found["financial"].codes == {"URY", "USA"}


# --- section-level statements ---------------------------------------------------------------


def test_section_b_policies_and_plans(run):
    rows = run("section-b-policies-and-plans")
    found = categories(rows)
    # lines 725-815: six national policies; 15 plans in effect, 9 ending, a new plan in four
    # (Guyana, Haiti, Panama, Peru, footnote 17), 3 of 6 policies and 8 of 25 plans online
    assert found["new-plan-found"].codes == {"GUY", "HTI", "PAN", "PER"}
    assert 6 in stated_for(rows, "policy", "national policy")
    stated = set(stated_groups(rows).values())
    assert {15, 9, 21, 25, 3, 8} <= stated


def test_section_c_vulnerability(run):
    rows = run("section-c-vulnerability")
    stated = set(stated_groups(rows).values())
    # lines 880-885: 29 of 33 identified vulnerable groups; lines 1013-1016: 15 and 8 of 23;
    # Chile's regions by priority: 6 high, 2 average, 8 not priorities (lines 976-978)
    assert {29, 15, 8, 6, 2} <= stated


def test_section_e_reporting_and_protocols(run):
    rows = run("section-e-reporting-and-protocols")
    stated = set(stated_groups(rows).values())
    # lines 1609-1700: 911 in 8 countries, Crime Stoppers 5 (3 direct and cost-free),
    # 16 lines whose institution could not be determined; lines 1768-1806: 15 countries
    # with victim protocols, 17 protocols of which 7 online
    assert {8, 5, 3, 16, 15, 17, 7} <= stated
