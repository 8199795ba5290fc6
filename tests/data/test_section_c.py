"""Check Section C (characterization of the crime) against the report's names and numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV

from tipgraph.load import parse_file
from tipgraph.namespaces import TIP

SOURCE_NAME = "000_aade73407856f1aa.txt"
SRC = "https://w3id.org/tipgraph/source/oas-tip-2018/"
ID = "https://w3id.org/tipgraph/id/"
CONCEPT = "https://w3id.org/tipgraph/concept/"
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

# The named members of each category (concept path -> set), Question 38, 41, Diagram 9, 10.
NAMED = {
    "area-description/administrative-division": {"CHL", "GUY", "ARG", "PER"},
    "area-description/area-type": set(),
    "area-type/border": {"BOL", "GUY"},
    "identification-source/investigated-cases": {"BLZ", "ECU"},
    "identification-source/police": {"GUY"},
    "identification-source/inspections": {"ARG", "CHL"},
    "identification-source/institution": {"DOM"},
    "identification-source/reports-filed": {"PER"},
    "reply-detail/origin-transit-destination": {"BOL", "CHL", "COL", "ECU", "PER", "URY"},
    "flow-level/internal": {"JAM", "URY", "CAN", "ECU", "GUY", "PER", "USA"},
    "flow-level/intra-regional": {"JAM", "URY"},
    "flow-level/inter-regional": {"JAM", "URY"},
    "scope/national": {"ARG", "BOL", "MEX"},
    "scope/subnational": {"PER"},
    "scope/subregional": {"URY"},
}

# Figures whose members the text names in full: (figure slug, concept, the named set).
RECOMPUTABLE = [
    ("q19-general-terms", "reply-detail/general", set(GENERAL)),
    (
        "q41-origin-transit-destination",
        "reply-detail/origin-transit-destination",
        NAMED["reply-detail/origin-transit-destination"],
    ),
    ("assessments-national", "scope/national", NAMED["scope/national"]),
    ("assessments-subnational", "scope/subnational", NAMED["scope/subnational"]),
    ("assessments-subregional", "scope/subregional", NAMED["scope/subregional"]),
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


def iri(path: str) -> str:
    """Return a SPARQL IRI term for a concept path such as 'flow-level/internal'."""
    return f"<{CONCEPT}{path}>"


@pytest.fixture(scope="module")
def own(project):
    """This section's file alone, to check every node it creates."""
    return parse_file(project.data_dir / "section-c.ttl")


@pytest.fixture(scope="module")
def source_lines(project) -> list[str]:
    """Return the report's plain text as lines; skip when the text is not at hand."""
    for folder in (project.root / "source", project.root.parent / "shared" / "source"):
        path = Path(folder) / SOURCE_NAME
        if path.is_file():
            return path.read_text(encoding="utf-8").split("\n")
    pytest.skip(f"report text {SOURCE_NAME} not found")


def figure(select, slug: str) -> tuple:
    rows = select(
        f"""SELECT ?value ?total WHERE {{
              <{FIGURE}{slug}> a tip:ReportedFigure ; tip:statedValue ?value .
              OPTIONAL {{ <{FIGURE}{slug}> tip:statedTotal ?total }} }}"""
    )
    assert len(rows) == 1, slug
    return rows[0]


@pytest.mark.parametrize(("slug", "value", "total"), FIGURES)
def test_stated_figures(select, slug, value, total):
    stated, stated_total = figure(select, slug)
    assert float(stated) == value
    assert stated_total == total


@pytest.mark.parametrize(("slug", "value", "total"), FIGURES)
def test_stated_figures_are_printed_at_their_line(own, source_lines, slug, value, total):
    line = int(own.value(URIRef(FIGURE + slug), TIP.sourceLine))
    window = " ".join(source_lines[line - 2 : line + 1]).lower()
    words = {f"{value:g}", NUMBER_WORDS.get(value, "\0"), WORDING.get(slug, "\0")}
    assert any(word in window for word in words), (slug, window)


@pytest.mark.parametrize(("variable", "mentions"), FIGURE_8.items())
def test_figure_8_counts_and_no_invented_country(select, countries_in, variable, mentions):
    rows = select(
        f"""SELECT ?n WHERE {{ ?f dcterms:subject {iri(f"vulnerability-variable/{variable}")} ;
              tip:statedValue ?n ; prov:wasDerivedFrom <{SRC}figure/8> }}"""
    )
    assert rows == [(mentions,)]
    assert countries_in(iri(f"vulnerability-variable/{variable}"), SECTION) == set()


