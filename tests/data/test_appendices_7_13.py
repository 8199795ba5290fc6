"""Check Appendices 7 to 13 against the report's own tables, counts and wording.

Expected numbers and names are read off the printed appendices (source line numbers in
the comments); where the report's text states a different number, the test asserts that
the graph records the disagreement as a tip:Discrepancy instead of picking a side.
"""

from __future__ import annotations

import re

import pytest
from helpers import CONCEPT, ID, SRC, discrepancy_problems, squash
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import PROV

from tipgraph.load import parse_file
from tipgraph.namespaces import TIP

# Only this module's files, to check what they create themselves (the `own` fixture).
OWN_FILES = [f"appendix-{n:02d}.trig" for n in range(7, 14)]

# Rows per appendix: (appendix, class, nodes, countries), counted from the printed table.
ROWS = [
    # Appendix 7 (lines 3551-3700): 30 units in the cells (the US Department of Justice
    # cell names two units); FEVIMTRA, printed only by the table's footnote 79, is in
    # that footnote's graph.
    (
        7,
        "tip:SpecializedUnit",
        30,
        {"ATG", "BHS", "BRB", "BLZ", "BOL", "CHL", "COL", "DOM", "ECU", "SLV",
         "GTM", "JAM", "MEX", "PRY", "PER", "VCT", "SUR", "URY", "USA", "VEN"},
    ),
    # Appendix 8 (lines 3701-3766): six Country/Title blocks, Paraguay twice.
    (8, "tip:InvestigationProtocol", 6, {"CHL", "COL", "JAM", "PRY", "URY"}),
    # Appendix 9 (lines 3767-3819): 14 rows, Mexico twice.
    (
        9,
        "tip:DedicatedHotline",
        14,
        {"ARG", "BHS", "CHL", "COL", "GTM", "GUY", "HND", "MEX", "PER", "DOM", "SUR",
         "TTO", "USA"},
    ),
    # Appendix 10 (lines 3820-3897): 22 rows; Canada 2, Colombia 4, the US 5, Uruguay 3.
    (
        10,
        None,
        22,
        {"ATG", "BHS", "BRA", "CAN", "COL", "CRI", "SLV", "MEX", "PRY", "USA", "URY", "VEN"},
    ),
    # Appendix 11 (lines 3898-3927): 13 rows; the United States twice.
    (
        11,
        None,
        13,
        {"ATG", "BRB", "BHS", "CHL", "CRI", "ECU", "HTI", "HND", "LCA", "SUR", "USA", "URY"},
    ),
    # Appendix 12 (lines 3928-3994): 35 national rows, two of them "Unspecified", one the
    # United States' plan (a plan, not typed a protocol); the two Mercosur rows have no
    # country and are checked on their own.
    (
        12,
        None,
        35,
        {"BHS", "BOL", "CHL", "COL", "CRI", "DOM", "ECU", "SLV", "GTM", "GUY", "HND", "JAM",
         "MEX", "PAN", "PRY", "PER", "URY", "USA"},
    ),
    # Appendix 13 (lines 3995-4027): 13 reports, one link each.
    (13, "tip:StatisticalReport", 13, {"ARG", "BRA", "CHL", "ECU", "GTM", "PER", "USA"}),
]


@pytest.fixture(scope="module")
def flat_text(source_text) -> str:
    """The report's text with every run of whitespace made one space (cells wrap lines)."""
    return squash(source_text)


def disc(appendix: int, slug: str) -> str:
    return f"<{ID}discrepancy/appendix-{appendix:02d}/{slug}>"


def node(kind: str, slug: str) -> str:
    return f"<{ID}{kind}/{slug}>"


