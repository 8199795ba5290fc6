"""Sections F and G and Appendix 13: facts as structure, and each statement in the graph of
the part that prints it.

The checks read the expected values from the report's text (`source_lines`) where the
report prints them, and query the named graphs of the build (`tipgraph.build.load`).
"""

from __future__ import annotations

import re

import pytest
from helpers import CONCEPT, ID, SRC, squash, window
from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD, Namespace

from tipgraph.namespaces import TIP, sparql_prologue

SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FILES = ["section-f.trig", "section-g.trig", "appendix-13.trig"]
PARTS = re.compile(
    r"/(section/[FG]|appendix/13|table/3|figure/16|diagram/(1[6-9]|2[0-8])|footnote/(4[3-9]|5\d|6\d|7[0-2]))$"
)


def part(path: str) -> URIRef:
    return URIRef(SRC + path)


def node(path: str) -> URIRef:
    return URIRef(ID + path)


@pytest.fixture(scope="module")
def own_dataset(project) -> Dataset:
    """The three files alone, with their named graphs."""
    dataset = Dataset(default_union=True)
    for name in FILES:
        dataset.parse(project.data_dir / name, format="trig")
    return dataset


@pytest.fixture(scope="module")
def ask(graph):
    """Run an ASK on the union with the project's prefixes (and skosxl)."""

    def run(query: str) -> bool:
        prologue = sparql_prologue() + "PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>\n"
        return bool(graph.query(prologue + query).askAnswer)

    return run


def in_graph(dataset: Dataset, graph: str, triple) -> bool:
    return triple in dataset.graph(part(graph))


# --- 3. provenance per statement ------------------------------------------------------


def test_files_hold_only_their_parts_graphs(own_dataset):
    names = {str(g.identifier) for g in own_dataset.graphs() if len(g)}
    assert names and all(PARTS.search(n) for n in names), sorted(names)
    # the files print Table 3, Figure 16, Diagram 16, Diagrams 18-28, footnotes 43-72
    for path in ("table/3", "figure/16", "diagram/16", "diagram/21", "diagram/24", "diagram/27",
                 "footnote/51", "footnote/72"):
        assert SRC + path in names, path


def test_a_derivation_sits_in_the_graph_of_the_part_it_names(own_dataset):
    misplaced = [
        (str(s), str(p), str(g.identifier))
        for g in own_dataset.graphs()
        for s, p in g.subject_objects(PROV.wasDerivedFrom)
        if p != g.identifier
    ]
    assert misplaced == []


def test_table_3_cells_are_the_tables_not_the_sections(dataset, source_lines):
    jamaica = node("system/JAM-integrated-tip-information-system")
    # The table prints Jamaica's sources as "N/S" (Not specified), line 1963.
    assert "N/S" in source_lines[1963 - 1]
    assert in_graph(dataset, "table/3", (jamaica, TIP.unspecified, TIP.dataSource))
    for system in ("BHS-unnamed", "BLZ-famcare", "JAM-integrated-tip-information-system",
                   "MEX-national-information-system"):
        s = node("system/" + system)
        assert any(dataset.graph(part("table/3")).triples((s, TIP.design, None))), system
        assert not any(dataset.graph(part("section/F")).triples((s, TIP.design, None))), system


def test_footnote_facts_sit_in_the_footnotes_graph(dataset):
    federal = node("system/ARG-federal-criminal-information-system")
    law = node("law/ARG-2017-787-E")
    assert in_graph(dataset, "footnote/51", (federal, TIP.establishedBy, law))
    assert not in_graph(dataset, "section/F", (federal, TIP.establishedBy, law))
    url = URIRef("https://www.inei.gob.pe/media/MenuRecursivo/boletines/boletin_trata_de_personas.pdf")
    inei = node("report/PER-inei-denuncias-2011-2016")
    assert in_graph(dataset, "footnote/50", (inei, TIP.url, url))
    assert not in_graph(dataset, "appendix/13", (inei, TIP.url, url))
    for figure in ("CAN-victims-women-share", "GUY-victims-assisted-2016"):
        f = node("figure/section-g/" + figure)
        assert any(dataset.graph(part("footnote/72")).triples((f, TIP.statedValue, None)))


def test_appendix_13_graph_holds_what_the_table_prints(dataset):
    """The appendix prints country, title and link; who draws up each report is Section F's."""
    appendix = dataset.graph(part("appendix/13"))
    section = dataset.graph(part("section/F"))
    assert list(appendix.triples((None, TIP.author, None))) == []
    authored = {str(r).rsplit("/", 1)[1] for r, _ in section.subject_objects(TIP.author)
                if "/report/" in str(r)}
    assert {"USA-ucr-2016", "GTM-svet-estadistica", "ECU-delitoscopio-2013",
            "BRA-informe-nacional-2013", "CHL-informe-estadistico-2011-2017"} <= authored


