"""Check the 35 OAS member states: codes, names, regions, and the respondents the report shows."""

from __future__ import annotations

import re

import pytest

REPORT = "https://w3id.org/tipgraph/source/oas-tip-2018"

# alpha-3, alpha-2, UN M49 code, M49 sub-region, Wikidata item
COUNTRIES = [
    ("ATG", "AG", "028", "caribbean", "Q781"),
    ("ARG", "AR", "032", "south-america", "Q414"),
    ("BHS", "BS", "044", "caribbean", "Q778"),
    ("BRB", "BB", "052", "caribbean", "Q244"),
    ("BLZ", "BZ", "084", "central-america", "Q242"),
    ("BOL", "BO", "068", "south-america", "Q750"),
    ("BRA", "BR", "076", "south-america", "Q155"),
    ("CAN", "CA", "124", "northern-america", "Q16"),
    ("CHL", "CL", "152", "south-america", "Q298"),
    ("COL", "CO", "170", "south-america", "Q739"),
    ("CRI", "CR", "188", "central-america", "Q800"),
    ("CUB", "CU", "192", "caribbean", "Q241"),
    ("DMA", "DM", "212", "caribbean", "Q784"),
    ("DOM", "DO", "214", "caribbean", "Q786"),
    ("ECU", "EC", "218", "south-america", "Q736"),
    ("SLV", "SV", "222", "central-america", "Q792"),
    ("GRD", "GD", "308", "caribbean", "Q769"),
    ("GTM", "GT", "320", "central-america", "Q774"),
    ("GUY", "GY", "328", "south-america", "Q734"),
    ("HTI", "HT", "332", "caribbean", "Q790"),
    ("HND", "HN", "340", "central-america", "Q783"),
    ("JAM", "JM", "388", "caribbean", "Q766"),
    ("MEX", "MX", "484", "central-america", "Q96"),
    ("NIC", "NI", "558", "central-america", "Q811"),
    ("PAN", "PA", "591", "central-america", "Q804"),
    ("PRY", "PY", "600", "south-america", "Q733"),
    ("PER", "PE", "604", "south-america", "Q419"),
    ("KNA", "KN", "659", "caribbean", "Q763"),
    ("LCA", "LC", "662", "caribbean", "Q760"),
    ("VCT", "VC", "670", "caribbean", "Q757"),
    ("SUR", "SR", "740", "south-america", "Q730"),
    ("TTO", "TT", "780", "caribbean", "Q754"),
    ("USA", "US", "840", "northern-america", "Q30"),
    ("URY", "UY", "858", "south-america", "Q77"),
    ("VEN", "VE", "862", "south-america", "Q717"),
]

# The report: "33 of the 34 questionnaires sent out were filled in and returned" (line 192).
STATED_RESPONDENTS = 33
# Named as sole national authorities that "described themselves" so (Section A, line 522).
SOLE_AUTHORITIES = {"DMA", "GRD", "KNA", "VEN"}


@pytest.fixture(scope="module")
def names(select) -> dict[str, set[str]]:
    """Map each alpha-3 code to every name the graph gives the country."""
    rows = select(
        """SELECT ?code ?name WHERE {
             ?c a tip:Country ; tip:iso3166Alpha3 ?code .
             { ?c rdfs:label ?name } UNION { ?c skos:prefLabel ?name }
             UNION { ?c skos:altLabel ?name } }"""
    )
    out: dict[str, set[str]] = {}
    for code, name in rows:
        out.setdefault(code, set()).add(name)
    return out


def respondents(select) -> set[str]:
    rows = select(
        f"""SELECT ?code WHERE {{
              ?c tip:respondentTo <{REPORT}> ; tip:iso3166Alpha3 ?code . }}"""
    )
    return {code for (code,) in rows}


def named_in(text: str, names: set[str]) -> bool:
    """Find a name as a whole word; footnote numbers may stick to it ("Nevis4", "Peru82")."""
    return any(re.search(rf"(?<![^\W\d]){re.escape(n)}(?![^\W\d])", text) for n in names)


def test_there_are_35_countries(select):
    rows = select("SELECT ?c WHERE { ?c a tip:Country }")
    assert len(rows) == 35
    codes = select("SELECT ?code WHERE { ?c a tip:Country ; tip:iso3166Alpha3 ?code }")
    assert {code for (code,) in codes} == {c[0] for c in COUNTRIES}