def rows_of(select, appendix: int, cls: str) -> list[tuple]:
    """Nodes of a class derived from an appendix, or printed under it when cls is None."""
    part = f"<{SRC}appendix/{appendix}>"
    pattern = f"?n tip:printedUnder {part}" if cls is None else f"?n a {cls}"
    return select(
        f"""SELECT DISTINCT ?n ?code WHERE {{
              {pattern} ; prov:wasDerivedFrom {part} ; tip:country/tip:iso3166Alpha3 ?code . }}"""
    )


# --- every file -----------------------------------------------------------------------


@pytest.mark.parametrize("name", OWN_FILES)
def test_file_parses_alone(project, name):
    assert len(parse_file(project.data_dir / name)) > 0


def test_every_created_node_has_provenance(own):
    """Rule 1 of data/README.md: every node but countries, concepts and parts has a source."""
    created = {
        s
        for s in own.subjects()
        if isinstance(s, URIRef) and s.startswith(ID) and not s.startswith(ID + "country/")
    }
    assert created
    missing = sorted(s for s in created if (s, PROV.wasDerivedFrom, None) not in own)
    assert missing == []


def test_every_concept_used_exists(graph, own):
    used = {o for o in own.objects() if isinstance(o, URIRef) and o.startswith(CONCEPT)}
    from rdflib.namespace import SKOS

    assert sorted(c for c in used if (c, RDF.type, SKOS.Concept) not in graph) == []


def test_every_report_part_cited_is_a_known_kind(own):
    parts = {o for o in own.objects() if isinstance(o, URIRef) and o.startswith(SRC)}
    pattern = re.compile(
        r"(appendix/(\d|1[0-3])|section/([A-G]|summary|final-comments)|figure/\d+"
        r"|diagram/\d+|footnote/\d+|question/\d+)$"
    )
    assert sorted(p for p in parts if not pattern.fullmatch(p[len(SRC):])) == []


# --- rows and countries per appendix --------------------------------------------------


@pytest.mark.parametrize(("appendix", "cls", "count", "countries"), ROWS)
def test_rows_and_countries(select, appendix, cls, count, countries):
    rows = rows_of(select, appendix, cls)
    assert len({n for n, _ in rows}) == count
    assert {code for _, code in rows} == countries


# --- Appendix 7: specialised units ----------------------------------------------------


