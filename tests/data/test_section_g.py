"""Check Section G (gender perspective) against the report's own names and numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from tipgraph.load import parse_file
from tipgraph.namespaces import TIP

SOURCE_NAME = "000_aade73407856f1aa.txt"
SRC = "https://w3id.org/tipgraph/source/oas-tip-2018/"
CONCEPT = "https://w3id.org/tipgraph/concept/"
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


@pytest.fixture(scope="module")
def source_lines(project) -> list[str]:
    """Return the report's plain text as lines; skip when the text is not at hand."""
    for folder in (project.root / "source", project.root.parent / "shared" / "source"):
        path = Path(folder) / SOURCE_NAME
        if path.is_file():
            return path.read_text(encoding="utf-8").split("\n")
    pytest.skip(f"report text {SOURCE_NAME} not found")


@pytest.fixture(scope="module")
def own(project):
    """This section's file alone, to check every node it creates."""
    return parse_file(project.data_dir / "section-g.ttl")


def _window(lines: list[str], line: int, around: int = 1) -> str:
    return " ".join(" ".join(lines[max(0, line - 1 - around): line + around]).split())


def _stated(select, slug):
    rows = select(f"SELECT ?v WHERE {{ <{FIGURE}{slug}> tip:statedValue ?v }}")
    return float(rows[0][0])


def _disputed(select, node: str) -> bool:
    return bool(select(f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{node}> }}"))


@pytest.mark.parametrize(("kind", "expected"), sorted(DIAGRAM_21.items()))
def test_diagram_21_countries_by_type(countries_in, kind, expected):
    concept = f"<{CONCEPT}gender-body-type/{kind}>"
    assert countries_in(concept, f"<{SRC}diagram/21>") == expected


def _placed_count(countries_in, kind):
    return len(countries_in(f"<{CONCEPT}gender-body-type/{kind}>", f"<{SRC}diagram/21>"))


@pytest.mark.parametrize("kind", sorted(DIAGRAM_21))
def test_diagram_21_figures_match_their_findings(select, countries_in, kind):
    assert _stated(select, f"diagram-21-{kind}") == _placed_count(countries_in, kind)


def test_diagram_21_label_swap_is_recorded(select):
    for kind in ("institute", "council"):
        assert _disputed(select, f"{FIGURE}diagram-21-{kind}")