@pytest.mark.parametrize(("alpha3", "alpha2", "m49", "region", "qid"), COUNTRIES)
def test_country_codes(select, alpha3, alpha2, m49, region, qid):
    rows = select(
        f"""SELECT ?a2 ?a3 ?m49 ?region ?same WHERE {{
              <https://w3id.org/tipgraph/id/country/{alpha3}> a tip:Country ;
                  tip:iso3166Alpha2 ?a2 ; tip:iso3166Alpha3 ?a3 ; tip:m49Code ?m49 ;
                  tip:m49Region ?region ; owl:sameAs ?same . }}"""
    )
    assert rows == [
        (
            alpha2,
            alpha3,
            m49,
            f"https://w3id.org/tipgraph/concept/m49-region/{region}",
            f"http://www.wikidata.org/entity/{qid}",
        )
    ]


@pytest.mark.parametrize("alpha3", [c[0] for c in COUNTRIES])
def test_country_names_in_four_languages(graph, alpha3):
    from rdflib import RDFS, SKOS, URIRef

    node = URIRef(f"https://w3id.org/tipgraph/id/country/{alpha3}")
    pref = list(graph.objects(node, SKOS.prefLabel))
    assert sorted(p.language for p in pref) == ["en", "es", "fr", "pt"]
    label = list(graph.objects(node, RDFS.label))
    assert len(label) == 1 and label[0].language == "en"
    assert label[0] in pref
    # SKOS: a preferred label is never also an alternative label in the same language.
    assert not set(pref) & set(graph.objects(node, SKOS.altLabel))


@pytest.mark.parametrize(
    ("alpha3", "en", "es", "fr", "pt"),
    [
        ("BHS", "The Bahamas", "Bahamas", "Bahamas", "Bahamas"),
        (
            "KNA",
            "Saint Kitts and Nevis",
            "Saint Kitts y Nevis",
            "Saint-Kitts-et-Nevis",
            "São Cristóvão e Névis",
        ),
        ("PER", "Peru", "Perú", "Pérou", "Peru"),
        ("USA", "United States", "Estados Unidos", "États-Unis", "Estados Unidos"),
        (
            "VCT",
            "Saint Vincent and the Grenadines",
            "San Vicente y las Granadinas",
            "Saint-Vincent-et-les-Grenadines",
            "São Vicente e Granadinas",
        ),
    ],
)
def test_selected_names(select, alpha3, en, es, fr, pt):
    rows = select(
        f"""SELECT ?lang ?name WHERE {{
              <https://w3id.org/tipgraph/id/country/{alpha3}> skos:prefLabel ?name .
              BIND(LANG(?name) AS ?lang) }} ORDER BY ?lang"""
    )
    assert rows == [("en", en), ("es", es), ("fr", fr), ("pt", pt)]


@pytest.mark.parametrize(
    "variant",
    [
        "U.S.",
        "United States of America",
        "Bahamas",
        "Perú",
        "St. Kitts and Nevis",
        "T&T",
        "Saint V & the G",
        "DR",
        "México",
    ],
)
def test_name_variants_resolve_to_one_country(select, variant):
    rows = select(
        f"""SELECT DISTINCT ?c WHERE {{
              ?c a tip:Country ; skos:prefLabel|skos:altLabel ?n .
              FILTER(STR(?n) = "{variant}") }}"""
    )
    assert len(rows) == 1


def test_m49_regions(select):
    rows = select(
        """SELECT ?region (COUNT(?c) AS ?n) WHERE { ?c a tip:Country ; tip:m49Region ?region }
           GROUP BY ?region"""
    )
    counts = {r.rsplit("/", 1)[1]: n for r, n in rows}
    assert counts == {
        "caribbean": 13,
        "central-america": 8,
        "south-america": 12,
        "northern-america": 2,
    }


def test_respondent_count_matches_the_report(select, source_lines):
    text = " ".join(source_lines)
    assert f"{STATED_RESPONDENTS} of the 34 questionnaires" in text
    evidenced = respondents(select)
    assert len(evidenced) == STATED_RESPONDENTS
    assert evidenced >= SOLE_AUTHORITIES


def test_respondents_cite_the_report(select):
    rows = select(
        f"""SELECT ?code (COUNT(DISTINCT ?part) AS ?parts) (COUNT(DISTINCT ?line) AS ?lines)
            WHERE {{
              ?c tip:respondentTo <{REPORT}> ; tip:iso3166Alpha3 ?code ;
                 prov:wasDerivedFrom ?part ; tip:sourceLine ?line .
            }} GROUP BY ?code"""
    )
    assert len(rows) == STATED_RESPONDENTS
    assert all(parts >= 1 and lines == 1 for _, parts, lines in rows)