def sphere_countries(select, sphere: str) -> set[str]:
    rows = select(
        f"""SELECT DISTINCT ?code WHERE {{
              VALUES ?part {{ <{SRC}appendix/7> <{SRC}footnote/79> }}
              ?u a tip:SpecializedUnit ; prov:wasDerivedFrom ?part ;
                 tip:sphere <{CONCEPT}sphere/{sphere}> ; tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    return {code for (code,) in rows}


def test_judicial_and_multi_agency_spheres_match_section_d(select):
    # Section D, lines 1370-1372: specialised courts only in Guatemala and Uruguay;
    # lines 1406-1410: Antigua and Barbuda and the United States have multi-agency units.
    assert sphere_countries(select, "judicial") == {"GTM", "URY"}
    assert sphere_countries(select, "multi-agency") == {"ATG", "USA"}


def test_police_sphere_is_section_d_list_but_argentina(select):
    # Section D, lines 1358-1364: 15 countries, Argentina first; Appendix 7 has no Argentina.
    stated = {"ARG", "BHS", "BRB", "BLZ", "BOL", "CHL", "ECU", "SLV", "GTM", "JAM", "MEX",
              "PRY", "VCT", "SUR", "VEN"}
    assert len(stated) == 15
    assert sphere_countries(select, "police") == stated - {"ARG"}


def test_prosecutor_sphere_against_section_d(select):
    # Section D, lines 1368-1369: 10 countries; the graph lacks Argentina and adds the US.
    stated = {"ARG", "COL", "DOM", "SLV", "GTM", "JAM", "MEX", "PRY", "PER", "VEN"}
    assert sphere_countries(select, "public-prosecutor") == (stated - {"ARG"}) | {"USA"}
    assert_discrepancy(select, 7, "USA-prosecution-sphere", "10 countries")


def test_twenty_one_countries_stated_twenty_printed(select, source_lines):
    assert "21 countries provided" in source_lines[1352]
    assert "21 countries" in source_lines[67]
    countries = {code for _, code in rows_of(select, 7, "tip:SpecializedUnit")}
    assert len(countries) == 20 and "ARG" not in countries
    assert_discrepancy(select, 7, "ARG-missing", "21 countries")


@pytest.mark.parametrize(
    ("slug", "count"),
    [("COL-prosecutor-offices", 14), ("PER-prosecutor-offices", 8), ("PRY-prosecution-units", 4)],
)
def test_unit_counts(select, slug, count):
    rows = select(f"SELECT ?n WHERE {{ {node('unit', slug)} tip:unitCount ?n }}")
    assert rows == [(count,)]


def test_peru_offices_cities(select):
    # Footnote 81 (line 3700).
    offices = node("unit", "PER-prosecutor-offices")
    rows = select(f"SELECT ?city WHERE {{ {offices} tip:location ?city }}")
    assert {c for (c,) in rows} == {
        "Cusco", "Loreto", "Puno", "Tacna", "Tumbes", "Madre de Dios", "Callao", "Lima"
    }


def test_guatemala_has_three_spheres(select):
    rows = select(
        f"""SELECT ?sphere WHERE {{ ?u a tip:SpecializedUnit ; tip:country <{ID}country/GTM> ;
              tip:sphere ?sphere }}"""
    )
    spheres = sorted(s.rsplit("/", 1)[1] for (s,) in rows)
    assert spheres == ["judicial", "police", "public-prosecutor"]


def test_unit_parents_and_acronyms(select):
    rows = select(
        f"""SELECT ?label WHERE {{ {node('unit', 'VCT-atipu')} tip:acronym "ATIPU"@en ;
              tip:parentInstitution/rdfs:label ?label }}"""
    )
    assert rows == [("Royal St Vincent and the Grenadines Police Force",)]
    rows = select(f"SELECT ?a WHERE {{ {node('unit', 'DOM-pett')} tip:acronym ?a }}")
    assert rows == [("PETT",)]


# --- Appendix 8: criminal investigation protocols -------------------------------------


@pytest.mark.parametrize(
    ("country", "year"),
    # Lines 3703-3764; Section D, lines 1433-1435: Jamaica's dates back to 2007, Uruguay's
    # (2016) is the most recent.
    [("CHL", 2015), ("COL", 2015), ("JAM", 2007), ("PRY", 2014), ("URY", 2016)],
)
def test_protocol_years(select, country, year):
    rows = select(
        f"""SELECT DISTINCT ?y WHERE {{ ?p a tip:InvestigationProtocol ;
              tip:country <{ID}country/{country}> ; tip:year ?y }}"""
    )
    assert [int(str(y)) for (y,) in rows] == [year]


def test_protocol_authors(select):
    rows = select(
        """SELECT ?code ?label WHERE { ?p a tip:InvestigationProtocol ; tip:author ?a ;
              tip:country/tip:iso3166Alpha3 ?code . ?a rdfs:label ?label .
              FILTER(LANG(?label) = "es") }"""
    )
    authors = {(c, lab) for c, lab in rows}
    assert ("URY", "Ministerio del Interior") in authors
    assert ("URY", "Fiscalía General de la Nación") in authors
    assert ("COL", "Ministerio del Interior") in authors
    assert ("CHL", "Mesa Intersectorial sobre Trata de Personas") in authors
    assert ("PRY", "Organización Internacional para las Migraciones (OIM)") in authors


def test_protocol_blocks_match_table(select, source_lines):
    printed = [ln for ln in source_lines[3700:3766] if ln.startswith("Title ")]
    rows = rows_of(select, 8, "tip:InvestigationProtocol")
    assert len(printed) == len({n for n, _ in rows}) == 6


def test_six_countries_stated_five_printed(select, source_lines):
    # Section D, line 1427, says at least 6 countries, Argentina among them; Appendix 8 has
    # five. Section D's file records that discrepancy; any file may, but one must.
    assert "at least 6 countries" in source_lines[1426]
    rows = select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{ID}country/ARG> ;
              prov:wasDerivedFrom <{SRC}appendix/8> }}"""
    )
    assert rows