def test_countries_described_in_detail_and_in_general_terms(countries_in, select):
    assert countries_in(iri("reply-detail/detailed"), SECTION) == DETAILED
    rows = select(
        f"""SELECT ?code ?group WHERE {{ ?f a tip:Finding ; prov:wasDerivedFrom {SECTION} ;
              tip:value {iri("reply-detail/general")} ; tip:populationGroup ?group ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert dict(rows) == GENERAL


@pytest.mark.parametrize(("concept", "expected"), NAMED.items())
def test_named_countries(countries_in, concept, expected):
    assert countries_in(iri(concept), SECTION) == expected


@pytest.mark.parametrize(("slug", "concept", "named"), RECOMPUTABLE)
def test_recomputable_figures_match_or_have_a_discrepancy(
    select, countries_in, slug, concept, named
):
    stated, _ = figure(select, slug)
    assert int(stated) == len(named)
    found = countries_in(iri(concept), SECTION)
    if found != named:
        assert select(f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{FIGURE}{slug}> }}")


def test_flow_levels_recount_the_stated_numbers(countries_in, select):
    internal = countries_in(iri("flow-level/internal"), SECTION)
    intra = countries_in(iri("flow-level/intra-regional"), SECTION)
    inter = countries_in(iri("flow-level/inter-regional"), SECTION)
    all_three = internal & intra & inter
    assert all_three == {"JAM", "URY"}
    assert figure(select, "diagram-10-all-three-levels")[0] == len(all_three)
    assert figure(select, "diagram-10-additional-internal")[0] == len(internal - all_three)
    assert len(intra) <= figure(select, "diagram-10-intra-regional")[0]


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
              tip:value {iri("identification-source/inspections")} ; tip:note ?note }}"""
    )
    note = rows[0][0]
    assert all(name in note for name in ("Police", "Directorate of Labor", "Health Services"))


def test_cestur_depends_on_the_ministry_of_defense(select):
    rows = select(
        f"""SELECT ?label WHERE {{ <{ID}institution/DOM-cestur> tip:acronym "CESTUR" ;
              org:subOrganizationOf/rdfs:label ?label }}"""
    )
    assert rows == [("Ministry of Defense",)]


def test_q19_29_or_28_is_a_discrepancy(select):
    assert select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ;
              tip:concerns <{FIGURE}q19-identified> , <{FIGURE}population-flows-international> }}"""
    )


def test_q38_counts_do_not_add_up_and_a_discrepancy_says_so(select):
    reported, _ = figure(select, "q38-areas-reported")
    not_reported, _ = figure(select, "q38-not-reported")
    parts = [
        figure(select, s)[0]
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


def test_q19_answers_add_up(select):
    total = sum(
        figure(select, s)[0] for s in ("q19-identified", "q19-not-identified", "q19-not-answered")
    )
    assert total == figure(select, "q19-identified")[1] == 33


def test_every_node_has_provenance_and_facts_a_line(own):
    for node in set(own.subjects(RDF.type, None)):
        assert (node, PROV.wasDerivedFrom, None) in own, node
        assert isinstance(own.value(node, TIP.sourceLine), Literal), node
        kinds = set(own.objects(node, RDF.type))
        if kinds & {TIP.Finding, TIP.ReportedFigure, TIP.TraffickingFlow, TIP.VulnerableArea}:
            assert (node, TIP.question, None) in own, node


def test_discrepancies_have_two_readings_one_adopted(own):
    for node in own.subjects(RDF.type, TIP.Discrepancy):
        readings = list(own.objects(node, TIP.reading))
        assert len(readings) >= 2, node
        adopted = [r for r in readings if own.value(r, TIP.adopted).toPython()]
        assert len(adopted) == 1, node
        assert own.value(node, TIP.resolution) and list(own.objects(node, TIP.concerns))


def test_finding_lines_name_the_country(own, source_lines, select):
    """A finding's line, or the two lines either side, prints the country's name."""
    names = dict(
        select(
            "SELECT ?code ?name WHERE { ?c tip:iso3166Alpha3 ?code ; rdfs:label ?name "
            'FILTER(lang(?name) = "en") }'
        )
    )
    short_names = {"USA": "U", "BHS": "Bahamas", "VCT": "Vincent", "KNA": "Kitts"}
    for node in own.subjects(RDF.type, TIP.Finding):
        code = str(own.value(node, TIP.country)).rsplit("/", 1)[1]
        line = int(own.value(node, TIP.sourceLine))
        window = " ".join(source_lines[line - 3 : line + 2])
        short = short_names.get(code, str(names.get(code, code)).split()[0])
        assert short in window, (node, window)


def test_only_fully_named_figures_are_recounted(own):
    """tip:counts is for figures whose countries the text names in full (data/README rule 5)."""
    counted = {str(f).removeprefix(FIGURE) for f in own.subjects(TIP.counts, None)}
    assert counted == {slug for slug, _, _ in RECOMPUTABLE}