def test_diagram_21_placements_are_the_diagrams(dataset):
    diagram = dataset.graph(part("diagram/21"))
    section = dataset.graph(part("section/G"))
    gtype = CONCEPT + "gender-body-type/"
    placed = {f for f, v in diagram.subject_objects(TIP.value) if str(v).startswith(gtype)}
    assert len(placed) == 20  # 19 countries, Brazil twice
    # the text names only Guatemala's type (line 2526)
    in_text = {str(f).rsplit("/", 1)[1] for f, v in section.subject_objects(TIP.value)
               if str(v).startswith(gtype)}
    assert in_text == {"GTM-gender-body-commission"}


# --- 2. every figure tied to its category, naming and named countries ------------------


def _my_figures(own_dataset):
    return sorted(set(own_dataset.subjects(RDF.type, TIP.ReportedFigure)))


def test_every_figure_has_a_category_and_a_naming(own_dataset, select):
    figures = _my_figures(own_dataset)
    assert len(figures) > 60
    missing = []
    for f in figures:
        rows = select(f"""SELECT ?c ?n WHERE {{ <{f}> tip:category ?c ; tip:countriesNamed ?n .
                               ?c skos:inScheme ?scheme . }}""")
        if len(rows) != 1:
            missing.append(str(f))
    assert missing == []


def test_named_countries_agree_with_the_naming(own_dataset, select):
    for f in _my_figures(own_dataset):
        (naming,), = select(f"SELECT ?n WHERE {{ <{f}> tip:countriesNamed ?n }}")
        countries = select(f"SELECT ?c WHERE {{ <{f}> tip:country ?c }}")
        naming = str(naming).rsplit("/", 1)[1]
        if naming == "none":
            assert countries == [], f
        elif naming == "partly":
            (value,), = select(f"SELECT ?v WHERE {{ <{f}> tip:statedValue ?v }}")
            assert 0 < len(countries) < value, f


def test_counted_figures_name_the_countries_they_count(own_dataset, select):
    """Where the graph can recount a figure (tip:counts), the report names every country."""
    for f in _my_figures(own_dataset):
        rows = select(f"SELECT ?n WHERE {{ <{f}> tip:counts ?c ; tip:countriesNamed ?n }}")
        if rows:
            assert str(rows[0][0]).endswith("/all") or f.endswith("model-3-countries"), f


def test_diagram_27_figures_chart_by_shelter_type(select, source_lines):
    rows = select(
        f"""SELECT ?label ?v WHERE {{ ?f a tip:ReportedFigure ;
              prov:wasDerivedFrom <{SRC}diagram/27> ; tip:statedValue ?v ;
              tip:category/skos:prefLabel ?label }}"""
    )
    got = {str(label): value for label, value in rows}
    text = squash(" ".join(source_lines[2730 - 1 : 2736]))
    assert "8 place them in lodgings next to women victims of other kinds of violence" in text
    assert "there are 10 countries that have houses/accommodation/shelters exclusively" in text
    assert "Three countries did not provide sufficient information" in text
    assert got == {
        "shared with women victims of other kinds of violence": 8,
        "exclusively for women victims of trafficking": 10,
        "insufficient information to classify": 3,
    }


def test_a_bound_is_a_value(select, source_lines):
    assert "at least four different" in source_lines[1878 - 1]
    rows = select(f"""SELECT ?n ?p WHERE {{ <{ID}figure/section-f/model-count> tip:atLeast ?n ;
                          tip:boundOf ?p }}""")
    assert rows == [(4, str(TIP.statedValue))]


# --- 1. facts out of notes: successors, dates, operators --------------------------------


def test_sistrata_is_replaced_by_the_federal_system(graph, ask, source_lines):
    old, new = node("system/ARG-sistrata"), node("system/ARG-federal-criminal-information-system")
    assert ask(f"ASK {{ <{old}> dcterms:isReplacedBy <{new}> . <{new}> dcterms:replaces <{old}> }}")
    assert not ask(f"ASK {{ ?s tip:relatedTo ?o FILTER(?s IN (<{old}>, <{new}>)) }}")
    years = {s: graph.value(s, TIP.year) for s in (old, new)}
    assert "in 2011, the Ministry" in window(source_lines, 2070, 0, 1)
    assert "Beginning in 2017, this system became" in window(source_lines, 2072, 0, 1)
    assert {str(years[old]), str(years[new])} == {"2011", "2017"}
    assert years[old].datatype == XSD.gYear