def test_gender_bodies_one_per_country_and_type(select):
    rows = select(
        """SELECT ?code ?type WHERE { ?b a tip:GenderBody ; tip:institutionType ?type ;
              tip:country/tip:iso3166Alpha3 ?code }"""
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
              tip:country/tip:iso3166Alpha3 "{code}" FILTER(lang(?name) = "en") }}"""
    )
    assert [n for (n,) in rows] == [name]


def test_gender_body_countries_stated_18_placed_19_and_disputed(select, countries_in):
    placed = countries_in(f"<{CONCEPT}gender-item/gender-body-member>", f"<{SRC}diagram/21>")
    assert placed == set().union(*DIAGRAM_21.values())
    assert (len(placed), _stated(select, "gender-body-countries")) == (19, 18)
    assert _disputed(select, f"{FIGURE}gender-body-countries")


@pytest.mark.parametrize(("concept", "part", "expected"), SPECIAL_CASES)
def test_named_countries(countries_in, concept, part, expected):
    assert countries_in(f"<{CONCEPT}{concept}>", f"<{SRC}{part}>") == expected


@pytest.mark.parametrize(("variable", "expected"), sorted(DIAGRAM_24.items()))
def test_diagram_24_variables(countries_in, variable, expected):
    concept = f"<{CONCEPT}vulnerability-variable/{variable}>"
    assert countries_in(concept, f"<{SRC}diagram/24>") == expected


@pytest.mark.parametrize(("code", "stated"), sorted(DESCRIPTORS.items()))
def test_descriptor_counts_match_diagram_24_or_are_disputed(select, code, stated):
    counted = sum(code in codes for codes in DIAGRAM_24.values())
    assert _stated(select, f"diagram-24-{code}-descriptors") == stated
    assert counted == stated or (code == "PRY" and counted == 2
                                 and _disputed(select, f"{FIGURE}diagram-24-{code}-descriptors"))


@pytest.mark.parametrize(("slug", "expected"), sorted(FIGURES.items()))
def test_stated_figures(select, slug, expected):
    rows = select(
        f"""SELECT ?v ?t WHERE {{ <{FIGURE}{slug}> a tip:ReportedFigure ; tip:statedValue ?v .
              OPTIONAL {{ ?f tip:statedTotal ?t FILTER(?f = <{FIGURE}{slug}>) }} }}"""
    )
    assert [(float(v), t) for v, t in rows] == [(float(expected[0]), expected[1])]


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_stated_figures_are_printed_on_their_line(own, source_lines, slug):
    node = URIRef(FIGURE + slug)
    value = own.value(node, TIP.statedValue).toPython()
    text = _window(source_lines, own.value(node, TIP.sourceLine).toPython()).lower()
    words = WORDS.get(value, str(value))
    assert re.search(rf"(?<![\d.])({words})(?![\d])", text), (slug, text)


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
def test_figures_add_up(select, parts, total):
    assert sum(_stated(select, p) for p in parts) == total


def test_diagram_26_adds_up_with_guyana_and_peru_counted_twice(select, countries_in):
    parts = ["state", "ngo-by-agreement", "joint", "insufficient-information"]
    total = sum(_stated(select, f"diagram-26-{p}") for p in parts)
    twice = {"GUY", "PER"} & countries_in(
        f"<{CONCEPT}provider-type/state-and-civil-society>", f"<{SRC}diagram/26>"
    )
    assert total - len(twice) == 20


def test_diagram_27_does_not_add_up_and_says_so(select):
    parts = ["shared", "exclusive", "insufficient-information"]
    assert sum(_stated(select, f"diagram-27-{p}") for p in parts) == 21
    assert all(_disputed(select, f"{FIGURE}diagram-27-{p}") for p in parts)


def test_shelters_accepting_children(select):
    rows = select(
        f"""SELECT ?code WHERE {{ ?s a tip:Shelter ; tip:acceptsChildren <{CONCEPT}answer/yes> ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert {code for (code,) in rows} == {"ARG", "PRY", "VEN", "USA"}
    assert _disputed(select, f"{SHELTER}USA-federally-funded")


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


def test_every_node_cites_the_report(own):
    for subject in set(own.subjects(RDF.type, None)):
        assert (subject, PROV.wasDerivedFrom, None) in own, subject


def test_findings_figures_and_discrepancies_give_a_source_line(own):
    for kind in (TIP.Finding, TIP.ReportedFigure, TIP.Discrepancy, TIP.Reading):
        for node in own.subjects(RDF.type, kind):
            assert isinstance(own.value(node, TIP.sourceLine), Literal), node


def test_findings_name_their_country_near_their_line(own, graph, source_lines):
    for finding in own.subjects(RDF.type, TIP.Finding):
        country = own.value(finding, TIP.country)
        names = {str(n) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                 for n in graph.objects(country, p) if n.language in (None, "en")}
        text = _window(source_lines, own.value(finding, TIP.sourceLine).toPython(), 2)
        assert any(name in text for name in names), (finding, names)


def test_each_discrepancy_has_two_readings_and_adopts_one(own):
    discrepancies = list(own.subjects(RDF.type, TIP.Discrepancy))
    assert {str(d).removeprefix(DISCREPANCY) for d in discrepancies} == {
        "diagram-21-labels", "gender-body-count", "PRY-descriptors", "diagram-27-sum",
        "USA-shelter-children",
    }
    for node in discrepancies:
        readings = list(own.objects(node, TIP.reading))
        assert len(readings) >= 2
        adopted = [r for r in readings if own.value(r, TIP.adopted).toPython()]
        assert len(adopted) == 1, node
        assert (node, TIP.resolution, None) in own and (node, TIP.concerns, None) in own


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