# --- Appendix 9: dedicated hotlines ---------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "printed"),
    [
        ("ARG-145", "145"),
        ("COL-018000522020", "01-8000 522020"),
        ("GTM-110", "110"),
        ("GUY-5922274083", "592 227 4083"),
        ("HND-89905187", "8990 5187"),
        ("MEX-018000085400", "01-800 00 854 00"),
        ("MEX-018005533000", "01-800 5533 000"),
        ("PER-1818", "1818 Option 1"),
        ("TTO-800-4CTU", "800-4CTU"),
        ("USA-18883737888", "1-888 373 7888"),
    ],
)
def test_hotline_numbers(select, slug, printed):
    rows = select(f"SELECT ?t WHERE {{ {node('hotline', slug)} tip:telephone ?t }}")
    assert rows == [(printed,)]


def test_hotlines_without_number(select):
    # Appendix 9 prints no number for these four rows (lines 3777, 3779, 3799, 3801).
    rows = select(
        """SELECT ?code WHERE { ?h a tip:DedicatedHotline ; tip:country/tip:iso3166Alpha3 ?code .
              FILTER NOT EXISTS { ?h tip:telephone ?t } }"""
    )
    assert sorted(c for (c,) in rows) == ["BHS", "CHL", "DOM", "SUR"]


def test_unspecified_operators(select):
    rows = select(
        """SELECT ?code WHERE { ?h a tip:DedicatedHotline ; tip:unspecified tip:operatedBy ;
              tip:country/tip:iso3166Alpha3 ?code }"""
    )
    assert sorted(c for (c,) in rows) == ["BHS", "DOM", "GUY", "SUR"]
    rows = select(f"SELECT ?o WHERE {{ {node('hotline', 'HND-89905187')} tip:operatedBy ?o }}")
    assert rows == []


def test_us_hotline_features(select):
    rows = select(f"SELECT ?f WHERE {{ {node('hotline', 'USA-18883737888')} tip:feature ?f }}")
    assert {f.rsplit("/", 1)[1] for (f,) in rows} == {
        "cost-free", "nationwide", "confidential", "tty", "text", "chat", "multilingual"
    }


def test_operators(select):
    rows = select(f"SELECT ?o WHERE {{ {node('hotline', 'ARG-145')} tip:operatedBy ?o }}")
    # "Co-administered by the Ministry of Justice and the Office of Public Prosecutions for
    # Trafficking Offenses" (line 3772); Section E, line 1566: "the line operates under the
    # National Rescue Program" (each in its part's graph: test_section_e_structure.py).
    assert {o for (o,) in rows} == {
        f"{ID}institution/ARG-ministry-of-justice-and-human-rights",
        f"{ID}institution/ARG-protex",
        f"{ID}institution/ARG-national-rescue-program",
    }
    rows = select(
        f"""SELECT ?label WHERE {{ {node('hotline', 'MEX-018005533000')}
              tip:operatedBy/rdfs:label ?label }}"""
    )
    assert rows == [("Mexico City Citizens’ Council",)]
    rows = select(
        f"""SELECT ?label WHERE {{ {node('hotline', 'USA-18883737888')}
              schema:funder/rdfs:label ?label }}"""
    )
    assert rows == [("Department of Health and Human Services",)]


