"""Check the report and its parts against the report's own headings, captions and numbering."""

from __future__ import annotations

import re

import pytest

REPORT = "https://w3id.org/tipgraph/source/oas-tip-2018"
SRC = REPORT + "/"

# kind, class, how many the report numbers
NUMBERED = [
    ("appendix", "tip:Appendix", 13),
    ("table", "tip:Table", 3),
    ("diagram", "tip:Diagram", 28),
    ("figure", "tip:Figure", 16),
    ("footnote", "tip:Footnote", 82),
]

SECTIONS = [
    ("A", "National Authority"),
    ("B", "Laws, Policies, and Plans"),
    ("C", "Distinctive Features (legal characterization) of the Crime"),
    ("D", "Combating and Punishing the Crime"),
    ("E", "Victim Assistance and Protection"),
    ("F", "Information Systems"),
    ("G", "Gender Perspective"),
]

# part, caption exactly as printed (joined across the extraction's line breaks)
CAPTIONS = [
    ("table/1", "Dates/periods for which reported National Policies are/were in effect"),
    ("table/2", "Countries with “mixed” legislative characterizations"),
    ("diagram/4", "Spheres of action"),
    ("diagram/12", "Types of Investigative Strategies/Procedures"),
    ("diagram/24", "Variables to describe women victims, by country."),
    ("diagram/28", "Capacities of shelters for women victims of trafficking"),
    ("figure/1", "Management"),
    (
        "figure/10",
        "Legal definition of trafficking in persons as an offense, by year and by country",
    ),
    ("figure/16", "Information System Models"),
    (
        "appendix/9",
        "Information Resource: Directory of Dedicated Phone Lines for Trafficking in Persons",
    ),
    ("appendix/13", "Information Resource: Statistical Reports on Trafficking in Persons"),
]

# Where each diagram and figure sits: (section, first, last number)
PLACEMENT = {
    "diagram": [("A", 1, 7), ("B", 8, 8), ("C", 9, 10), ("D", 11, 14), ("E", 15, 15),
                ("F", 16, 16), ("G", 17, 28)],
    "figure": [("A", 1, 5), ("B", 6, 7), ("C", 8, 8), ("D", 9, 12), ("E", 13, 15),
               ("F", 16, 16)],
    "table": [("B", 1, 1), ("D", 2, 2), ("F", 3, 3)],
}  # fmt: skip

CITED_QUESTIONS = [18, 19, 22, 25, 26, 27, 32, 38, 39, 41, 43, 45]


def one(select, query: str):
    rows = select(query)
    assert len(rows) == 1, rows
    return rows[0]


def test_report(select):
    title, issued, publisher, language = one(
        select,
        f"""SELECT ?title ?issued ?pubname ?lang WHERE {{
              <{REPORT}> a tip:Report ; dcterms:title ?title ; dcterms:issued ?issued ;
                  dcterms:publisher ?pub ; dcterms:language ?lang .
              ?pub a tip:InternationalOrganization ; skos:prefLabel ?pubname .
              FILTER(LANG(?pubname) = "en") }}""",
    )
    assert title == (
        "PROGRESS REPORT ::: II Work Plan Against Trafficking in Persons "
        "in the Western Hemisphere 2015-2018"
    )
    assert str(issued).startswith("2018")
    assert publisher == "Organization of American States"
    assert language == "http://id.loc.gov/vocabulary/iso639-1/en"


def test_publisher_names(select):
    rows = select(
        """SELECT ?name WHERE {
             <https://w3id.org/tipgraph/id/institution/OAS> skos:prefLabel ?name }"""
    )
    assert {r[0] for r in rows} == {
        "Organization of American States",
        "Organización de los Estados Americanos",
    }


def test_preparing_units(select):
    rows = select(
        f"""SELECT ?name ?parent WHERE {{
              <{REPORT}> dcterms:creator ?u . ?u rdfs:label ?name .
              OPTIONAL {{ ?u org:unitOf/rdfs:label ?parent }} }}"""
    )
    assert set(rows) == {
        ("Secretariat for Multidimensional Security", "Organization of American States"),
        ("Department of Public Security", "Secretariat for Multidimensional Security"),
        ("Information and Knowledge Section", "Secretariat for Multidimensional Security"),
    }


