"""Check Section G (gender perspective) against the report's own names and numbers."""

from __future__ import annotations

import pytest
from helpers import (
    CONCEPT,
    SRC,
    assert_discrepancies,
    assert_provenance,
    disputed,
    figure_values,
    findings_near_country_test,
    stated_figure_tests,
)
from rdflib import URIRef

from tipgraph.namespaces import TIP

OWN_FILES = ["section-g.trig"]
FIGURE = "https://w3id.org/tipgraph/id/figure/section-g/"
DISCREPANCY = "https://w3id.org/tipgraph/id/discrepancy/section-g/"
SHELTER = "https://w3id.org/tipgraph/id/shelter/"

# Diagram 21, read with the text's labels (lines 2519-2560).
DIAGRAM_21 = {
    "ministry": {"ATG", "CHL", "HTI", "PRY", "PER", "VCT"},
    "presidential-office": {"BRA", "COL"},
    "secretariat": {"ARG", "BRB", "JAM"},
    "commission": {"GTM"},
    "institute": {"CRI", "SLV", "HND", "MEX", "PAN", "URY"},
    "council": {"BRA", "ECU"},
}

# Named special cases, with the report part that names them.
SPECIAL_CASES = [
    ("gender-item/multiple-gender-bodies", "diagram/19", {"BRA", "CHL"}),
    ("gender-item/womens-cso-member", "diagram/20", {"BRB", "JAM"}),
    ("gender-item/lgbti-council-member", "section/G", {"BRA"}),
    ("gender-item/gender-body-oversight", "section/G", {"BRB"}),
    ("gender-item/womens-institute-chair", "section/G", {"URY"}),
    ("gender-item/women-victims-described", "diagram/23",
     {"COL", "BHS", "PRY", "HND", "URY", "VEN", "CAN", "DOM", "GUY"}),
    ("answer/unspecified", "diagram/25", {"GTM"}),
    ("provider-type/state-and-civil-society", "diagram/26", {"CHL", "GUY", "PER"}),
    ("gender-item/shelter-accepts-children", "diagram/28", {"ARG", "PRY", "VEN"}),
    ("gender-item/shelter-victims-counted", "diagram/28", {"CAN", "GUY"}),
]

# Diagram 24, as printed (lines 2615-2653).
DIAGRAM_24 = {
    "socioeconomic-level": {"HND", "PRY", "VEN"},
    "exploitation-type": {"BHS", "COL", "HND"},
    "age": {"COL", "URY", "VEN"},
    "flow-type": {"BHS", "COL", "DOM", "GUY", "URY"},
    "ethnicity": {"CAN"},
    "nationality": {"BHS", "COL", "PRY"},
    "total-victims": set(),
}

# Descriptors apart from sex, as the text counts them (lines 2602-2605).
DESCRIPTORS = {"COL": 4, "BHS": 3, "PRY": 3, "HND": 2, "URY": 2, "VEN": 2,
               "CAN": 1, "DOM": 1, "GUY": 1}

FIGURES = {
    "diagram-18-men": (17, 33), "diagram-18-women": (16, 33),
    "multi-agency-body-countries": (27, None), "gender-body-countries": (18, 27),
    "gender-body-share": (66.6, None),
    "diagram-19-multiple-gender-bodies": (2, None), "lgbti-council-member": (1, None),
    "diagram-20-womens-cso-member": (2, None), "womens-institute-chair": (1, None),
    "diagram-21-ministry": (6, None), "diagram-21-institute": (6, None),
    "diagram-21-secretariat": (3, None), "diagram-21-presidential-office": (2, None),
    "diagram-21-council": (2, None), "diagram-21-commission": (1, None),
    "diagram-22-gender-perspective": (18, 33), "diagram-22-no-mention": (13, 33),
    "diagram-22-not-answered": (2, 33),
    "diagram-23-women-identified": (22, 33), "diagram-23-women-not-identified": (10, 33),
    "diagram-23-not-answered": (1, 33), "diagram-23-caribbean-no-cases": (2, 10),
    "diagram-23-women-listed-only": (13, 22), "diagram-23-women-described": (9, 22),
    "diagram-24-sex": (22, None), "diagram-24-total-victims": (0, None),
    "diagram-25-exclusive-for-women": (20, 33), "diagram-25-not-specified": (11, 33),
    "diagram-25-not-answered": (2, 33),
    "diagram-26-state": (11, 20), "diagram-26-ngo-by-agreement": (4, 20),
    "diagram-26-joint": (3, 20), "diagram-26-insufficient-information": (4, 20),
    "diagram-27-shared": (8, 20), "diagram-27-exclusive": (10, 20),
    "diagram-27-insufficient-information": (3, 20),
    "diagram-28-children-accepted": (3, None), "diagram-28-victims-counted": (2, None),
    "CAN-victims-women-share": (93, None), "CAN-victims-aged-18-24-share": (47, None),
    "CAN-victims-under-18-share": (25, None), "GUY-victims-assisted-2016": (32, None),
    **{f"diagram-24-{code}-descriptors": (n, None) for code, n in DESCRIPTORS.items()},
}