def test_peru_1818_and_merged_lines(select):
    rows = select(f"SELECT ?y WHERE {{ {node('hotline', 'PER-1818')} tip:year ?y }}")
    assert [str(y) for (y,) in rows] == ["2006"]
    rows = select(
        f"""SELECT ?t WHERE {{ {node('hotline', 'PER-1818')} dcterms:replaces/tip:telephone ?t }}"""
    )
    # Footnote 83, lines 3818-3819.
    assert {t for (t,) in rows} == {"0800-16016", "0800-23232", "0800-19800"}


def test_summary_count_of_dedicated_lines(select, source_lines):
    # Summary, line 80: "13 countries have activated telephone lines exclusive for human
    # trafficking"; Section E, line 1486, says ten.
    stated = int(re.search(r"(\d+) countries have activated", source_lines[79]).group(1))
    countries = {code for _, code in rows_of(select, 9, "tip:DedicatedHotline")}
    assert len(countries) == stated == 13
    assert source_lines[1485].startswith("Ten of the 33 countries")
    assert_discrepancy(select, 9, "country-count", "Ten of the 33")


def test_number_printed_for_nine_countries_not_eight(select):
    rows = select(
        """SELECT DISTINCT ?code WHERE { ?h a tip:DedicatedHotline ; tip:telephone ?t ;
              tip:country/tip:iso3166Alpha3 ?code }"""
    )
    assert len(rows) == 9
    assert_discrepancy(select, 9, "numbers-provided", "2 did not provide")


# --- Appendices 10 and 11: the two directories, typed by what each line is -----------


def kinds_printed_under(select, appendix: int) -> dict[str, set[str]]:
    rows = select(
        f"""SELECT ?n ?type WHERE {{ ?n tip:printedUnder <{SRC}appendix/{appendix}> ; a ?type .
              FILTER(?type IN (tip:PoliceLine, tip:ThematicLine, tip:MigrationLine,
                               tip:MinistryLine, tip:DedicatedHotline)) }}"""
    )
    out: dict[str, set[str]] = {}
    for n, t in rows:
        out.setdefault(t.rsplit("#", 1)[1], set()).add(n.rsplit("/", 1)[1])
    return out


def test_appendix_10_lines_by_kind(select):
    kinds = kinds_printed_under(select, 10)
    assert kinds["MigrationLine"] == {"COL-153", "CRI-migration-offices-lines"}
    assert kinds["MinistryLine"] == {"USA-800-424-9098"}
    assert len(kinds["ThematicLine"]) == 19
    assert "PoliceLine" not in kinds


def test_appendix_11_lines_by_kind(select):
    kinds = kinds_printed_under(select, 11)
    assert {n[:3] for n in kinds["PoliceLine"]} == {
        "ATG", "BRB", "CHL", "CRI", "HTI", "HND", "LCA", "SUR"
    }
    assert {n[:3] for n in kinds["MinistryLine"]} == {"BHS", "ECU", "USA", "URY"}
    assert "ThematicLine" not in kinds


def test_thematic_lines_per_country(select):
    rows = select(
        f"""SELECT ?code (COUNT(?n) AS ?k) WHERE {{ ?n a tip:ThematicLine ;
              tip:printedUnder <{SRC}appendix/10> ; tip:country/tip:iso3166Alpha3 ?code }}
            GROUP BY ?code"""
    )
    counts = dict(rows)
    # Section E, line 1613: "Colombia (3) and Uruguay (3)"; the directory prints four
    # labour lines for the United States besides its defence-ministry line.
    assert (counts["COL"], counts["URY"], counts["USA"]) == (3, 3, 4)
    assert len(counts) == 11
    assert_discrepancy(select, 10, "most-lines", "Colombia (3) and Uruguay (3)")
    assert_discrepancy(select, 10, "thematic-country-count", "Ten countries stated")


def test_labour_lines_against_figure_14(select):
    rows = select(
        """SELECT ?n WHERE { ?n a tip:ThematicLine ;
              tip:theme <https://w3id.org/tipgraph/concept/line-theme/labour> }"""
    )
    assert len(rows) == 8
    assert_discrepancy(select, 10, "figure-14-groups", "4 others with labor issues")


