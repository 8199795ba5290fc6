"""Sections C and D, Appendices 7 and 8: facts as structure, checked against the report.

What these parts print is held as properties, not only in notes: every reported figure
names the category it counts, whether the report names its countries, and the countries
it names; typed dates; drafting, operating and parent institutions with their types;
printed names as SKOS-XL labels at their lines; each statement in the named graph of the
part that prints it (data/README.md, "Named graphs" and "Facts are properties").
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from helpers import CONCEPT, ID, SRC, squash
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from tipgraph.namespaces import TIP

OWN_FILES = ("section-c.trig", "section-d.trig", "appendix-07.trig", "appendix-08.trig")
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
FIG_C = f"{ID}figure/section-c/"
FIG_D = f"{ID}figure/section-d/"
NAMING = f"{CONCEPT}naming/"
# The parts of these files and the lines they print (report.trig and the report's text).
LINES = {"section/C": (884, 1111), "section/D": (1112, 1471), "appendix/7": (3551, 3700),
         "appendix/8": (3701, 3766)}
FOOTNOTE_LINES = {21: (930, 932), 22: (966, 971), 23: (1193, 1197), 24: (1199, 1201),
                  25: (1203, 1208), 26: (1210, 1211), 27: (1275, 1278), 28: (1280, 1280),
                  29: (1281, 1281), 30: (1282, 1286), 31: (1377, 1382), 32: (1384, 1389),
                  33: (1443, 1450), 79: (3698, 3698), 80: (3699, 3699), 81: (3700, 3700)}
ALIASES = {"USA": {"U.S.", "US"}, "MEX": {"México"}, "PER": {"Peruvian"}}


@pytest.fixture(scope="module")
def own_quads(project) -> Dataset:
    """The four files' graphs, as written (each triple in its named graph; the default
    graph their union)."""
    dataset = Dataset(default_union=True)
    for name in OWN_FILES:
        dataset.parse(project.data_dir / name, format="trig")
    return dataset


def in_graph(dataset: Dataset, part: str, triple) -> bool:
    return triple in dataset.graph(URIRef(SRC + part))


def codes_printed(source_lines, country_names, first: int, last: int,
                  start: str = "", end: str = "") -> set[str]:
    """The countries whose English name (or a form the report uses) is printed in the lines,
    from the words `start` to the words `end` when given."""
    text = squash(" ".join(source_lines[first - 1 : last]))
    text = text[text.index(start):] if start else text
    text = text[: text.index(end)] if end else text
    found = set()
    for code, names in country_names.items():
        for name in names.english | ALIASES.get(code, set()):
            # a footnote call may stick to a name ("Argentina9")
            if re.search(rf"(?<![\w.]){re.escape(name)}(?![A-Za-z])", text):
                found.add(code)
    return found


def figures_of(own_quads) -> set[URIRef]:
    return {f for f in own_quads.subjects(RDF.type, TIP.ReportedFigure)
            if str(f).startswith((FIG_C, FIG_D))}


def countries_of(own_quads, node) -> set[str]:
    return {str(c).rsplit("/", 1)[1] for c in own_quads.objects(node, TIP.country)}


# --- Reported figures: category, naming, named countries ---------------------------------


def test_every_figure_has_a_category_and_one_naming(own_quads):
    figures = figures_of(own_quads)
    assert len(figures) > 60
    for figure in figures:
        assert list(own_quads.objects(figure, TIP.category)), figure
        naming = list(own_quads.objects(figure, TIP.countriesNamed))
        assert len(naming) == 1 and str(naming[0]).startswith(NAMING), figure


def test_naming_agrees_with_the_countries_named(own_quads):
    """All named: one country per counted country; none named: no list of countries
    (a count of a country's regions or routes names that country only)."""
    for figure in figures_of(own_quads):
        naming = str(own_quads.value(figure, TIP.countriesNamed))[len(NAMING):]
        named = countries_of(own_quads, figure)
        value = int(own_quads.value(figure, TIP.statedValue))
        if naming == "none":
            assert len(named) <= 1, figure
        elif naming == "partly":
            assert 0 < len(named) < value, figure
        elif not str(figure).endswith(("-investigation-protocols", "-with-branches",
                                       "USA-specialised-units")):
            assert len(named) == value, figure


@pytest.mark.parametrize(("figure", "first", "last", "start", "end"), [
    # Section C: the four general-terms countries, the six origin-transit-destination
    # countries, Jamaica and Uruguay's three levels, the five more with internal routes,
    # the five that reported assessments (Peru as "the Peruvian Amazon").
    (FIG_C + "q19-general-terms", 915, 917, "The four countries", "For Mexico"),
    (FIG_C + "q41-origin-transit-destination", 1041, 1043, "Six countries", ""),
    (FIG_C + "diagram-10-all-three-levels", 1081, 1082, "", ""),
    (FIG_C + "diagram-10-additional-internal", 1086, 1087, "5 additional", ""),
    (FIG_C + "assessment-countries", 1098, 1101, "Three at", "made mention"),
    # Section D: Diagram 11's paths, Diagram 13's spheres, the multi-agency countries.
    (FIG_D + "diagram-11-criminal-code", 1136, 1137, "In 3 countries", "Chile"),
    (FIG_D + "diagram-11-both", 1141, 1142, "3 countries", ")"),
    (FIG_D + "diagram-13-police", 1357, 1364, "(15 countries)", "The second"),
    (FIG_D + "diagram-13-public-prosecutor", 1367, 1370, "10 countries", "In the"),
    (FIG_D + "diagram-13-judicial", 1370, 1371, "2 countries", "which"),
    (FIG_D + "multi-agency", 1409, 1410, "", "both stated"),
])
def test_named_countries_are_the_ones_printed(own_quads, source_lines, country_names,
                                              figure, first, last, start, end):
    named = countries_of(own_quads, URIRef(figure))
    printed = codes_printed(source_lines, country_names, first, last, start, end)
    assert named == printed
    value = int(own_quads.value(URIRef(figure), TIP.statedValue))
    assert len(named) == value


def test_twenty_one_unit_countries_are_the_union_of_the_sphere_lists(own_quads, source_lines,
                                                                      country_names):
    named = countries_of(own_quads, URIRef(FIG_D + "units-countries"))
    assert named == codes_printed(source_lines, country_names, 1357, 1372, "(15 countries)",
                                  "[Diagram 13") | \
        codes_printed(source_lines, country_names, 1409, 1410, "", "both stated")
    assert len(named) == 21 and "21 countries" in source_lines[1352]


def test_at_least_bounds_are_values(own_quads, source_lines):
    figure = URIRef(FIG_D + "figure-12-countries-with-protocols")
    assert own_quads.value(figure, TIP.atLeast) == Literal(6)
    assert "at least 6 countries" in squash(" ".join(source_lines[1426:1428]))
    for code in ("ARG", "PRY"):
        assert own_quads.value(URIRef(f"{FIG_D}{code}-investigation-protocols"),
                               TIP.atLeast) == Literal(2)
    assert "at least two were identified" in source_lines[1431]


# --- Dates and relations out of the notes -------------------------------------------------


def printed_date(text: str) -> str:
    return datetime.strptime(text, "%B %d, %Y").date().isoformat()


def test_footnote_23_dates_are_typed_in_its_graph(dataset, source_lines):
    text = squash(" ".join(source_lines[1192:1197]))
    adopted = re.findall(r"adopted on (\w+ \d+, \d{4})", text)
    published = re.findall(r"Official Gazette on (\w+ \d+, \d{4})", text)
    assert len(adopted) == len(published) == 2
    for law, accepted, issued in zip(("SLV-2004-210", "SLV-2004-457"), adopted, published):
        subject = URIRef(f"{ID}law/{law}")
        for prop, value in ((DCTERMS.dateAccepted, accepted), (DCTERMS.issued, issued)):
            triple = (subject, prop, Literal(printed_date(value), datatype=URIRef(
                "http://www.w3.org/2001/XMLSchema#date")))
            assert in_graph(dataset, "footnote/23", triple), (law, prop)
            assert not in_graph(dataset, "section/D", triple)
            assert not in_graph(dataset, "appendix/6", triple)


def test_aiamp_protocol_adopted_in_november_2017(dataset, source_lines):
    assert "in November 2017" in source_lines[1456]
    triple = (URIRef(f"{ID}protocol/AIAMP-2017-inter-institutional-cooperation"),
              DCTERMS.dateAccepted,
              Literal("2017-11", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")))
    assert in_graph(dataset, "section/D", triple)


def test_coordination_team_launched_in_2011_by_three_departments(dataset, source_lines):
    assert "launched in 2011 by the Department of Justice" in squash(
        " ".join(source_lines[1411:1413]))
    team = URIRef(f"{ID}unit/USA-acteams")
    creators = set(dataset.graph(URIRef(SRC + "section/D")).objects(team, DCTERMS.creator))
    assert {str(c).rsplit("/", 1)[1] for c in creators} == {
        "USA-department-of-justice", "USA-dhs", "USA-dol"}
    assert not list(dataset.graph(URIRef(SRC + "appendix/7")).objects(team, DCTERMS.creator))
    assert not list(dataset.graph(URIRef(SRC + "appendix/7")).objects(team, TIP.year))


def test_units_report_to_and_belong_to_their_parents(select, source_lines):
    assert "headed by the Investigations" in source_lines[1383]
    assert "dependent" in squash(" ".join(source_lines[1035:1037]))
    rows = set(select(
        f"""SELECT ?unit ?boss WHERE {{ ?unit <http://www.w3.org/ns/org#reportsTo> ?boss .
              VALUES ?unit {{ <{ID}unit/MEX-national-unit-to-combat-trafficking>
                              <{ID}institution/DOM-cestur> }} }}"""))
    assert {(str(u).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1]) for u, b in rows} == {
        ("MEX-national-unit-to-combat-trafficking", "MEX-federal-police-investigations-division"),
        ("DOM-cestur", "DOM-ministry-of-defense"),
    }
    parent = select(f"""SELECT ?p WHERE {{
        <{ID}institution/MEX-federal-police-investigations-division> tip:anchoredIn ?p }}""")
    assert [str(p).rsplit("/", 1)[1] for (p,) in parent] == ["MEX-federal-police"]


@pytest.mark.parametrize(("area", "line", "codes"), [
    ("GUY-cayuni-mazaruni", 986, {"BRA"}),
    ("GUY-barima-waini", 988, {"VEN"}),
    ("BOL-border-crossing-points", 998, {"ARG", "BRA", "PRY"}),
])
def test_borders_are_links_to_the_printed_countries(select, source_lines, country_names,
                                                    area, line, codes):
    assert codes_printed(source_lines, country_names, line - 1, line + 1) >= codes
    rows = select(f"SELECT ?c WHERE {{ <{ID}area/{area}> tip:borderWith ?c }}")
    assert {str(c).rsplit("/", 1)[1] for (c,) in rows} == codes


def test_findings_say_what_links_them(own_quads):
    """No finding of these parts is linked to a law, protocol, unit, area, assessment or
    institution by the bare tip:relatedTo: the report says what the relation is."""
    for finding in own_quads.subjects(RDF.type, TIP.Finding):
        assert not list(own_quads.objects(finding, TIP.relatedTo)), finding


def test_drafters_operators_coordinators_and_parents_are_typed(own_quads, graph):
    props = (TIP.author, TIP.operatedBy, TIP.coordinatedBy, TIP.parentInstitution,
             TIP.anchoredIn, URIRef("http://www.w3.org/ns/org#reportsTo"))
    who = {o for p in props for o in own_quads.objects(None, p)
           if str(o).startswith(ID) and "/country/" not in str(o)}
    assert len(who) > 30
    untyped = sorted(str(w) for w in who if (w, TIP.institutionType, None) not in graph)
    assert untyped == []


def test_diagram_14_types_each_drafter_in_its_graph(dataset):
    graph = dataset.graph(URIRef(SRC + "diagram/14"))
    drafters = {f"{ID}institution/COL-ministry-of-the-interior": "ministry-of-interior",
                f"{ID}institution/URY-ministerio-interior": "ministry-of-interior",
                f"{ID}institution/ARG-office-of-the-procurator-general": "attorney-general",
                f"{ID}institution/PRY-ministerio-publico": "attorney-general",
                f"{ID}body/CHL-intersectoral-round-table": "inter-agency-body",
                f"{ID}body/JAM-national-task-force": "inter-agency-body"}
    for drafter, kind in drafters.items():
        assert (URIRef(drafter), TIP.institutionType,
                URIRef(f"{CONCEPT}institution-type/{kind}")) in graph, drafter


# --- Named graphs -------------------------------------------------------------------------


def test_each_derivation_sits_in_the_graph_of_its_part(own_quads):
    """A node's prov:wasDerivedFrom a part is stated in that part's graph."""
    wrong = sorted((str(s), str(part), str(g)) for s, _, part, g
                   in own_quads.quads((None, PROV.wasDerivedFrom, None, None))
                   if part != g)
    assert wrong == []


def test_footnote_only_nodes_are_not_in_the_sections_graph(dataset):
    section_d = dataset.graph(URIRef(SRC + "section/D"))
    appendix_7 = dataset.graph(URIRef(SRC + "appendix/7"))
    for node, footnote in (("unit/ARG-federal-police-trafficking-division", 31),
                           ("unit/MEX-national-unit-to-combat-trafficking", 32),
                           ("protocol/ARG-2016-victim-testimony", 33),
                           ("law/SLV-2004-457", 23)):
        subject = URIRef(ID + node)
        assert (subject, RDF.type, None) in dataset.graph(URIRef(f"{SRC}footnote/{footnote}")) \
            or (subject, PROV.wasDerivedFrom, URIRef(f"{SRC}footnote/{footnote}")) in \
            dataset.graph(URIRef(f"{SRC}footnote/{footnote}"))
        assert (subject, RDF.type, None) not in section_d, node
    fevimtra = URIRef(f"{ID}institution/MEX-fevimtra")
    assert (fevimtra, RDF.type, TIP.SpecializedUnit) in dataset.graph(URIRef(SRC + "footnote/79"))
    assert (fevimtra, None, None) not in appendix_7
    offices = URIRef(f"{ID}unit/PER-prosecutor-offices")
    assert list(dataset.graph(URIRef(SRC + "footnote/81")).objects(offices, TIP.location))
    assert not list(appendix_7.objects(offices, TIP.location))


def test_diagram_13_graph_holds_its_sphere_findings(dataset, source_lines, country_names):
    graph = dataset.graph(URIRef(SRC + "diagram/13"))
    police = {str(graph.value(f, TIP.country)).rsplit("/", 1)[1]
              for f in graph.subjects(TIP.value, URIRef(f"{CONCEPT}sphere/police"))}
    assert police == codes_printed(source_lines, country_names, 1357, 1364, "(15 countries)",
                                   "The second")
    # the section's words stay in the section's graph
    assert not list(graph.objects(None, TIP.note))


def test_appendix_graphs_hold_no_words_of_section_d(dataset):
    for part in ("appendix/7", "appendix/8"):
        notes = [str(n) for n in dataset.graph(URIRef(SRC + part)).objects(None, TIP.note)]
        assert not [n for n in notes if re.search(r"Section D \(lines? [\d-]+\):", n)], part


# --- Printed names ------------------------------------------------------------------------


def part_at(line: int) -> str:
    for number, (first, last) in FOOTNOTE_LINES.items():
        if first <= line <= last:
            return f"footnote/{number}"
    for part, (first, last) in LINES.items():
        if first <= line <= last:
            return part
    raise AssertionError(line)


def test_labels_are_printed_at_their_line_in_their_parts_graph(own_quads, source_lines):
    labels = list(own_quads.subjects(RDF.type, URIRef(SKOSXL + "Label")))
    assert len(labels) > 120
    for label in labels:
        form = str(own_quads.value(label, URIRef(SKOSXL + "literalForm")))
        line = int(own_quads.value(label, TIP.sourceLine))
        text = squash(" ".join(source_lines[line - 1 : line + 10]))
        pattern = re.escape(" ".join(form.split())).replace(r"\ ", r"\s?").replace(r"\-", r"-\s?")
        assert re.search(pattern, text), (label, form, line)
        part = URIRef(SRC + part_at(line))
        for _, _, _, g in own_quads.quads((label, RDF.type, None, None)):
            assert g == part, (label, g)
        owners = list(own_quads.subjects(URIRef(SKOSXL + "altLabel"), label))
        assert len(owners) == 1, label


@pytest.mark.parametrize(("node", "form", "kind"), [
    ("unit/JAM-police-specialized-unit", "Specialized Unit if the Jamaican Police Force",
     "misspelling"),
    ("protocol/URY-2016-protocolo-violencia-genero",
     "Protocolo de investigación para delitos de violencia basad en género", "misspelling"),
    ("body/JAM-national-task-force", "Equipo de Tareas Nacional Contra el Tráfico de Personas",
     "untranslated"),
])
def test_misspelt_and_untranslated_forms_are_marked(select, node, form, kind):
    rows = select(f"""SELECT ?kind WHERE {{ <{ID}{node}> <{SKOSXL}altLabel> ?l .
        ?l <{SKOSXL}literalForm> ?form ; tip:printedForm ?kind .
        FILTER(STRSTARTS(STR(?form), "{form}")) }}""")
    assert {str(k).rsplit("/", 1)[1] for (k,) in rows} == {kind}


def test_one_display_label_per_language(own_quads):
    seen: dict = {}
    for s, _, o, _ in own_quads.quads((None, RDFS.label, None, None)):
        seen.setdefault((s, o.language), set()).add(str(o))
    assert sorted(k for k, v in seen.items() if len(v) > 1) == []