@pytest.mark.parametrize(
    ("subject", "prop", "value", "line", "printed"),
    [
        ("institution/ARG-inam", SCHEMA.foundingDate, "2017-09", 2563, "September 2017"),
        ("institution/ARG-national-womens-council", SCHEMA.dissolutionDate, "2017-09", 2563,
         "September 2017"),
        ("institution/CHL-sernameg", DCTERMS.modified, "2017-06", 2456, "June 2017"),
    ],
)
def test_month_dates_are_typed(graph, source_lines, subject, prop, value, line, printed):
    assert printed in source_lines[line - 1]
    values = set(graph.objects(node(subject), prop))
    assert values == {Literal(value, datatype=XSD.gYearMonth)}


def test_barbados_bureau_former_name_with_its_date(select, source_lines):
    prologue = "PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>\n"
    assert "In March 2016, the Bureau of Women’s Affairs" in source_lines[2515 - 1]
    rows = select(prologue + f"""SELECT ?form ?until WHERE {{
        <{ID}institution/BRB-bureau-of-gender-affairs> skosxl:hiddenLabel ?l .
        ?l skosxl:literalForm ?form ; schema:validThrough ?until }}""")
    assert [(str(f), str(u)) for f, u in rows] == [("Bureau of Women’s Affairs", "2016-03")]


def test_inam_replaces_the_national_womens_council(ask):
    assert ask(f"""ASK {{ <{ID}institution/ARG-inam> dcterms:replaces
                          <{ID}institution/ARG-national-womens-council> .
                        <{ID}institution/ARG-national-womens-council> org:memberOf
                          <{ID}body/ARG-federal-council> }}""")


def test_uruguay_round_table_chaired_and_coordinated_by_the_womens_institute(ask):
    body = f"<{ID}body/URY-inter-institutional-round-table>"
    inst = f"<{ID}institution/URY-national-womens-institute>"
    assert ask(f"ASK {{ {body} tip:chairedBy {inst} ; tip:coordinatedBy {inst} }}")


def test_chile_system_fed_by_the_five_institutions(select, source_lines):
    rows = select("PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>\n"
                  + f"""SELECT ?label WHERE {{
                         <{ID}system/CHL-executive-secretariat-statistics>
                         tip:dataProvider ?i .
                         ?i (rdfs:label|skosxl:altLabel/skosxl:literalForm) ?label }}""")
    text = window(source_lines, 2157, 3, 4)
    labels = {str(label) for (label,) in rows}
    for name in ("Carabineros de Chile", "Chilean Investigative Police",
                 "Public Prosecutors’ Office", "Victims Support Program",
                 "Department for Foreign Nationals and Migration"):
        assert name in text and name in labels, name


def test_operators_coordinators_and_providers_are_typed(own_dataset, ask):
    untyped = []
    for prop in (TIP.operatedBy, TIP.coordinatedBy, TIP.chairedBy, DCTERMS.creator, TIP.author):
        for _, institution in own_dataset.subject_objects(prop):
            ok = ask(f"ASK {{ <{institution}> tip:institutionType ?t }}")
            if not ok:
                untyped.append((str(prop), str(institution)))
    for _, provider in own_dataset.subject_objects(TIP.dataProvider):
        if ("/institution/" in str(provider)
                and not ask(f"ASK {{ <{provider}> tip:institutionType ?t }}")):
            untyped.append(("dataProvider", str(provider)))
    assert sorted(set(untyped)) == []


def test_related_to_only_where_the_report_names_no_relation(own_dataset):
    allowed = {node("system/PER-intertrata"), node("system/JAM-integrated-tip-information-system")}
    assert {s for s, _ in own_dataset.subject_objects(TIP.relatedTo)} <= allowed


# --- 5. printed names --------------------------------------------------------------------


def test_labels_are_printed_at_their_lines_in_their_parts_graph(own_dataset, source_lines):
    checked = 0
    for g in own_dataset.graphs():
        for label in g.subjects(RDF.type, SKOSXL.Label):
            form = squash(str(g.value(label, SKOSXL.literalForm)))
            line = g.value(label, TIP.sourceLine).toPython()
            assert g.value(label, PROV.wasDerivedFrom) == g.identifier, label
            text = window(source_lines, line, 1, 2).replace("- ", "-")
            assert form[:18] in text, (str(label), form, line)
            checked += 1
    assert checked > 40


def test_spanish_names_in_the_english_report_are_marked_untranslated(own_dataset):
    for g in own_dataset.graphs():
        for label, form in g.subject_objects(SKOSXL.literalForm):
            if form.language == "es" and len(str(form)) > 12:
                untranslated = URIRef(CONCEPT + "printed-form/untranslated")
                assert (label, TIP.printedForm, untranslated) in g, form