def test_police_line_count_against_section_e(select, source_lines):
    assert source_lines[1590].startswith("Thirteen countries say")
    countries = {code for _, code in rows_of(select, 11, None)}
    assert len(countries) == 12
    assert_discrepancy(select, 11, "police-country-count", "Thirteen countries")
    assert_discrepancy(select, 11, "numbers-specified", "Chile, Guatemala, and México")


@pytest.mark.parametrize(
    ("slug", "printed", "digits"),
    [
        ("ECU-1800335486", "1 800 335486 (DELITO)", "1800335486"),
        ("VEN-0800-6853737", "0800-MUJERES (0800-6853737)", "08006853737"),
        ("USA-1-866-487-9243", "1-866-487-9243 (1-866-4USWAGE)", "18664879243"),
        ("ATG-463-5555", "463-5555", "4635555"),
    ],
)
def test_directory_numbers(select, slug, printed, digits):
    rows = select(
        f"""SELECT ?t ?d WHERE {{ {node('line', slug)} tip:telephone ?t ;
              tip:normalizedTelephone ?d }}"""
    )
    assert rows == [(printed, digits)]


def test_uruguay_interior_line_has_both_numbers(select):
    rows = select(f"SELECT ?t WHERE {{ {node('line', 'URY-interior-line')} tip:telephone ?t }}")
    assert {t for (t,) in rows} == {"2 152 46 00", "2900 68 64"}


def test_directory_operators(select):
    rows = select(
        f"""SELECT ?label WHERE {{ {node('line', 'COL-153')} tip:operatedBy/rdfs:label ?label }}"""
    )
    assert rows == [("Migración Colombia",)]
    rows = select(
        f"""SELECT ?label WHERE {{ {node('line', 'CHL-fono-denuncia')}
              tip:operatedBy/rdfs:label ?label }}"""
    )
    assert rows == [("Carabineros",)]
    rows = select(
        """SELECT ?n WHERE { ?n tip:printedUnder ?a ; tip:unspecified tip:operatedBy .
              FILTER(?a IN (<https://w3id.org/tipgraph/source/oas-tip-2018/appendix/10>,
                            <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/11>)) }"""
    )
    unspecified = {n.rsplit("/", 1)[1] for (n,) in rows}
    assert unspecified == {"ATG-463-5555", "BHS-domestic-violence-hotline"}


# --- Appendix 12: victim protection and assistance protocols ---------------------------


def protocols_per_country(select) -> dict[str, int]:
    rows = select(
        f"""SELECT ?code (COUNT(?p) AS ?k) WHERE {{ ?p tip:printedUnder <{SRC}appendix/12> ;
              prov:wasDerivedFrom <{SRC}appendix/12> ; tip:country/tip:iso3166Alpha3 ?code }}
            GROUP BY ?code"""
    )
    return dict(rows)


def test_protocols_per_country(select):
    counts = protocols_per_country(select)
    assert {c: k for c, k in counts.items() if k > 1} == {
        "COL": 2, "CRI": 2, "DOM": 2, "GTM": 2, "JAM": 4, "PRY": 5, "PER": 4, "URY": 4
    }
    assert_discrepancy(select, 12, "more-than-one", "Jamaica, Peru, and Uruguay")


def test_protocol_count_against_summary(select, source_lines):
    # Summary, line 90, and Final Comments, line 2942: "At least 20 countries"; Section E,
    # line 1770: 15; line 1851: 14. The table has 18.
    assert "At least 20 countries" in source_lines[89]
    assert "15 were able to provide" in source_lines[1769]
    assert len(protocols_per_country(select)) == 18
    assert_discrepancy(select, 12, "country-count", "At least 20 countries")