def test_respondent_source_line_names_the_country(select, names, source_lines):
    rows = select(
        f"""SELECT ?code ?line WHERE {{
              ?c tip:respondentTo <{REPORT}> ;
                 tip:iso3166Alpha3 ?code ; tip:sourceLine ?line . }}"""
    )
    for code, line in rows:
        # A table row may wrap a long name onto the next line.
        window = " ".join(s.strip() for s in source_lines[line - 1 : line + 1])
        assert named_in(window, names[code]), (code, line, window)


def test_unnamed_countries_are_not_respondents(select, names, source_lines):
    text = " ".join(source_lines)
    unnamed = {code for code, ns in names.items() if not named_in(text, ns)}
    # The report never names Cuba or Nicaragua; so neither may be marked a respondent.
    assert unnamed == {"CUB", "NIC"}
    assert not unnamed & respondents(select)


def test_non_respondents_carry_no_provenance(select):
    rows = select(
        f"""SELECT ?code WHERE {{
              ?c a tip:Country ; tip:iso3166Alpha3 ?code .
              FILTER NOT EXISTS {{ ?c tip:respondentTo <{REPORT}> }}
              FILTER EXISTS {{ ?c prov:wasDerivedFrom|tip:sourceLine ?x }} }}"""
    )
    assert rows == []


# --- What the report states sits in the graph of the part that states it -------------------

SRC = "https://w3id.org/tipgraph/source/oas-tip-2018/"
COUNTRIES_GRAPH = "https://w3id.org/tipgraph/graph/countries"
# Appendix 1 lists 29 countries' inter-agency bodies, all of them respondents (line 626).
APPENDIX_1_RESPONDENTS = 29


def test_the_countries_graph_holds_no_statement_of_the_report(in_graph):
    rows = in_graph(COUNTRIES_GRAPH, """?c ?p ?o .
        VALUES ?p { tip:respondentTo prov:wasDerivedFrom tip:sourceLine
                    skosxl:altLabel }""", "?c ?p")
    assert rows == []


def test_respondents_are_in_the_graphs_of_appendix_1_and_section_a(in_graph, source_lines):
    listed = in_graph(f"{SRC}appendix/1", f"?c tip:respondentTo <{REPORT}> ; tip:sourceLine ?l",
                      "?c")
    sole = in_graph(f"{SRC}section/A", f"?c tip:respondentTo <{REPORT}> ; tip:sourceLine ?l", "?c")
    assert len(listed) == APPENDIX_1_RESPONDENTS
    assert {str(c).rsplit("/", 1)[1] for (c,) in sole} == SOLE_AUTHORITIES
    assert len(listed) + len(sole) == STATED_RESPONDENTS
    assert f"{APPENDIX_1_RESPONDENTS} of the {STATED_RESPONDENTS} countries" in " ".join(
        s.strip() for s in source_lines[620:630])


def test_outside_facts_stay_in_the_countries_graph(in_graph):
    rows = in_graph(COUNTRIES_GRAPH, "?c a tip:Country ; tip:iso3166Alpha3 ?a ; owl:sameAs ?wd",
                    "?a")
    assert len(rows) == len(COUNTRIES)


def test_printed_name_variants_are_labels_at_their_line(dataset, source_lines):
    from tipgraph.namespaces import sparql_prologue

    rows = dataset.query(sparql_prologue() + """
        PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
        SELECT ?g ?c ?form ?part ?line WHERE { GRAPH ?g {
            ?c skosxl:altLabel ?l ; skos:altLabel ?form .
            FILTER(STRSTARTS(STR(?c), "https://w3id.org/tipgraph/id/country/"))
            ?l skosxl:literalForm ?form ; prov:wasDerivedFrom ?part ; tip:sourceLine ?line } }""")
    rows = [tuple(v.toPython() for v in row) for row in rows]
    assert len(rows) >= 10
    for graph, _country, form, part, line in rows:
        assert graph == part
        assert re.search(rf"(?<!\w){re.escape(form)}(?!\w)", source_lines[line - 1]), (form, line)


def test_untranslated_forms_are_marked(dataset):
    from tipgraph.namespaces import sparql_prologue

    rows = dataset.query(sparql_prologue() + """
        PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
        SELECT ?form WHERE { GRAPH ?g { ?c skosxl:altLabel ?l .
            ?l skosxl:literalForm ?form ;
               tip:printedForm <https://w3id.org/tipgraph/concept/printed-form/untranslated> }
            FILTER(STRSTARTS(STR(?c), "https://w3id.org/tipgraph/id/country/")) }""")
    assert {str(f) for (f,) in rows} == {"Haití", "México"}