WORDS = {0: "no country", 1: "only one|one|1", 2: "two|2", 3: "three|3", 4: "four|4",
         6: "six|6", 9: "9", 10: "10", 11: "11", 13: "thirteen|13", 16: "16", 17: "17",
         18: "eighteen|18", 20: "20", 22: "22", 25: "25", 27: "27", 32: "32", 33: "33",
         47: "47", 93: "93"}


@pytest.mark.parametrize(("kind", "expected"), sorted(DIAGRAM_21.items()))
def test_diagram_21_countries_by_type(countries_in, kind, expected):
    concept = f"<{CONCEPT}gender-body-type/{kind}>"
    assert countries_in(concept, f"<{SRC}diagram/21>") == expected


def _stated(figures, slug: str) -> float:
    return float(figure_values(figures, slug, FIGURE)[0])


def _placed_count(countries_in, kind):
    return len(countries_in(f"<{CONCEPT}gender-body-type/{kind}>", f"<{SRC}diagram/21>"))


@pytest.mark.parametrize("kind", sorted(DIAGRAM_21))
def test_diagram_21_figures_match_their_findings(figures, select, countries_in, kind):
    assert _stated(figures, f"diagram-21-{kind}") == _placed_count(countries_in, kind)


def test_diagram_21_label_swap_is_recorded(select):
    for kind in ("institute", "council"):
        assert disputed(select, f"{FIGURE}diagram-21-{kind}")


def test_gender_bodies_one_per_country_and_type(select):
    rows = select(
        f"""SELECT ?code ?type WHERE {{ ?b a tip:GenderBody ;
              prov:wasDerivedFrom <{SRC}diagram/21> ;
              tip:institutionType ?type ; tip:country/tip:iso3166Alpha3 ?code
              FILTER(STRSTARTS(STR(?type), "{CONCEPT}gender-body-type/")) }}"""
    )
    got = {(code, t.rsplit("/", 1)[1]) for code, t in rows}
    assert got == {(code, kind) for kind, codes in DIAGRAM_21.items() for code in codes}


@pytest.mark.parametrize(
    ("code", "name"),
    [("ARG", "National Women’s Institute"), ("BRB", "Bureau of Gender Affairs"),
     ("URY", "National Women’s Institute")],
)
def test_named_gender_bodies(select, code, name):
    rows = select(
        f"""SELECT ?name WHERE {{ ?b a tip:GenderBody ; rdfs:label ?name ;
              tip:country/tip:iso3166Alpha3 "{code}" FILTER(lang(?name) = "en")
              FILTER NOT EXISTS {{ ?b dcterms:isReplacedBy ?successor }}
              FILTER(!STRSTARTS(STR(?name), "Unnamed")) }}"""
    )
    assert [n for (n,) in rows] == [name]


def test_gender_body_countries_stated_18_placed_19_and_disputed(figures, select, countries_in):
    placed = countries_in(f"<{CONCEPT}gender-item/gender-body-member>", f"<{SRC}diagram/21>")
    assert placed == set().union(*DIAGRAM_21.values())
    assert (len(placed), _stated(figures, "gender-body-countries")) == (19, 18)
    assert disputed(select, f"{FIGURE}gender-body-countries")


@pytest.mark.parametrize(("concept", "part", "expected"), SPECIAL_CASES)
def test_named_countries(countries_in, concept, part, expected):
    assert countries_in(f"<{CONCEPT}{concept}>", f"<{SRC}{part}>") == expected


@pytest.mark.parametrize(("variable", "expected"), sorted(DIAGRAM_24.items()))
def test_diagram_24_variables(countries_in, variable, expected):
    concept = f"<{CONCEPT}vulnerability-variable/{variable}>"
    assert countries_in(concept, f"<{SRC}diagram/24>") == expected


@pytest.mark.parametrize(("code", "stated"), sorted(DESCRIPTORS.items()))
def test_descriptor_counts_match_diagram_24_or_are_disputed(figures, select, code, stated):
    counted = sum(code in codes for codes in DIAGRAM_24.values())
    assert _stated(figures, f"diagram-24-{code}-descriptors") == stated
    assert counted == stated or (code == "PRY" and counted == 2
                                 and disputed(select, f"{FIGURE}diagram-24-{code}-descriptors"))


