"""Section B and Appendices 3-6 as structure: each statement in the graph of the part that
prints it, figures tied to what they count, facts out of notes, names as printed.

Expected values are read from the report's text at the line the data cites, so a test
fails when the data drifts from the report.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from helpers import ID, SRC, squash
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from tipgraph.namespaces import TIP

SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
SCHEMA = Namespace("https://schema.org/")
NAMING = "https://w3id.org/tipgraph/concept/naming/"
CONCEPT = "https://w3id.org/tipgraph/concept/"

FILES = ["section-b.trig", *(f"appendix-0{n}.trig" for n in range(3, 7))]
# The graphs these files state: Section B's parts and the four appendices.
OWN_PARTS = [
    "section/B", "table/1", "diagram/8", "figure/6", "figure/7",
    *(f"footnote/{n}" for n in (11, 15, 16, 17, 18, 19, 20, 73, 74, 75, 76, 77, 78)),
    *(f"appendix/{n}" for n in range(3, 7)),
]  # fmt: skip
MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], 1)}  # fmt: skip


def part(path: str) -> URIRef:
    return URIRef(SRC + path)


def thing(path: str) -> URIRef:
    return URIRef(ID + path)


@pytest.fixture(scope="module")
def own_file_graphs(project):
    """The named graphs of this module's files alone (each file parsed into a dataset)."""
    from tipgraph.load import load_dataset

    return load_dataset([project.data_dir / name for name in FILES])


def in_graph(dataset, graph: str, triple) -> bool:
    return triple in dataset.graph(part(graph))


def printed_dates(text: str) -> list[date]:
    """Every 'Month D, YYYY' the text prints."""
    found = re.findall(r"(January|February|March|April|May|June|July|August|September|"
                       r"October|November|December) (\d{1,2}), (\d{4})", text)
    return [date(int(y), MONTHS[m], int(d)) for m, d, y in found]


# --- Provenance per statement: named graphs ---------------------------------------------


def test_each_part_cited_is_the_graph_that_states_it(own_file_graphs):
    """A node's prov:wasDerivedFrom a part sits in that part's graph (data/README.md)."""
    wrong = []
    for named in own_file_graphs.graphs():
        for s, source in named.subject_objects(PROV.wasDerivedFrom):
            if source != named.identifier:
                wrong.append((str(s), str(source), str(named.identifier)))
    assert wrong == []


def test_the_files_state_section_b_and_the_appendices(own_file_graphs):
    names = {str(g.identifier) for g in own_file_graphs.graphs() if len(g)}
    assert {SRC + p for p in OWN_PARTS} <= names