def test_title_is_the_printed_running_head(select, source_lines):
    title, line = one(
        select, f"SELECT ?t ?l WHERE {{ <{REPORT}> dcterms:title ?t ; tip:sourceLine ?l }}"
    )
    assert source_lines[line - 1].strip() == title


def test_report_year_is_in_the_text(source_lines):
    text = re.sub(r"\s+", " ", " ".join(source_lines))
    # The final version followed the preliminary one presented in March 2018.
    assert "preliminary version circulated in March 2018" in text
    assert "This document was prepared by incorporating those changes" in text


@pytest.mark.parametrize(("kind", "cls", "count"), NUMBERED)
def test_numbered_parts_exist(select, kind, cls, count):
    rows = select(
        f"""SELECT ?n ?seq ?label WHERE {{
              ?p a {cls} ; tip:partNumber ?n ; tip:sequence ?seq ; rdfs:label ?label ;
                 dcterms:isPartOf ?whole ; tip:sourceLine ?line .
              FILTER(STRSTARTS(STR(?p), "{SRC}{kind}/")) }}"""
    )
    assert sorted(int(n) for n, _, _ in rows) == list(range(1, count + 1))
    noun = kind.capitalize()
    for n, seq, label in rows:
        assert label == f"{noun} {n}" or label.startswith(f"{noun} {n}: ")
        if kind != "appendix":
            assert seq == int(n)


def test_sections_exist(select):
    rows = select(
        f"""SELECT ?n ?title ?label ?seq WHERE {{
              ?s a tip:Section ; tip:partNumber ?n ; dcterms:title ?title ; rdfs:label ?label ;
                 tip:sequence ?seq ; dcterms:isPartOf <{REPORT}> . }} ORDER BY ?seq"""
    )
    assert [(n, t) for n, t, _, _ in rows] == SECTIONS
    assert all(label == f"Section {n}: {t}" for n, t, label, _ in rows)


def test_report_children_in_reading_order(select):
    rows = select(
        f"""SELECT ?p ?seq WHERE {{ ?p dcterms:isPartOf <{REPORT}> ; tip:sequence ?seq }}
            ORDER BY ?seq"""
    )
    order = [p.removeprefix(SRC) for p, _ in rows]
    assert order == [
        "section/summary",
        "section/introduction",
        "section/methodology",
        *(f"section/{s}" for s, _ in SECTIONS),
        "section/final-comments",
        *(f"appendix/{n}" for n in range(1, 14)),
    ]
    assert [seq for _, seq in rows] == list(range(1, 25))


@pytest.mark.parametrize(("part", "caption"), CAPTIONS)
def test_captions_as_printed(select, part, caption):
    (title,) = one(select, f"SELECT ?t WHERE {{ <{SRC}{part}> dcterms:title ?t }}")
    assert title == caption


def test_diagram_15_caption_is_spanish(graph):
    from rdflib import DCTERMS, URIRef

    (title,) = graph.objects(URIRef(SRC + "diagram/15"), DCTERMS.title)
    assert title.language == "es"
    assert str(title) == "Distribución de países según canales/instrumentos “alternativos”"


def test_table_3_has_no_invented_caption(select):
    rows = select(f"SELECT ?t WHERE {{ <{SRC}table/3> dcterms:title ?t }}")
    assert rows == []
    assert select(f"SELECT ?n WHERE {{ <{SRC}table/3> skos:note ?n }}")


@pytest.mark.parametrize("kind", sorted(PLACEMENT))
def test_placement_in_sections(select, kind):
    rows = select(
        f"""SELECT ?p ?s WHERE {{ ?p dcterms:isPartOf ?s .
              FILTER(STRSTARTS(STR(?p), "{SRC}{kind}/")) }}"""
    )
    found = {int(p.rsplit("/", 1)[1]): s.removeprefix(SRC + "section/") for p, s in rows}
    expected = {n: sec for sec, lo, hi in PLACEMENT[kind] for n in range(lo, hi + 1)}
    assert found == expected