test_stated_figures, test_stated_figures_are_printed_on_their_line = stated_figure_tests(
    FIGURE,
    [(slug, value, total) for slug, (value, total) in sorted(FIGURES.items())],
    {value: words.split("|") for value, words in WORDS.items()},
)


@pytest.mark.parametrize(
    ("parts", "total"),
    [
        (["diagram-18-men", "diagram-18-women"], 33),
        (["diagram-22-gender-perspective", "diagram-22-no-mention", "diagram-22-not-answered"], 33),
        (["diagram-23-women-identified", "diagram-23-women-not-identified",
          "diagram-23-not-answered"], 33),
        (["diagram-23-women-listed-only", "diagram-23-women-described"], 22),
        (["diagram-25-exclusive-for-women", "diagram-25-not-specified",
          "diagram-25-not-answered"], 33),
    ],
)
def test_figures_add_up(figures, select, parts, total):
    assert sum(_stated(figures, p) for p in parts) == total


def test_diagram_26_adds_up_with_guyana_and_peru_counted_twice(figures, select, countries_in):
    parts = ["state", "ngo-by-agreement", "joint", "insufficient-information"]
    total = sum(_stated(figures, f"diagram-26-{p}") for p in parts)
    twice = {"GUY", "PER"} & countries_in(
        f"<{CONCEPT}provider-type/state-and-civil-society>", f"<{SRC}diagram/26>"
    )
    assert total - len(twice) == 20


def test_diagram_27_does_not_add_up_and_says_so(figures, select):
    parts = ["shared", "exclusive", "insufficient-information"]
    assert sum(_stated(figures, f"diagram-27-{p}") for p in parts) == 21
    assert all(disputed(select, f"{FIGURE}diagram-27-{p}") for p in parts)


def test_shelters_accepting_children(select):
    rows = select(
        f"""SELECT ?code WHERE {{ ?s a tip:Shelter ; tip:acceptsChildren <{CONCEPT}answer/yes> ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert {code for (code,) in rows} == {"ARG", "PRY", "VEN", "USA"}
    assert disputed(select, f"{SHELTER}USA-federally-funded")


@pytest.mark.parametrize(
    ("slug", "exclusive", "provider", "note"),
    [
        ("ARG-national-rescue-program", "yes", "state", "guarded by police personnel"),
        ("GUY-ngo-agreement", "yes", "civil-society", "2 cooperation agreements with 2 NGOs"),
        ("PAN-women-victims-under-construction", "yes", None, "under construction"),
    ],
)
def test_shelter_notes(graph, slug, exclusive, provider, note):
    node = URIRef(SHELTER + slug)
    assert str(graph.value(node, TIP.exclusiveForTrafficking)).endswith(f"answer/{exclusive}")
    got = graph.value(node, TIP.providerType)
    assert (got and str(got).rsplit("/", 1)[1]) == provider or (got is None and provider is None)
    assert any(note in str(n) for n in graph.objects(node, TIP.note))


def test_guatemala_three_temporary_shelters(graph):
    node = URIRef(SHELTER + "GTM-temporary-shelters-children")
    assert graph.value(node, TIP.unitCount).toPython() == 3
    assert (node, TIP.exclusiveForTrafficking, None) not in graph


def test_every_node_cites_the_report_and_facts_a_line(own):
    assert_provenance(own)


def _names(country_names, code: str) -> set[str]:
    return country_names[code].english


test_findings_name_their_country_near_their_line = findings_near_country_test(_names, 2, 2)


def test_each_discrepancy_has_two_readings_and_adopts_one(own):
    assert_discrepancies(
        own,
        {
        "diagram-21-labels", "gender-body-count", "PRY-descriptors", "diagram-27-sum",
        "USA-shelter-children",
    },
        DISCREPANCY,
    )


def test_gender_perspective_count_agrees_with_summary_and_final_comments(select):
    """Diagram 22 names no country; its 18 is set beside the 18 the other parts restate."""
    rows = select(
        """SELECT ?v WHERE {
             VALUES ?f { <https://w3id.org/tipgraph/id/figure/section-g/diagram-22-gender-perspective>
                         <https://w3id.org/tipgraph/id/figure/summary/gender-perspective>
                         <https://w3id.org/tipgraph/id/figure/final-comments/gender-perspective> }
             ?f tip:statedValue ?v }"""
    )
    assert sorted(v for (v,) in rows) == [18, 18, 18]