def test_brazil_policy_year_is_section_bs_not_appendix_3s(dataset, source_lines):
    """Section B (l. 752-753) dates Brazil's policy to 2006; Appendix 3 prints no period."""
    assert "Brazil" in source_lines[751] and "2006" in source_lines[752]
    assert not re.search(r"\d{4}", source_lines[3253])  # Appendix 3's row: name only
    brazil = thing("policy/BRA-national-policy")
    year = (brazil, TIP.year, Literal("2006", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")))
    assert in_graph(dataset, "section/B", year)
    assert not any((brazil, TIP.year, None) in dataset.graph(part(p))
                   for p in ("appendix/3", "appendix/4"))
    for prop in (TIP.periodStart, TIP.periodEnd, TIP.durationYears):
        assert in_graph(dataset, "appendix/3", (brazil, TIP.blank, prop))


def test_footnote_amendment_is_not_a_row_of_appendix_6(dataset, source_lines):
    """Footnote 75: 'Article 307 of the Criminal Code was amended again in 2015.'"""
    assert "amended again in 2015" in source_lines[3531]
    amendment = thing("law/SUR-2015-criminal-code-art-307-amendment")
    assert not list(dataset.graph(part("appendix/6")).predicate_objects(amendment))
    footnote = dataset.graph(part("footnote/75"))
    assert (amendment, TIP.amends, thing("law/SUR-2006-criminal-code-art-307")) in footnote
    assert (amendment, TIP.criminalizes, None) not in footnote


@pytest.mark.parametrize(
    ("footnote", "law"),
    [(73, "USA-2000-tvpa"), (74, "CAN-2005-criminal-code-279-01"), (76, "PER-2014-30251"),
     (77, "ARG-2012-26842"), (78, "VEN-2012-ley-organica-contra-la-delincuencia-organizada")],
)  # fmt: skip
def test_appendix_6_footnotes_sit_in_their_graph(dataset, footnote, law):
    node = thing("law/" + law)
    assert (node, PROV.wasDerivedFrom, part(f"footnote/{footnote}")) in dataset.graph(
        part(f"footnote/{footnote}"))
    appendix = dataset.graph(part("appendix/6"))
    assert (node, PROV.wasDerivedFrom, part(f"footnote/{footnote}")) not in appendix
    assert (node, TIP.note, None) not in appendix


def test_footnote_links_are_not_appendix_4s(dataset, source_lines):
    """Footnotes 19 and 20 print links; Appendix 4's graph holds only its own bit.ly links."""
    appendix = dataset.graph(part("appendix/4"))
    for url in appendix.objects(None, TIP.url):
        assert str(url).startswith("http://bit.ly/"), url
    for n, line in ((19, 872), (20, 882)):
        footnote = dataset.graph(part(f"footnote/{n}"))
        urls = {str(u) for u in footnote.objects(None, TIP.url)}
        assert urls, n
        text = re.sub(r"\s*\n\s*", "", "\n".join(source_lines[line - 4 : line + 2]))
        assert any(u in text for u in urls), n


def test_section_b_statements_are_not_in_the_appendices(dataset):
    """No appendix graph says a node derives from Section B or one of its footnotes."""
    section_b = {part("section/B"), *(part(f"footnote/{n}") for n in range(10, 21))}
    for n in range(3, 7):
        graph = dataset.graph(part(f"appendix/{n}"))
        assert [s for s, o in graph.subject_objects(PROV.wasDerivedFrom) if o in section_b
                and (s, RDF.type, TIP.Reading) not in graph] == []


def test_table_1_rows_in_table_1s_graph(dataset, source_lines):
    table = dataset.graph(part("table/1"))
    rows = {}
    for policy in table.subjects(RDF.type, TIP.PolicyInstrument):
        line = table.value(policy, TIP.sourceLine).toPython()
        start, end = table.value(policy, TIP.periodStart), table.value(policy, TIP.periodEnd)
        years = table.value(policy, TIP.durationYears).toPython()
        text = squash(" ".join(source_lines[line - 1 : line + 1]))
        assert f"{start}-{end} {years}" in text, (policy, text)
        rows[policy] = years
    assert len(rows) == 3


# --- Facts out of notes -----------------------------------------------------------------


def test_law_30251_date_is_typed_as_printed(dataset, source_lines):
    """Footnote 76: 'Law N° 30.251 of October 20, 2014 ...'."""
    law = thing("law/PER-2014-30251")
    footnote = dataset.graph(part("footnote/76"))
    line = footnote.value(law, TIP.sourceLine).toPython()
    assert "30.251" in source_lines[line - 1]
    assert [footnote.value(law, DCTERMS.date).toPython()] == printed_dates(source_lines[line - 1])


def test_decree_210_dates_as_footnote_23_prints_them(dataset, source_lines):
    text = squash(" ".join(source_lines[1192:1195]))
    adopted, published = printed_dates(text)[:2]
    footnote = dataset.graph(part("footnote/23"))
    law = thing("law/SLV-2004-210")
    assert footnote.value(law, DCTERMS.dateAccepted).toPython() == adopted
    assert footnote.value(law, DCTERMS.issued).toPython() == published


def test_fifth_meeting_dates(dataset, source_lines):
    """Footnote 16: the Fifth Meeting 'held on March 12-13, 2018'."""
    text = squash(" ".join(source_lines[833:836]))
    month, first, last, year = re.search(r"(March) (\d+)-(\d+), (\d{4})", text).groups()
    meeting = thing("event/OAS-2018-fifth-meeting-national-authorities")
    footnote = dataset.graph(part("footnote/16"))
    assert footnote.value(meeting, SCHEMA.startDate).toPython() == date(int(year), 3, int(first))
    assert footnote.value(meeting, SCHEMA.endDate).toPython() == date(int(year), 3, int(last))


@pytest.mark.parametrize(
    ("part_path", "policy", "status", "words"),
    [("footnote/16", "ARG-national-plan-in-preparation", "in-preparation", "process of developing"),
     ("footnote/18", "CAN-2012-2016", "under-evaluation", "formally"),
     ("section/B", "GTM-2014-2024", "in-effect", "currently in force")],
)  # fmt: skip
def test_statuses_are_concepts(dataset, source_text, part_path, policy, status, words):
    assert words in squash(source_text)
    assert in_graph(dataset, part_path, (thing("policy/" + policy), TIP.status,
                                     URIRef(CONCEPT + "plan-status/" + status)))


@pytest.mark.parametrize(
    ("part_path", "new", "old"),
    [("footnote/17", "HTI-plan-of-action-2017-2022", "HTI-2015-2017"),
     ("footnote/17", "PAN-plan-of-action-2017-2022", "PAN-2012-2017"),
     ("footnote/17", "PER-2017-2021", "PER-2011-2016"),
     ("footnote/19", "GTM-2014-2024", "GTM-2007-2017")],
)  # fmt: skip
def test_successors_replace_their_plans(dataset, graph, part_path, new, old):
    new, old = thing("policy/" + new), thing("policy/" + old)
    assert in_graph(dataset, part_path, (new, DCTERMS.replaces, old))
    start = int(str(graph.value(new, TIP.periodStart)))
    end = int(str(graph.value(old, TIP.periodEnd)))
    if part_path == "footnote/17":
        # A new plan of footnote 17 starts the year its predecessor ends, or later.
        assert start >= end
    else:
        # Footnote 15: the 2007-2017 policy "was reformulated in 2014".
        assert start == 2014 < end


def test_revisions_and_amendments(dataset):
    assert in_graph(dataset, "footnote/15", (thing("policy/GTM-2014-2024"), PROV.wasRevisionOf,
                                             thing("policy/GTM-2007-2017")))
    assert in_graph(dataset, "footnote/15", (thing("policy/GTM-2007-2017"), TIP.establishedBy,
                                             thing("law/GTM-government-decision-184-2008")))
    assert in_graph(dataset, "footnote/77", (thing("law/ARG-2012-26842"), TIP.amends,
                                             thing("law/ARG-2008-26364")))


# --- Reported figures --------------------------------------------------------------------


def figures_of(own_file_graphs):
    found = set()
    for named in own_file_graphs.graphs():
        found |= set(named.subjects(RDF.type, TIP.ReportedFigure))
    return found


def test_every_figure_has_a_category_and_naming(own_file_graphs, graph):
    figures = figures_of(own_file_graphs)
    assert len(figures) >= 23
    for figure in figures:
        assert graph.value(figure, TIP.category) is not None, figure
        naming = graph.value(figure, TIP.countriesNamed)
        assert naming is not None and str(naming).startswith(NAMING), figure
        countries = set(graph.objects(figure, TIP.country))
        stated = graph.value(figure, TIP.statedValue).toPython()
        if str(naming).endswith("/none"):
            assert countries == set(), figure
        else:
            assert countries, figure
        counted = graph.value(figure, TIP.counts)
        if counted is not None:
            assert str(naming).endswith("/all"), figure
            assert graph.value(figure, TIP.category) == counted, figure
        if (str(naming).endswith("/all")
                and graph.value(figure, TIP.statistic).endswith("count")
                and (figure, DCTERMS.subject, None) not in graph):
            assert len(countries) == stated, figure


def test_figure_countries_are_printed_near_the_figure(own_file_graphs, graph, source_lines,
                                                      country_names):
    """Each country a 'named all' figure of Section B names is printed in Section B's text
    (lines 671-883) and its footnotes."""
    section_b = squash(" ".join(source_lines[670:883]))
    for figure in figures_of(own_file_graphs):
        if not str(figure).startswith(ID + "figure/section-b/"):
            continue
        if not str(graph.value(figure, TIP.countriesNamed)).endswith("/all"):
            continue
        text = section_b
        for country in graph.objects(figure, TIP.country):
            code = str(country).rsplit("/", 1)[1]
            assert any(n in text for n in country_names[code].english), (figure, code)


def test_named_subsets_are_groups(graph, source_lines):
    group = thing("group/section-b/plan-or-similar-not-plan")
    members = {str(c).rsplit("/", 1)[1] for c in graph.objects(group, PROV.hadMember)}
    assert members == {"COL", "MEX", "SUR", "USA"}
    line = graph.value(group, TIP.sourceLine).toPython()
    assert "Colombia, Mexico, Suriname and the United States" in squash(
        " ".join(source_lines[line - 1 : line + 1]))
    assert graph.value(group, TIP.subsetOf) == thing("figure/section-b/plan-or-similar-countries")


# --- Classifications and printed names ---------------------------------------------------


def test_drafting_and_publishing_institutions_are_typed(own_file_graphs, graph):
    institutions = set()
    for named in own_file_graphs.graphs():
        institutions |= set(named.objects(None, TIP.author))
        institutions |= set(named.objects(None, DCTERMS.publisher))
    # Appendix 5's eight drafters, and the two ministries whose websites footnotes 19 and
    # 20 name.
    assert len(institutions) == 10
    for institution in institutions:
        assert graph.value(institution, TIP.institutionType) is not None, institution


def test_labels_are_printed_at_their_lines(own_file_graphs, source_lines):
    checked = 0
    for named in own_file_graphs.graphs():
        for label in named.subjects(RDF.type, SKOSXL.Label):
            form = squash(str(named.value(label, SKOSXL.literalForm)))
            line = named.value(label, TIP.sourceLine).toPython()
            text = squash(" ".join(source_lines[line - 1 : line + 3]))
            assert form[:30] in text, (label, form, line)
            # The name starts on that line.
            assert form.split()[0] in source_lines[line - 1], (label, line)
            assert (label, PROV.wasDerivedFrom, named.identifier) in named
            checked += 1
    assert checked > 100


def test_each_label_is_one_printed_form_of_one_thing(own_file_graphs, graph):
    for named in own_file_graphs.graphs():
        for label in named.subjects(RDF.type, SKOSXL.Label):
            assert len(list(graph.objects(label, SKOSXL.literalForm))) == 1, label
            assert len(list(graph.objects(label, TIP.sourceLine))) == 1, label
            owners = {*graph.subjects(SKOSXL.prefLabel, label),
                      *graph.subjects(SKOSXL.altLabel, label)}
            assert len(owners) == 1, label


def test_every_name_has_a_skosxl_label(own_file_graphs, graph):
    """Each rdfs:label these files state of a policy, law or assessment is also a SKOS-XL
    label of the node with the same literal form."""
    for named in own_file_graphs.graphs():
        for node, name in named.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
            if not any(str(node).startswith(ID + k) for k in ("policy/", "law/", "assessment/")):
                continue
            if (node, RDF.type, TIP.ReportedFigure) in named:
                continue
            forms = {graph.value(lab, SKOSXL.literalForm)
                     for p in (SKOSXL.prefLabel, SKOSXL.altLabel) for lab in graph.objects(node, p)}
            if str(node).endswith("SUR-2015-criminal-code-art-307-amendment"):
                continue  # footnote 75 names no act: the label is descriptive
            assert name in forms, (node, name)


@pytest.mark.parametrize(
    ("node", "printed", "form"),
    [("law/HTI-2014-cl-2014-0010", "traffciking", "misspelling"),
     ("law/BHS-2008-tip-act", "Supression", "misspelling"),
     ("assessment/USA-2017-tip-report", "Personas", "misspelling"),
     ("policy/TTO-2016-2020", "Nacional", "untranslated")],
)  # fmt: skip
def test_misprinted_names_are_marked(graph, source_lines, node, printed, form):
    labels = [lab for lab in graph.objects(thing(node), SKOSXL.prefLabel)
              if graph.value(lab, TIP.printedForm) == URIRef(CONCEPT + "printed-form/" + form)]
    assert len(labels) == 1
    line = graph.value(labels[0], TIP.sourceLine).toPython()
    assert printed in source_lines[line - 1]
    assert printed in str(graph.value(labels[0], SKOSXL.literalForm))


@pytest.mark.parametrize("policy", ["ECU-2006", "PER-2015", "SLV-2012"])
def test_empty_years_cells_are_blank(dataset, source_lines, policy):
    graph = dataset.graph(part("appendix/3"))
    node = thing("policy/" + policy)
    line = graph.value(node, TIP.sourceLine).toPython()
    assert (node, TIP.blank, TIP.durationYears) in graph
    assert (node, TIP.durationYears, None) not in dataset.graph(part("appendix/3"))
    # The row ends with one year and no number of years after it.
    last = next(text for text in source_lines[line - 1 : line + 6] if re.search(r"\d{4}", text))
    assert re.search(r"(?<![-\d])\d{4}\s*$", last), last