@pytest.mark.parametrize(
    ("kind", "word"), [("table", "Table"), ("diagram", "Diagram"), ("figure", "Figure")]
)
def test_caption_lines_print_the_number(select, source_lines, kind, word):
    rows = select(
        f"""SELECT ?n ?line WHERE {{ ?p tip:partNumber ?n ; tip:sourceLine ?line .
              FILTER(STRSTARTS(STR(?p), "{SRC}{kind}/")) }}"""
    )
    for n, line in rows:
        assert re.match(rf"\s*{word} {n}\b", source_lines[line - 1]), (kind, n, line)


def test_appendix_lines_print_the_number(select, source_lines):
    rows = select(
        """SELECT ?n ?line WHERE {
             ?p a tip:Appendix ; tip:partNumber ?n ; tip:sourceLine ?line }"""
    )
    assert len(rows) == 13
    for n, line in rows:
        assert re.match(rf"\s*Appendix # ?{n} \|", source_lines[line - 1]), (n, line)


def test_footnote_lines_print_the_footnote(select, source_lines):
    rows = select(
        """SELECT ?n ?line WHERE { ?p a tip:Footnote ; tip:partNumber ?n ; tip:sourceLine ?line }"""
    )
    # The extraction shows footnote 22 with its local number and 82 misnumbered (see notes).
    printed = {"22": "2", "82": "83"}
    for n, line in rows:
        assert re.match(rf"{printed.get(n, n)}\s?\S", source_lines[line - 1]), (n, line)


def test_footnotes_in_sections_and_appendices(select):
    rows = select(
        """SELECT ?n ?whole WHERE { ?p a tip:Footnote ; tip:partNumber ?n ;
              dcterms:isPartOf ?whole . }"""
    )
    where = {int(n): w.removeprefix(SRC) for n, w in rows}
    assert where[1] == "section/introduction"
    assert where[21] == "section/C"
    assert where[61] == "section/G"
    assert where[72] == "section/G"
    assert {where[n] for n in range(73, 79)} == {"appendix/6"}
    assert where[82] == "appendix/9"


def test_footnote_82_discrepancy(select):
    rows = select(
        f"""SELECT ?adopted ?line WHERE {{
              ?d a tip:Discrepancy ; tip:concerns <{SRC}footnote/82> ; tip:resolution ?why ;
                 tip:reading ?r .
              ?r a tip:Reading ; tip:adopted ?adopted ; rdfs:comment ?c ;
                 prov:wasDerivedFrom <{SRC}appendix/9> ; tip:sourceLine ?line . }}"""
    )
    assert sorted(rows) == [(False, 3818), (True, 3797)]


def test_cited_questions(select, source_lines):
    rows = select(
        f"""SELECT ?n ?label ?line WHERE {{
              ?q a tip:QuestionnaireQuestion ; tip:partNumber ?n ; rdfs:label ?label ;
                 tip:sequence ?seq ; tip:sourceLine ?line ;
                 dcterms:isPartOf <{SRC}questionnaire> . }}"""
    )
    assert sorted(int(n) for n, _, _ in rows) == CITED_QUESTIONS
    for n, label, line in rows:
        assert label == f"Questionnaire question {n}"
        assert re.search(rf"\b{n}\b", source_lines[line - 1]), (n, line)


def test_every_question_the_text_cites_is_a_part(source_lines):
    text = " ".join(source_lines)
    cited = set()
    # "Question 39", "Questions 25 and 32", "questions 19 (...), 38 (...), and 41 (...)"
    for m in re.finditer(r"[Qq]uestions?\s+((?:\d+(?:\s\([^)]*\))?(?:,?\s+and\s+|,\s+)?)+)", text):
        cited |= {int(n) for n in re.findall(r"\d+", re.sub(r"\([^)]*\)", "", m.group(1)))}
    assert cited == set(CITED_QUESTIONS)


def test_question_22_is_quoted(select):
    (desc,) = one(select, f"SELECT ?d WHERE {{ <{SRC}question/22> dcterms:description ?d }}")
    assert desc == (
        "“What type of legal instrument was used in the country to criminalize and punish "
        "all forms of trafficking in persons?”"
    )


