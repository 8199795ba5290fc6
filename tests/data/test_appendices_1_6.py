"""Check Appendices 1-6 against the report: rows, countries and facts the tables print.

Counts come from the appendices as printed (lines 3079-3541 of the report's text) and
from the numbers the sections state about them; a test fails when the data drifts from
the report, not when it drifts from itself.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import (
    ID,
    SRC,
    assert_discrepancies,
    assert_provenance,
    concept,
    node,
    squash,
)
from rdflib import RDF, RDFS, SKOS, URIRef
from rdflib.namespace import PROV

from tipgraph.namespaces import TIP

# The six appendix files alone, to check what they create (the `own` fixture).
OWN_FILES = [f"appendix-0{n}.trig" for n in range(1, 7)]
# The appendix tables and their footnotes, lines 3079-3541 of the report's text.
APPENDIX_LINES = range(3079, 3542)


def appendix(n: int) -> str:
    return f"<{SRC}appendix/{n}>"


def rows(select, cls: str, n: int) -> list[tuple[str, str | None]]:
    """Nodes of a class derived from Appendix n, with their country code if any."""
    return select(
        f"""SELECT ?x ?code WHERE {{
              ?x a {cls} ; prov:wasDerivedFrom {appendix(n)} .
              OPTIONAL {{ ?x tip:country/tip:iso3166Alpha3 ?code }} }}"""
    )


def assert_table(found, size: int, countries: set[str], twice: set[str] | None = None):
    """The appendix prints `size` rows, for exactly `countries`; with `twice`, those are
    the countries it prints two rows for."""
    assert len(found) == size
    assert {code for _, code in found if code} == countries
    if twice is not None:
        per_country = Counter(code for _, code in found)
        assert {c for c, n in per_country.items() if n == 2} == twice


def values(select, subject: str, prop: str) -> set:
    return {v for (v,) in select(f"SELECT ?v WHERE {{ {subject} {prop} ?v }}")}


# --- Appendix 1: inter-agency bodies ---------------------------------------------------

# The 29 countries of Appendix 1, "29 of the 33 countries that replied" (Section A, l. 626).
APPENDIX_1_COUNTRIES = {
    "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "ECU",
    "SLV", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "PAN", "PRY", "PER", "DOM", "VCT",
    "LCA", "SUR", "TTO", "USA", "URY",
}  # fmt: skip


def test_appendix_1_has_31_bodies_in_29_countries(select):
    assert_table(rows(select, "tip:InterAgencyBody", 1), 31, APPENDIX_1_COUNTRIES, {"ARG", "BRA"})


@pytest.mark.parametrize(
    ("body", "chair"),
    [
        ("ATG-tip-prevention-committee", "Ministry of National Security"),
        ("BRB-national-task-force", "Office of the Attorney General"),
        ("CRI-national-coalition", "Directorate General for Migration and Foreign Nationals"),
        ("HND-cicesct", "State Secretariat (Ministries of Justice and Human Rights)"),
        ("LCA-national-task-force", "Ministry of Home Affairs, Justice and National Security"),
        ("USA-presidents-interagency-task-force", "Department of State"),
        ("URY-inter-institutional-round-table", "National Women’s Institute"),
        ("ARG-executive-committee", "Head of Cabinet Office"),
        ("BRA-tripartite-coordination", "Ministry of Justice"),
    ],
)
def test_appendix_1_chairs(select, body, chair):
    labels = select(
        f"""SELECT ?label WHERE {{ {node("body/" + body)} tip:chairedBy ?i .
              ?i a tip:PublicInstitution ; rdfs:label ?label }}"""
    )
    assert (chair,) in labels


def test_appendix_1_guatemala_prints_no_chair(select):
    assert not values(select, node("body/GTM-cit"), "tip:chairedBy")
    assert values(select, node("body/GTM-cit"), "tip:acronym") == {"CIT"}


def test_appendix_1_bolivian_name_stays_with_bolivia(select):
    """The name printed on Brazil's row is Bolivia's body (see the discrepancy)."""
    found = select(
        """SELECT ?code WHERE { ?b a tip:InterAgencyBody ; tip:country/tip:iso3166Alpha3 ?code ;
              rdfs:label "Consejo Plurinacional contra la Trata y Tráfico de Personas"@es }"""
    )
    assert found == [("BOL",)]
    assert values(select, node("body/BRA-conatrap"), "tip:acronym") == {"CONATRAP"}


def test_appendix_1_uruguay_anchored_in_ministry(select):
    anchored = values(select, node("body/URY-inter-institutional-round-table"), "tip:anchoredIn")
    assert anchored == {ID + "institution/URY-ministry-of-development"}


# --- Appendix 2: websites ---------------------------------------------------------------

APPENDIX_2_COUNTRIES = {
    "ARG", "BHS", "BLZ", "BRA", "CAN", "CHL", "GTM", "MEX", "PER", "SUR", "USA",
}  # fmt: skip


def test_appendix_2_has_15_addresses_in_11_countries(select):
    assert_table(rows(select, "tip:Website", 2), 15, APPENDIX_2_COUNTRIES)


def test_appendix_2_department_of_justice_has_three_addresses(select):
    found = select(
        f"""SELECT ?url WHERE {{ ?w a tip:Website ; tip:url ?url ;
              tip:operatedBy {node("institution/USA-department-of-justice")} }}"""
    )
    assert {u for (u,) in found} == {
        "http://www.justice.gov/humantrafficking",
        "https://ovc.ncjrs.gov/humantrafficking/",
        "https://www.ojjdp.gov/programs/human-trafficking-services.html",
    }


@pytest.mark.parametrize(
    ("code", "institution", "url"),
    [
        ("PER", "Ministerio del Interior", "http://quenoteencuentren.pe/"),
        (
            "ARG",
            "Procuraduría de Trata y Explotación de Personas",
            "https://www.mpf.gob.ar/protex/",
        ),
        ("MEX", "Secretaría de Gobernación", "https://www.gob.mx/trata-de-personas"),
        ("SUR", "Ministry of Justice and Police", "http://bit.ly/2tqlWMW"),
    ],
)
def test_appendix_2_rows(select, code, institution, url):
    found = select(
        f"""SELECT ?code WHERE {{ ?w a tip:Website ; tip:url <{url}> ;
              tip:country/tip:iso3166Alpha3 ?code ; tip:operatedBy/rdfs:label ?name .
              FILTER(STR(?name) = "{institution}") }}"""
    )
    assert found == [(code,)]


# --- Appendix 3: national policies and plans --------------------------------------------

APPENDIX_3_COUNTRIES = {
    "ATG", "BHS", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "ECU", "GTM", "GUY",
    "HTI", "HND", "JAM", "MEX", "PAN", "PRY", "PER", "DOM", "LCA", "SLV", "VCT", "SUR",
    "TTO",
}  # fmt: skip


def test_appendix_3_has_28_rows_in_25_countries(select):
    # Section B (l. 743): Bolivia, Brazil, Paraguay and Peru have more than one instrument;
    # the appendix prints two rows for three of them (see the Paraguay discrepancy).
    found = rows(select, "tip:PolicyInstrument", 3)
    assert_table(found, 28, APPENDIX_3_COUNTRIES, {"BOL", "BRA", "PER"})


def non_policy_durations(select) -> dict[str, int]:
    policy = concept("instrument-type/policy")
    found = select(
        f"""SELECT ?code ?years WHERE {{
              ?p a tip:PolicyInstrument ; prov:wasDerivedFrom {appendix(3)} ;
                 tip:durationYears ?years ; tip:country/tip:iso3166Alpha3 ?code .
              FILTER NOT EXISTS {{ ?p tip:instrumentType {policy} }} }}"""
    )
    return dict(found)


def test_appendix_3_plan_durations_give_section_b_average_and_mode(select):
    """Section B (l. 818-822): average 3.4 years, mode 4, Honduras 6 longest, Guyana 1."""
    years = non_policy_durations(select)
    assert len(years) == 21
    assert round(sum(years.values()) / len(years), 1) == 3.4
    assert Counter(years.values()).most_common(1)[0][0] == 4
    assert max(years, key=years.get) == "HND" and years["HND"] == 6
    assert min(years, key=years.get) == "GUY" and years["GUY"] == 1


def test_appendix_3_stated_durations_match_periods(select):
    found = select(
        f"""SELECT ?start ?end ?years ?stated WHERE {{
              ?p prov:wasDerivedFrom {appendix(3)} ; tip:periodStart ?start ;
                 tip:periodEnd ?end ; tip:durationYears ?years ; tip:statedDuration ?stated }}"""
    )
    # 28 rows less the four without a period: Brazil's policy, Ecuador, Peru's policy and
    # El Salvador's policy print one year or none.
    assert len(found) == 24
    for start, end, years, stated in found:
        assert int(str(end)) - int(str(start)) == years == int(stated)


@pytest.mark.parametrize(
    ("policy", "start", "end", "years"),
    [("BOL-2013-2017", "2013", "2017", 4), ("GTM-2014-2024", "2014", "2024", 10),
     ("PRY-2010-2019", "2010", "2019", 9)],
)  # fmt: skip
def test_appendix_3_agrees_with_table_1(select, policy, start, end, years):
    found = select(
        f"""SELECT ?s ?e ?y WHERE {{ {node("policy/" + policy)} tip:periodStart ?s ;
              tip:periodEnd ?e ; tip:durationYears ?y ;
              tip:instrumentType {concept("instrument-type/policy")} ;
              prov:wasDerivedFrom <{SRC}table/1> }}"""
    )
    assert [(str(s), str(e), y) for s, e, y in found] == [(start, end, years)]


@pytest.mark.parametrize(("policy", "year"), [("ECU-2006", "2006"), ("SLV-2012", "2012"),
                                               ("PER-2015", "2015")])  # fmt: skip
def test_appendix_3_single_years_stay_single(select, policy, year):
    subject = node("policy/" + policy)
    assert {str(y) for y in values(select, subject, "tip:year")} == {year}
    assert not values(select, subject, "tip:periodStart")
    assert not values(select, subject, "tip:periodEnd")


def test_appendix_3_kinds_section_b_names(select):
    """Section B (l. 794-800): Colombia a strategy, Mexico a program, Suriname a roadmap."""
    found = select(
        f"""SELECT ?code ?kind WHERE {{ ?p prov:wasDerivedFrom {appendix(3)} ;
              tip:country/tip:iso3166Alpha3 ?code ; tip:instrumentType ?kind .
              VALUES ?code {{ "COL" "MEX" "SUR" }} }}"""
    )
    assert {(c, k.rsplit("/", 1)[1]) for c, k in found} == {
        ("COL", "strategy"), ("MEX", "programme"), ("SUR", "roadmap")}  # fmt: skip


# --- Appendix 4: policies and plans available online ------------------------------------

APPENDIX_4_COUNTRIES = {"BOL", "BRA", "CAN", "CHL", "COL", "USA", "GTM", "GUY", "MEX", "PER"}


def test_appendix_4_has_12_rows_in_10_countries(select):
    found = select(
        f"""SELECT ?p ?code WHERE {{ ?p a tip:PolicyInstrument ;
              prov:wasDerivedFrom {appendix(4)} ; tip:availableOnline true ;
              tip:url ?url ; tip:country/tip:iso3166Alpha3 ?code }} GROUP BY ?p ?code"""
    )
    assert_table(found, 12, APPENDIX_4_COUNTRIES)


def test_appendix_4_reuses_appendix_3_instruments(select):
    found = select(
        f"""SELECT ?p WHERE {{ ?p tip:availableOnline true ;
              prov:wasDerivedFrom {appendix(4)} , {appendix(3)} }}"""
    )
    assert {p.rsplit("/", 1)[1] for (p,) in found} == {
        "BOL-2013-2017", "BOL-2015-2019", "BRA-national-policy", "CAN-2012-2016",
        "CHL-2015-2018", "COL-2016-2018", "GUY-2017-2018", "MEX-2014-2018", "PER-2015",
    }  # fmt: skip


def test_appendix_4_agrees_with_section_b_counts(select):
    """Section B: 3 national policies found online (l. 853), 8 plans or similar (l. 862)."""
    found = select(
        f"""SELECT ?p (SAMPLE(?kind) AS ?k) (COUNT(?a3) AS ?in3) WHERE {{
              ?p tip:availableOnline true ; prov:wasDerivedFrom {appendix(4)} ;
                 tip:instrumentType ?kind .
              OPTIONAL {{ ?p prov:wasDerivedFrom ?a3 FILTER(?a3 = {appendix(3)}) }} }}
           GROUP BY ?p"""
    )
    policies = {p for p, k, in3 in found if k.endswith("/policy") and in3}
    plans = {p for p, k, _ in found if not k.endswith("/policy")}
    assert len(policies) == 3
    assert len(plans) == 8


@pytest.mark.parametrize(
    ("policy", "url"),
    [("MEX-2014-2018", "http://bit.ly/1jbPsbS"), ("USA-2017-national-strategy",
      "http://bit.ly/2t8In9c"), ("PER-2017-2021", "http://bit.ly/2tamXXU")],
)  # fmt: skip
def test_appendix_4_links(select, policy, url):
    assert url in values(select, node("policy/" + policy), "tip:url")


# --- Appendix 5: diagnostic assessments -------------------------------------------------


def test_appendix_5_has_7_entries(select):
    found = rows(select, "tip:DiagnosticAssessment", 5)
    assert_table(found, 7, {"ARG", "BOL", "BRA", "MEX", "PER", "USA"})


def scope_codes(select, scope: str) -> set[str]:
    found = select(
        f"""SELECT ?code WHERE {{ ?a a tip:DiagnosticAssessment ;
              tip:scope {concept("scope/" + scope)} ; tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    return {code for (code,) in found}


def test_appendix_5_scopes_follow_section_c(select):
    """Section C (l. 1097-1101): three national, one sub-national, one sub-regional."""
    assert scope_codes(select, "national") == {"ARG", "BOL", "MEX"}
    assert scope_codes(select, "subnational") == {"PER"}
    mercosur = select(
        f"""SELECT ?a ?cited WHERE {{ ?a a tip:DiagnosticAssessment ;
              tip:scope {concept("scope/supranational")} , {concept("scope/subregional")} ;
              tip:citedBy/tip:iso3166Alpha3 ?cited ; tip:year ?y .
              FILTER NOT EXISTS {{ ?a tip:country ?c }} }}"""
    )
    assert [(a.rsplit("/", 1)[1], c) for a, c in mercosur] == [
        ("mercosur-2012-diagnostico-regional", "URY")]  # fmt: skip


def test_appendix_5_bolivian_link_stays_with_bolivia(select):
    link = "http://vjdf.justicia.gob.bo/images/cargados/files/analisis-trata.pdf"
    found = select(
        f"""SELECT ?code WHERE {{ ?a tip:url <{link}> ; tip:country/tip:iso3166Alpha3 ?code }}"""
    )
    assert found == [("BOL",)]
    assert not values(select, node("assessment/BRA-2014-enafron"), "tip:url")


def test_appendix_5_argentina_authors(select):
    found = select(
        f"""SELECT ?acronym WHERE {{ {node("assessment/ARG-2012-trata-sexual")}
              tip:author/tip:acronym ?acronym ; tip:year ?y . FILTER(STR(?y) = "2012") }}"""
    )
    assert {a for (a,) in found} == {"UFASE", "INECIP"}


# --- Appendix 6: laws characterising the crime ------------------------------------------

# Every country that replied; the crime is characterised in all 33 (Section D, l. 1115).
APPENDIX_6_COUNTRIES = APPENDIX_1_COUNTRIES | {"DMA", "GRD", "KNA", "VEN"}


def appendix_6_rows(select) -> list[tuple[str, str, int]]:
    """The table's rows: instruments printed in lines 3423-3527 that characterise the crime."""
    found = select(
        f"""SELECT ?law ?code ?year WHERE {{
              ?law a tip:LegalInstrument ; prov:wasDerivedFrom {appendix(6)} ;
                   tip:criminalizes/tip:iso3166Alpha3 ?code ; tip:year ?year ;
                   tip:sourceLine ?line . FILTER(?line >= 3423 && ?line <= 3527) }}"""
    )
    return [(law, code, int(str(year))) for law, code, year in found]


def test_appendix_6_has_33_rows_in_33_countries(select):
    found = appendix_6_rows(select)
    assert len(found) == 33
    assert {code for _, code, _ in found} == APPENDIX_6_COUNTRIES
    assert len(APPENDIX_6_COUNTRIES) == 33


def test_appendix_6_years_agree_with_section_d(select):
    """Section D (l. 1174-1179): 25 countries in 2006-2015, the US in 2000, the latest 2016."""
    years = {code: year for _, code, year in appendix_6_rows(select)}
    assert sum(2006 <= y <= 2015 for y in years.values()) == 25
    assert min(years, key=years.get) == "USA" and years["USA"] == 2000
    assert {c for c, y in years.items() if y == max(years.values())} == {"BRB", "BRA"}
    assert max(years.values()) == 2016


def test_appendix_6_is_in_order_of_year(select):
    found = select(
        f"""SELECT ?line ?year WHERE {{ ?law tip:criminalizes ?c ;
              prov:wasDerivedFrom {appendix(6)} ; tip:sourceLine ?line ; tip:year ?year .
              FILTER(?line >= 3423 && ?line <= 3527) }} ORDER BY ?line"""
    )
    years = [int(str(year)) for _, year in found]
    assert years == sorted(years)


def test_appendix_6_paths_follow_section_d(select):
    """Diagram 11: criminal code in Canada, Ecuador, Suriname; Chile's only an amending law."""
    by_kind: dict[str, set[str]] = {}
    for law, code, _ in appendix_6_rows(select):
        for kind in values(select, f"<{law}>", "tip:instrumentType"):
            by_kind.setdefault(kind.rsplit("/", 1)[1], set()).add(code)
    assert by_kind["criminal-code"] == {"CAN", "ECU", "SUR"}
    # Chile, and the amending laws of Table 2 that Appendix 6 prints for El Salvador and
    # Paraguay; the 26 comprehensive-law countries plus Peru's Law 28.950 (Table 2).
    assert by_kind["criminal-code-amendment-law"] == {"CHL", "SLV", "PRY"}
    assert len(by_kind["comprehensive-law"]) == 27


@pytest.mark.parametrize(
    ("law", "number", "year"),
    [("ARG-2008-26364", "26.364", "2008"), ("HTI-2014-cl-2014-0010", "CL/2014-0010", "2014"),
     ("DOM-2003-137-03", "137-03", "2003"), ("CHL-2011-20507", "20.507", "2011")],
)  # fmt: skip
def test_appendix_6_numbers_and_years(select, law, number, year):
    subject = node("law/" + law)
    assert number in values(select, subject, "tip:instrumentNumber")
    assert {str(y) for y in values(select, subject, "tip:year")} == {year}


@pytest.mark.parametrize(
    ("law", "prop", "target"),
    [
        ("ARG-2012-26842", "tip:amends", "ARG-2008-26364"),  # footnote 77
        ("SUR-2015-criminal-code-art-307-amendment", "tip:amends",
         "SUR-2006-criminal-code-art-307"),  # footnote 75
        ("PER-2014-30251", "tip:relatedTo", "PER-2007-28950"),  # footnote 76
        ("CAN-2005-criminal-code-279-01", "tip:relatedTo",
         "CAN-immigration-and-refugee-protection-act"),  # footnote 74
        ("BOL-2012-3325", "tip:amends", "BOL-1997-1768"),
    ],
)  # fmt: skip
def test_appendix_6_footnote_links(select, law, prop, target):
    assert ID + "law/" + target in values(select, node("law/" + law), prop)


def test_appendix_6_venezuela_earlier_laws(select):
    """Footnote 78: laws of 2000 and 2007 before the organic law of 2012."""
    found = select(
        f"""SELECT ?year WHERE {{
              {node("law/VEN-2012-ley-organica-contra-la-delincuencia-organizada")}
              tip:relatedTo/tip:year ?year }}"""
    )
    assert {str(y) for (y,) in found} == {"2000", "2007"}


# --- Discrepancies and provenance -------------------------------------------------------

DISCREPANCIES = {
    "appendix-01/BRA-body-name", "appendix-01/body-count",
    "appendix-02/website-count", "appendix-02/links-shared-with-appendix-04",
    "appendix-03/country-counts", "appendix-03/PRY-plan", "appendix-03/USA-instrument",
    "appendix-03/instrument-kinds",
    "appendix-04/CAN-plan-name", "appendix-04/COL-strategy-name",
    "appendix-04/GTM-policy-period", "appendix-04/PER-plan",
    "appendix-05/BRA-link-copied", "appendix-05/count", "appendix-05/PER-acronym",
    "appendix-06/SLV-year", "appendix-06/BOL-law", "appendix-06/amending-law-descriptions",
}  # fmt: skip


def test_discrepancies_are_complete(own):
    assert_discrepancies(own, DISCREPANCIES, ID + "discrepancy/")
    assert_provenance(own)


def test_every_node_has_provenance_and_a_type(own, graph):
    """Every node the files create says where it comes from; every node they cite exists."""
    countries = ID + "country/"
    created = {s for s in own.subjects() if str(s).startswith(ID)}
    cited = {o for o in own.objects() if isinstance(o, URIRef) and str(o).startswith(ID)}
    for subject in created | cited:
        if str(subject).startswith(countries):
            assert (subject, RDF.type, TIP.Country) in graph, subject
            continue
        described = own if subject in created else graph
        assert (subject, PROV.wasDerivedFrom, None) in described, subject
        assert (subject, RDF.type, None) in described, subject


def test_cited_report_parts_exist(own, graph):
    parts = {o for o in own.objects() if isinstance(o, URIRef) and str(o).startswith(SRC)}
    assert parts
    for part in parts:
        assert (part, RDF.type, None) in graph, part


def test_one_country_per_node(select):
    found = select(
        """SELECT ?x WHERE { ?x tip:country ?a , ?b . FILTER(?a != ?b)
              FILTER(STRSTARTS(STR(?x), "https://w3id.org/tipgraph/id/"))
              FILTER NOT EXISTS { ?x a tip:ReportedFigure } }"""
    )
    assert found == []


# --- The report's text -------------------------------------------------------------------


def test_urls_are_printed_in_the_report(own, source_lines):
    """Every address is in the text as printed; wrapped addresses are rejoined."""
    text = re.sub(r"\s*\n\s*", "", "\n".join(source_lines))
    urls = set(own.objects(None, TIP.url))
    # 15 addresses in Appendix 2, 12 links in Appendix 4 (3 of them also in Appendix 2),
    # 7 in Appendix 5 (Brazil's is Bolivia's), 3 more from footnotes 19 and 20.
    assert len(urls) == 15 + 12 - 3 + 7 - 1 + 3
    for url in urls:
        assert str(url) in text, url


# Nodes whose label the appendix does not print at their line, each for a stated reason.
NOT_PRINTED_AT_LINE = {
    ID + "body/BRA-conatrap",  # the row prints Bolivia's name: see BRA-body-name
    ID + "law/SUR-2015-criminal-code-art-307-amendment",  # footnote 75 names no act
}


def test_names_are_printed_at_their_lines(own, source_lines):
    """Each node's label (or alternative label) starts as the text at its line prints it."""
    checked = 0
    for subject, line in own.subject_objects(TIP.sourceLine):
        if str(subject) in NOT_PRINTED_AT_LINE or line.toPython() not in APPENDIX_LINES:
            continue
        if (subject, RDF.type, TIP.Discrepancy) in own or (subject, RDF.type, TIP.Reading) in own:
            continue
        n = line.toPython()
        window = squash(" ".join(source_lines[n - 2 : n + 3]))
        names = [*own.objects(subject, RDFS.label), *own.objects(subject, SKOS.altLabel),
                 *own.objects(subject, URIRef("http://www.w3.org/2008/05/skos-xl#literalForm"))]
        assert any(squash(str(name))[:20] in window for name in names), (subject, n)
        checked += 1
    assert checked > 150