def countries_with_type(select, ptype: str) -> set[str]:
    rows = select(
        f"""SELECT DISTINCT ?code WHERE {{ ?p a tip:VictimProtocol ;
              tip:protocolType <{CONCEPT}protocol-type/{ptype}> ;
              tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    return {c for (c,) in rows}


@pytest.mark.parametrize(
    ("ptype", "countries"),
    [
        # Section E 3.1, lines 1808-1810: the Dominican Republic and Uruguay.
        ("child-specific", {"DOM", "URY"}),
        # Section E 3.3, lines 1845-1847: Paraguay and Uruguay, for embassies and consulates.
        ("consular", {"PRY", "URY"}),
        # Section E 3.3, lines 1842-1844: Paraguay.
        ("certification", {"PRY"}),
        ("risk-assessment", {"PRY"}),
        # Section E 3.4, line 1852: Uruguay (and the United States, with no instrument named).
        ("labour", {"URY"}),
    ],
)
def test_protocol_types_match_section_e(select, ptype, countries):
    assert countries_with_type(select, ptype) == countries


def test_unspecified_protocols(select):
    rows = select(
        """SELECT ?code WHERE { ?p a tip:VictimProtocol ; tip:unspecified rdfs:label ;
              tip:country/tip:iso3166Alpha3 ?code }"""
    )
    # Lines 3950 and 3955; Section E, lines 1778-1781.
    assert sorted(c for (c,) in rows) == ["GUY", "SLV"]


def test_mercosur_instruments(select):
    rows = select(
        """SELECT ?p ?by ?src WHERE { ?p a tip:VictimProtocol ;
              tip:scope <https://w3id.org/tipgraph/concept/scope/supranational> ;
              tip:citedBy/tip:iso3166Alpha3 ?by ; prov:wasDerivedFrom ?src .
              FILTER NOT EXISTS { ?p tip:country ?c } }"""
    )
    in_appendix = {p for p, _, src in rows if src.endswith("/appendix/12")}
    assert len(in_appendix) == 2
    assert {by for p, by, _ in rows if p in in_appendix} == {"URY"}
    border = node("protocol", "mercosur-guidelines-border-crossing-early-detection")[1:-1]
    # Section E 3.5, lines 1864-1867.
    assert {by for p, by, _ in rows if p == border} == {"BOL", "COL", "ECU", "URY"}


# --- Appendix 13: statistical reports --------------------------------------------------


def test_report_links_match_table(select, source_lines):
    printed = [ln for ln in source_lines[3994:4027] if "bit.ly/" in ln]
    rows = rows_of(select, 13, "tip:StatisticalReport")
    assert len(printed) == len({n for n, _ in rows}) == 13


def test_brazil_four_reports(select, source_lines):
    # Section F, line 2120: "four national reports on trafficking in persons".
    assert "four national reports" in source_lines[2119]
    rows = rows_of(select, 13, "tip:StatisticalReport")
    assert len([n for n, code in rows if code == "BRA"]) == 4


@pytest.mark.parametrize(
    ("slug", "coverage", "year"),
    [
        ("BRA-informe-nacional-2014-2016", "2014 a 2016", None),
        ("BRA-informe-nacional-2013", "2013", "2013"),
        ("CHL-informe-estadistico-2011-2017", "2011-2017", None),
        ("ECU-delitoscopio-2013", "2013", "2013"),
        ("USA-ucr-2016", "2016", "2016"),
    ],
)
def test_report_periods(select, slug, coverage, year):
    rows = select(
        f"""SELECT ?c ?y WHERE {{ {node('report', slug)} tip:coverage ?c .
              OPTIONAL {{ {node('report', slug)} tip:year ?y }} }}"""
    )
    assert [(c, None if y is None else str(y)) for c, y in rows] == [(coverage, year)]


def test_report_authors(select):
    rows = select(
        f"""SELECT ?label WHERE {{ {node('report', 'USA-ucr-2016')}
              tip:author/rdfs:label ?label }}"""
    )
    assert rows == [("FBI",)]
    rows = select(
        f"""SELECT ?url WHERE {{ {node('report', 'PER-inei-denuncias-2011-2016')} tip:url ?url }}"""
    )
    assert "http://bit.ly/2D7iu9j" in {u for (u,) in rows}
    assert_discrepancy(select, 13, "USA-both-reports", "both reports")


# --- telephone numbers, URLs and Spanish names as printed -----------------------------


def test_telephones_are_printed_in_the_report(select, flat_text):
    rows = select(
        f"""SELECT ?t WHERE {{ ?n tip:telephone ?t . FILTER(STRSTARTS(STR(?n), "{ID}")) }}"""
    )
    assert rows
    # "0800-19800" is printed across a line break after its hyphen.
    compact = flat_text.replace("- ", "-")
    assert sorted(t for (t,) in rows if t not in flat_text and t not in compact) == []


def test_urls_are_printed_in_the_report(own, source_text):
    joined = re.sub(r"\s*\n\s*", "", source_text)
    urls = {str(o) for o in own.objects(None, TIP.url)}
    assert urls
    assert sorted(u for u in urls if u not in joined and u.replace("%20", " ") not in joined) == []


def test_spanish_labels_are_printed_in_the_report(own, flat_text):
    labels = {
        str(o)
        for o in own.objects(None, RDFS.label)
        if isinstance(o, Literal) and o.language == "es"
    }
    assert labels
    assert sorted(lab for lab in labels if squash(lab) not in flat_text) == []


# --- discrepancies --------------------------------------------------------------------


DISCREPANCIES = {
    7: {"ARG-missing", "more-than-one-body", "PRY-PER-four-units", "MEX-cell-sphere",
        "USA-prosecution-sphere"},
    8: {"JAM-task-force-name", "URY-gender-violence-title", "PRY-manual-link"},
    10: {"title-police-contents-thematic", "thematic-country-count", "most-lines",
         "figure-14-groups", "COL-153-migration", "CRI-migration", "USA-defense-line",
         "URY-blue-line-cell"},
    12: {"country-count", "more-than-one", "USA-plan", "detection-response-count",
         "mercosur-border-guidelines"},
    13: {"USA-both-reports", "BRA-2014-2016-title"},
    11: {"title-thematic-contents-police", "police-country-count", "numbers-specified"},
    9: {"country-count", "numbers-provided", "unspecified-operator", "MEX-citizens-council",
        "security-sector", "FEVIMTRA-acronym", "GTM-110-kind",
        "MEX-shared-line", "TTO-unit-name", "ARG-145-operator", "ARG-145-core-features"},
}


def assert_discrepancy(select, appendix: int, slug: str, quoted: str) -> None:
    """The discrepancy exists and one of its readings quotes the report's words."""
    rows = select(f"SELECT ?c WHERE {{ {disc(appendix, slug)} tip:reading/rdfs:comment ?c }}")
    assert any(quoted.lower() in c.lower() for (c,) in rows), rows


@pytest.mark.parametrize("appendix", sorted(DISCREPANCIES))
def test_discrepancy_set(select, appendix):
    rows = select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy .
              FILTER(STRSTARTS(STR(?d), "{ID}discrepancy/appendix-{appendix:02d}/")) }}"""
    )
    assert {d.rsplit("/", 1)[1] for (d,) in rows} == DISCREPANCIES[appendix]


@pytest.mark.parametrize(
    ("appendix", "slug"),
    [(a, s) for a, slugs in sorted(DISCREPANCIES.items()) for s in sorted(slugs)],
)
def test_discrepancy_is_complete(graph, appendix, slug):
    """Rule 6: two readings with a comment and a source each, one adopted, a resolution."""
    d = URIRef(disc(appendix, slug).strip("<>"))
    assert discrepancy_problems(graph, d) == []
    assert graph.value(d, TIP.sourceLine) and graph.value(d, PROV.wasDerivedFrom)