def test_questionnaire(select):
    count, issued, author = one(
        select,
        f"""SELECT ?count ?issued ?author WHERE {{
              <{SRC}questionnaire> schema:numberOfItems ?count ; dcterms:issued ?issued ;
                  tip:author/rdfs:label ?author . }}""",
    )
    assert (count, str(issued), author) == (51, "2016-10-20", "Department of Public Security")
    rows = select(
        f"""SELECT ?title WHERE {{ ?s dcterms:isPartOf <{SRC}questionnaire> ;
              dcterms:title ?title ; tip:sequence ?seq }} ORDER BY ?seq"""
    )
    assert [t for (t,) in rows] == [
        "National Authorities and Points of Contact",
        "Legislation, Policies, and Programs",
        "Advocacy",
        "Training",
        "Cooperation",
        "Information Systems",
        "Victim Protection and Assistance",
        "Best Practices in Preventing and Combating Trafficking in Persons",
    ]


def test_no_blank_nodes_in_report_file(project):
    from rdflib import BNode

    from tipgraph.load import parse_file

    g = parse_file(project.data_dir / "report.trig")
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_facts_cite_the_report(select):
    rows = select(
        """SELECT ?x WHERE { ?x a ?cls . ?cls rdfs:subClassOf* tip:Fact .
             FILTER(STRSTARTS(STR(?x), "https://w3id.org/tipgraph/id/unit/")
                 || STR(?x) = "https://w3id.org/tipgraph/id/institution/OAS")
             FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?part } }"""
    )
    assert rows == []


# --- Each statement in the graph of the part that prints it --------------------------------

# Where each section begins (its first line), to find the section that prints a line.
SECTION_STARTS = [(1, "summary"), (124, "introduction"), (178, "methodology"), (295, "A"),
                  (671, "B"), (884, "C"), (1112, "D"), (1472, "E"), (1876, "F"), (2340, "G"),
                  (2788, "final-comments"), (3079, None)]


def section_at(line: int) -> str | None:
    return [name for start, name in SECTION_STARTS if start <= line][-1]


def quads(dataset, query: str) -> list[tuple]:
    from tipgraph.namespaces import sparql_prologue

    return [tuple(v.toPython() for v in row) for row in dataset.query(sparql_prologue() + query)]


def test_section_starts_match_the_report_parts(select):
    rows = dict(select("""SELECT ?s ?line WHERE { ?s a tip:Section ; tip:sourceLine ?line }"""))
    for start, name in SECTION_STARTS[:-1]:
        assert rows[f"{SRC}section/{name}"] == start


def test_question_descriptions_sit_in_the_graph_of_the_section_that_prints_them(dataset):
    rows = quads(dataset, """SELECT ?g ?q ?line WHERE { GRAPH ?g { ?q dcterms:description ?d }
        GRAPH ?h { ?q a tip:QuestionnaireQuestion ; tip:sourceLine ?line } }""")
    assert len(rows) >= 10
    for graph, question, line in rows:
        assert graph == f"{SRC}section/{section_at(line)}", (question, line, graph)


def test_the_reports_own_graph_holds_no_dated_fact(dataset):
    rows = quads(dataset, f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{REPORT}> {{ ?s ?p ?o
        FILTER(isLiteral(?o) && DATATYPE(?o) IN (xsd:date, xsd:gYearMonth)) }} }}""")
    assert rows == []


def test_the_reports_own_graph_derives_nothing_from_a_part(dataset):
    """A node's prov:wasDerivedFrom a part sits in that part's graph, not the report's."""
    rows = quads(dataset, f"""SELECT ?s ?part WHERE {{ GRAPH <{REPORT}> {{
        ?s prov:wasDerivedFrom ?part }} }}""")
    assert rows == []


def test_questionnaire_dates_and_author(select):
    (issued, deadline, extended, until) = one(
        select,
        f"""SELECT ?i ?d ?e (STR(?u) AS ?until) WHERE {{ <{SRC}questionnaire> dcterms:issued ?i ;
              tip:deadline ?d ; tip:extendedDeadline ?e ; tip:repliesReceivedUntil ?u }}""",
    )
    assert (str(issued), str(deadline), str(extended), until) == (
        "2016-10-20", "2016-12-14", "2017-02-28", "2017-11")
