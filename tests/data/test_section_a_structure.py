"""Section A and Appendices 1-2 as structure: figures tied to their category, the four
clearly sole authorities as a group, typed chairs, bounds, and statements in the graph
of the part that prints them."""

from __future__ import annotations

from helpers import ID, SRC, squash
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from tipgraph.namespaces import TIP

OWN_FILES = ["section-a.trig", "appendix-01.trig", "appendix-02.trig"]
FIGURE = f"{ID}figure/section-a/"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"


def test_every_figure_has_a_category_and_a_naming(own):
    for figure in own.subjects(RDF.type, TIP.ReportedFigure):
        assert own.value(figure, TIP.category) or own.value(figure, TIP.counts), figure
        assert own.value(figure, TIP.countriesNamed), figure


def test_diagram_1_charts_28_against_5(select, source_lines):
    rows = dict(select(
        f"""SELECT ?c ?v WHERE {{ ?f prov:wasDerivedFrom <{SRC}diagram/1> ;
              tip:statedValue ?v ;
              tip:category|tip:counts ?c ; a tip:ReportedFigure }}"""))
    concept = "https://w3id.org/tipgraph/concept/authority-model/"
    assert rows == {concept + "sole": 5, concept + "collegiate": 28}
    assert "28 countries" in source_lines[310 - 1] and "five-country" in source_lines[304 - 1]


def test_clearly_sole_four_is_a_subset_of_the_five(select, source_lines):
    members = {c for (c,) in select(
        f"""SELECT ?code WHERE {{ ?g a tip:CountryGroup ;
              tip:subsetOf <{FIGURE}diagram-1-sole-five> ;
              prov:hadMember/tip:iso3166Alpha3 ?code }}""")}
    five = {c for (c,) in select(
        f"SELECT ?code WHERE {{ <{FIGURE}diagram-1-sole-five>"
        f" tip:country/tip:iso3166Alpha3 ?code }}")}
    assert members == {"DMA", "GRD", "KNA", "VEN"} and members < five
    text = squash(" ".join(source_lines[521:526]))
    assert "clearly" in text and "Guatemala" not in text


def test_every_chairing_institution_is_typed(select):
    untyped = select(
        """SELECT ?i WHERE { ?b tip:chairedBy ?i .
              FILTER NOT EXISTS { ?i tip:institutionType ?t } }""")
    assert untyped == []


def test_bodies_chaired_by_a_ministry_of_justice(select):
    rows = {c for (c,) in select(
        """SELECT DISTINCT ?code WHERE { ?b a tip:InterAgencyBody ; tip:chairedBy ?i ;
              tip:country/tip:iso3166Alpha3 ?code .
              ?i tip:institutionType
                <https://w3id.org/tipgraph/concept/institution-type/ministry-of-justice> }""")}
    # Appendix 1 prints a justice ministry as chair for these (lines 3101-3175)
    assert rows == {"BOL", "BRA", "SLV", "HND", "JAM", "LCA", "SUR"}


def test_honduras_more_than_21(select, source_lines):
    rows = select(f"""SELECT ?n WHERE {{ <{ID}finding/section-a/HND-public-institutions>
        tip:moreThan ?n ; tip:boundOf tip:numberOfPublicInstitutions }}""")
    assert rows == [(21,)]
    assert "more than 21" in source_lines[620 - 1]


def test_guatemala_chair_cell_is_blank(select):
    rows = select(f"SELECT ?p WHERE {{ <{ID}body/GTM-cit> tip:blank ?p }}")
    assert rows == [(str(TIP.chairedBy),)]


def test_section_a_findings_name_bodies_not_by_relatedTo(own):
    for finding in own.subjects(RDF.type, TIP.Finding):
        assert (finding, TIP.relatedTo, None) not in own, finding


def test_every_derivation_sits_in_its_parts_graph(dataset, project):
    """A node's prov:wasDerivedFrom a part of Section A is stated in that part's graph."""
    own_parts = {URIRef(f"{SRC}section/A")} | {
        URIRef(f"{SRC}{k}/{n}") for k, ns in
        (("diagram", range(1, 8)), ("figure", range(1, 6)), ("footnote", range(1, 10)))
        for n in ns}
    for s, _, part, g in dataset.quads((None, PROV.wasDerivedFrom, None, None)):
        if part in own_parts and str(s).startswith(ID + "figure/section-a/"):
            assert (s, PROV.wasDerivedFrom, part) in dataset.graph(part), (s, part)


def test_footnote_facts_not_in_the_appendix_graph(dataset):
    appendix_1 = dataset.graph(URIRef(f"{SRC}appendix/1"))
    conatrap = URIRef(f"{ID}body/BRA-conatrap")
    assert (conatrap, TIP.establishedBy, None) not in appendix_1
    assert (conatrap, TIP.establishedBy, None) in dataset.graph(URIRef(f"{SRC}footnote/9"))
    assert (URIRef(f"{ID}body/ARG-federal-council"), TIP.anchoredIn, None) not in appendix_1
    assert (URIRef(f"{ID}body/ARG-federal-council"), TIP.anchoredIn, None) in dataset.graph(
        URIRef(f"{SRC}section/A"))


def test_labels_are_printed_at_their_line(own, source_lines):
    checked = 0
    for label in own.subjects(RDF.type, URIRef(SKOSXL + "Label")):
        form = squash(str(own.value(label, URIRef(SKOSXL + "literalForm"))))
        n = int(own.value(label, TIP.sourceLine))
        first = squash(source_lines[n - 1])
        text = squash(" ".join(source_lines[n - 1 : n + 3]))
        assert form in text and text.index(form) < len(first), (label, n)
        checked += 1
    assert checked > 90


def test_misspelled_conatrap_is_marked(select):
    rows = select(f"""SELECT ?form WHERE {{ <{ID}body/BRA-conatrap> skosxl:altLabel ?l .
        ?l skosxl:literalForm ?form ;
           tip:printedForm <https://w3id.org/tipgraph/concept/printed-form/misspelling> }}""")
    assert [str(f) for (f,) in rows] == ["National Committee to Combat Trafficking Persons"]
