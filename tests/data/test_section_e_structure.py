"""Section E and Appendices 9-12 as structure: facts as properties, each in its part's graph.

Every expected value below is read from the report's text (source_lines) or copied from it
with its line; the graphs are read from the five data files, parsed into one dataset.
"""

from __future__ import annotations

import re

import pytest
from helpers import CONCEPT, ID, SRC, squash
from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDFS, SKOS, XSD, Namespace

from tipgraph.load import parse_into
from tipgraph.namespaces import TIP

FILES = ["section-e.trig", "appendix-09.trig", "appendix-10.trig", "appendix-11.trig",
         "appendix-12.trig"]
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
DCT = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
# The parts whose graphs these files hold.
OWN_PARTS = re.compile(
    r"(section/E|appendix/(9|1[0-2])|figure/1[3-5]|diagram/15|footnote/(3[4-9]|4[0-2]|82))$"
)
FEATURE = CONCEPT + "channel-feature/"
# Final Comments, lines 2913-2920: the six core features of a dedicated line.
CORE = {"cost-free", "anonymous", "easy-to-remember", "specialised-staff", "referral",
        "multilingual"}


def uri(path: str) -> URIRef:
    return URIRef(ID + path)


def src(path: str) -> URIRef:
    return URIRef(SRC + path)


@pytest.fixture(scope="module")
def ds(project) -> Dataset:
    dataset = Dataset()
    for name in FILES:
        parse_into(dataset, project.data_dir / name)
    return dataset


def in_graph(ds: Dataset, part: str):
    return ds.graph(src(part))


def own_graphs(ds: Dataset):
    return [g for g in ds.graphs() if OWN_PARTS.search(str(g.identifier))]


# --- one feature list per hotline, agreeing with the findings -------------------------


def test_every_feature_a_finding_gives_a_line_is_on_the_line(select):
    rows = select(
        """SELECT ?line ?feature WHERE { ?f a tip:Finding ; tip:feature ?feature ;
              dcterms:subject ?line . FILTER NOT EXISTS { ?line tip:feature ?feature } }"""
    )
    assert rows == []


def test_argentinas_145_core_features_and_the_stated_five(select, source_lines):
    features = {str(f)[len(FEATURE):] for (f,) in select(
        f"SELECT ?f WHERE {{ <{ID}hotline/ARG-145> tip:feature ?f }}")}
    # Appendix 9, line 3772: "Line 145 for complaints, cost-free, nationwide"; lines
    # 1550-1552 cost-free and easy to remember; 1568-1577 referral; footnote 37 staff.
    assert "cost-free, nationwide" in source_lines[3771]
    assert "easy to remember" in squash(" ".join(source_lines[1550:1552]))
    assert features == {"cost-free", "nationwide", "easy-to-remember", "referral",
                        "specialised-staff"}
    stated = re.search(r"Line 145 meets (\d) of the (\d)", source_lines[2924])
    assert stated and int(stated.group(1)) == 5 and int(stated.group(2)) == len(CORE)
    assert len(features & CORE) == 4 != int(stated.group(1))
    rows = select(
        f"""SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{ID}hotline/ARG-145> ,
              <{ID}figure/final-comments/ARG-145-features-met> }}"""
    )
    assert [str(d) for (d,) in rows] == [f"{ID}discrepancy/appendix-09/ARG-145-core-features"]


def test_each_feature_of_145_sits_in_the_graph_of_the_part_that_prints_it(ds, source_lines):
    line = uri("hotline/ARG-145")

    def features(part):
        return {str(f)[len(FEATURE):] for f in in_graph(ds, part).objects(line, TIP.feature)}

    assert features("appendix/9") == {"cost-free", "nationwide"}
    assert features("section/E") == {"cost-free", "easy-to-remember", "referral"}
    assert "staffed by professionals specializing" in source_lines[1621]  # footnote 37
    assert features("footnote/37") == {"specialised-staff"}
    # Section E's National Rescue Program is not Appendix 9's operator.
    pnr = uri("institution/ARG-national-rescue-program")
    assert (line, TIP.operatedBy, pnr) in in_graph(ds, "section/E")
    assert (line, TIP.operatedBy, pnr) not in in_graph(ds, "appendix/9")


def test_multilingual_is_section_es_alone(ds, source_lines):
    # Line 1557: "The United States was the only country that mentioned its ability to
    # handle calls in several languages"; Appendix 9's row (line 3809) does not say it.
    assert "several languages" in source_lines[1557]
    assert "language" not in source_lines[3808]
    usa = uri("hotline/USA-18883737888")
    multilingual = URIRef(FEATURE + "multilingual")
    assert (usa, TIP.feature, multilingual) in in_graph(ds, "section/E")
    assert (usa, TIP.feature, multilingual) not in in_graph(ds, "appendix/9")


def test_footnote_82s_merged_lines_are_its_own(ds, source_lines):
    numbers = re.findall(r"0800-\s?\d+", squash(" ".join(source_lines[3817:3819])))
    fn = in_graph(ds, "footnote/82")
    replaced = {str(fn.value(o, TIP.telephone))
                for o in fn.objects(uri("hotline/PER-1818"), DCT.replaces)}
    assert replaced == {n.replace(" ", "") for n in numbers} and len(replaced) == 3
    assert not list(in_graph(ds, "appendix/9").triples((None, DCT.replaces, None)))


def test_section_fs_facts_are_in_section_fs_graph(ds, source_lines):
    assert "Guyana Police Force" in squash(" ".join(source_lines[2256:2260]))
    guy = uri("hotline/GUY-5922274083")
    police = uri("institution/GUY-police-force")
    assert (guy, TIP.receivedBy, police) in in_graph(ds, "section/F")
    assert (guy, TIP.receivedBy, police) not in in_graph(ds, "appendix/9")


# --- typed once, no unnamed relations ---------------------------------------------------


def test_the_united_states_plan_is_one_node_typed_once(graph):
    # Section B counts it among the plans, Section E 2 (line 1735) calls it a planning
    # instrument for victims, Appendix 12 (line 3990) lists it among the protocols.
    plan = uri("policy/USA-federal-strategic-action-plan-2013-2017")
    kinds = (TIP.PolicyInstrument, TIP.VictimProgramme, TIP.VictimProtocol, TIP.Protocol)
    assert {t for t in graph.objects(plan, RDF.type) if t in kinds} == {TIP.PolicyInstrument}
    assert URIRef(CONCEPT + "instrument-type/victim-planning-instrument") in set(
        graph.objects(plan, TIP.instrumentType))


def test_no_node_of_these_files_is_typed_twice(ds):
    kinds = (TIP.PolicyInstrument, TIP.VictimProgramme, TIP.VictimProtocol, TIP.Institution,
             TIP.PublicInstitution)
    for node in set(ds.subjects(RDF.type, None)):
        found = {t for t in ds.objects(node, RDF.type) if t in kinds}
        found.discard(TIP.Institution) if TIP.PublicInstitution in found else None
        assert len(found) <= 1, (node, found)


def test_no_unnamed_relation_is_left(ds):
    assert [(s, o) for g in own_graphs(ds) for s, o in g.subject_objects(TIP.relatedTo)] == []


def test_every_institution_of_these_files_that_runs_or_drafts_something_is_typed(ds, graph):
    relations = (TIP.operatedBy, TIP.author, TIP.receivedBy, TIP.coordinatedBy, TIP.chairedBy,
                 DCT.publisher, SCHEMA.funder)
    untyped = {
        o for g in own_graphs(ds) for p in relations for o in g.objects(None, p)
        if (o, TIP.institutionType, None) not in graph
    }
    assert untyped == set()


def test_chiles_ministry_is_typed_as_both_parts_of_its_name(graph, source_lines):
    # Line 1649: "the Ministry of the Interior and Public Security".
    assert "Ministry of the Interior and Public Security" in source_lines[1648]
    kinds = {str(t).rsplit("/", 1)[1] for t in graph.objects(
        uri("institution/CHL-ministry-of-the-interior"), TIP.institutionType)}
    assert {"ministry-of-interior", "ministry-of-security"} <= kinds


# --- figures: category, naming, countries -----------------------------------------------


def section_e_figures(ds):
    return set(in_graph(ds, "section/E").subjects(RDF.type, TIP.ReportedFigure))


def test_every_figure_has_a_category_and_a_naming(ds, graph):
    figures = section_e_figures(ds)
    assert len(figures) == 51
    for f in figures:
        assert graph.value(f, TIP.category) is not None, f
        assert graph.value(f, TIP.countriesNamed) is not None, f


def named(graph, figure) -> set[str]:
    countries = set(graph.objects(figure, TIP.country))
    for group in graph.subjects(TIP.subsetOf, figure):
        countries |= set(graph.objects(group, PROV.hadMember))
    return {str(c).rsplit("/", 1)[1] for c in countries}


def test_a_figure_names_countries_exactly_when_its_naming_says_so(ds, graph):
    for f in section_e_figures(ds):
        naming = str(graph.value(f, TIP.countriesNamed)).rsplit("/", 1)[1]
        countries = named(graph, f)
        assert bool(countries) == (naming != "none"), f
        if graph.value(f, TIP.counts) is not None:
            assert naming == "all", f


@pytest.mark.parametrize(
    ("slug", "line", "countries"),
    [
        ("justice-system-lines", 1685, {"CHL", "CRI", "HND", "VEN"}),
        ("unspecified-telephone-lines", 1528, {"BOL", "GRD", "PAN", "VCT"}),
        ("police-number-specified", 1595, {"CHL", "GTM", "MEX"}),
        ("victim-programmes", 1715, {"ARG", "PRY", "USA"}),
        ("no-bibliographical-reference", 1778, {"SLV", "GUY", "USA"}),
        ("figure-15-in-person", 1632, {"COL", "GTM", "HND", "DOM", "SUR"}),
    ],
)
def test_named_countries_are_the_reports(graph, country_names, source_lines, slug, line,
                                         countries):
    figure = URIRef(f"{ID}figure/section-e/{slug}")
    assert named(graph, figure) == countries
    text = squash(" ".join(source_lines[line - 1:line + 2])).replace("é", "e")
    for code in countries:
        word = {"USA": "United States", "DOM": "Dominican", "VCT": "Vincent",
                "SLV": "El Salvador"}.get(code, country_names[code].label.split()[0])
        assert word in text, (slug, code)


def test_bounds_are_values(graph, source_lines):
    # "at least ten different types" (line 1477), "at least 9 countries" (line 1700).
    for slug, line, words in [("telephone-line-types", 1477, "at least ten"),
                              ("diagram-15-alternative", 1700, "at least 9")]:
        assert words in source_lines[line - 1]
        figure = URIRef(f"{ID}figure/section-e/{slug}")
        assert graph.value(figure, TIP.atLeast) == graph.value(figure, TIP.statedValue)
        assert graph.value(figure, TIP.boundOf) == TIP.statedValue


def test_figure_13s_graph_holds_its_counts_and_countries(ds):
    fig = in_graph(ds, "figure/13")
    counted = {str(f).rsplit("/", 1)[1] for f in fig.subjects(RDF.type, TIP.ReportedFigure)}
    assert counted == {"figure-13-dedicated-hotline", "figure-13-thematic-line",
                       "figure-13-police-line", "figure-13-websites", "figure-13-emails",
                       "figure-13-apps", "figure-13-facebook"}
    countries = {str(fig.value(f, TIP.country)).rsplit("/", 1)[1]
                 for f in fig.subjects(RDF.type, TIP.Finding)}
    assert {"ARG", "GTM", "PER", "USA", "MEX", "CHL", "LCA", "COL", "URY"} == countries


# --- structured values the notes used to hold ------------------------------------------


def test_paraguays_consular_line_closes_at_six(graph, source_lines):
    assert "until 6 p.m." in source_lines[1673]
    hours = graph.value(uri("channel/PRY-foreign-ministry-line"), SCHEMA.hoursAvailable)
    assert graph.value(hours, SCHEMA.closes) == Literal("18:00:00", datatype=XSD.time)


def test_argentinas_unified_protocol_adopted_by_resolution_1280_2015(graph, ds, source_lines):
    text = squash(" ".join(source_lines[1817:1820]))
    number, year = re.search(r"Resolution (\d+)/(\d{4})", text).groups()
    protocol = uri("protocol/ARG-2015-unified-coordination-protocol")
    law = graph.value(protocol, TIP.establishedBy)
    assert str(graph.value(law, TIP.instrumentNumber)) == f"{number}/{year}"
    assert graph.value(law, TIP.year) == Literal(year, datatype=XSD.gYear)
    # Only footnote 41 prints it, so it is only in footnote 41's graph.
    assert (protocol, TIP.establishedBy, law) in in_graph(ds, "footnote/41")
    assert (protocol, None, None) not in in_graph(ds, "section/E")


def test_the_national_rescue_program_reports_to_the_ministry(graph, source_lines):
    assert "reports to the Ministry of Justice and Human Rights" in squash(
        " ".join(source_lines[1565:1567]))
    assert graph.value(uri("institution/ARG-national-rescue-program"),
                       URIRef("http://www.w3.org/ns/org#reportsTo")) == uri(
        "institution/ARG-ministry-of-justice-and-human-rights")


def test_the_plan_in_effect_since_2013(graph, source_lines):
    assert "in effect since 2013" in squash(" ".join(source_lines[1736:1738]))
    plan = uri("policy/USA-federal-strategic-action-plan-2013-2017")
    assert graph.value(plan, TIP.periodStart) == Literal("2013", datatype=XSD.gYear)
    assert graph.value(plan, TIP.status) == URIRef(CONCEPT + "plan-status/in-effect")


def test_more_than_one_first_type_protocol_is_a_group(graph, source_lines):
    assert "Jamaica, Peru, and Uruguay" in source_lines[1804]
    group = uri("group/section-e/more-than-one-first-type-protocol")
    members = {str(c).rsplit("/", 1)[1] for c in graph.objects(group, PROV.hadMember)}
    assert members == {"JAM", "PER", "URY"}
    assert set(graph.objects(group, TIP.subsetOf)) == {
        uri("figure/section-e/first-type-countries"), uri("figure/section-e/first-type-protocols")}


# --- named graphs -----------------------------------------------------------------------


def test_a_node_stated_in_a_part_graph_is_derived_from_that_part(ds):
    """Whatever a graph says of a thing, the thing is derived from that graph's part there
    (labels and concepts aside), so no part's graph holds another part's statements."""
    missing = []
    for g in own_graphs(ds):
        for s in set(g.subjects()):
            if not str(s).startswith(ID) or "/label/" in str(s):
                continue
            if (s, PROV.wasDerivedFrom, g.identifier) not in g:
                missing.append((str(g.identifier)[len(SRC):], str(s)[len(ID):]))
    assert sorted(missing) == []


def test_every_derivation_sits_in_its_parts_graph(ds):
    wrong = [(str(g.identifier)[len(SRC):], str(s)[len(ID):], str(p)[len(SRC):])
             for g in ds.graphs() for s, p in g.subject_objects(PROV.wasDerivedFrom)
             if p != g.identifier]
    assert wrong == []


# --- printed names ----------------------------------------------------------------------


def labels(ds):
    for g in ds.graphs():
        for label in g.subjects(RDF.type, SKOSXL.Label):
            yield g, label


def test_every_label_is_printed_at_its_line_in_its_parts_graph(ds, source_lines):
    seen = 0
    for g, label in labels(ds):
        form = str(g.value(label, SKOSXL.literalForm))
        line = int(g.value(label, TIP.sourceLine))
        assert g.value(label, PROV.wasDerivedFrom) == g.identifier
        text = squash(" ".join(source_lines[line - 1:line + 3])).replace("’", "'")
        assert squash(form).replace("’", "'") in text, (form, line)
        seen += 1
    assert seen > 150


def test_misspelled_and_untranslated_forms_are_marked(ds, source_lines):
    forms = {str(g.value(label, SKOSXL.literalForm)): g.value(label, TIP.printedForm)
             for g, label in labels(ds)}
    misspelling = URIRef(CONCEPT + "printed-form/misspelling")
    untranslated = URIRef(CONCEPT + "printed-form/untranslated")
    assert "trafficking in persona" in source_lines[3776]
    assert forms["Local hotline, trafficking in persona"] == misspelling
    assert "FEVIMTA" in source_lines[1512]
    assert forms["FEVIMTA"] == misspelling
    assert "Policía Nacional Civil" in source_lines[3782]
    assert forms["Policía Nacional Civil"] == untranslated
    assert forms["Investigative Police"] is None


def test_no_alternative_label_is_left_as_a_plain_literal(ds):
    assert list(ds.triples((None, SKOS.altLabel, None))) == []


def test_one_rdfs_label_per_language(ds, graph):
    for node in {s for s, _, _ in ds.triples((None, RDFS.label, None))}:
        languages = [label.language for label in graph.objects(node, RDFS.label)]
        assert len(languages) == len(set(languages)), (node, languages)


def test_perus_1818_campaign_and_takeover_are_structure(graph, source_lines):
    text = squash(" ".join(source_lines[1580:1583]))
    established, taken = re.search(r"established in (\d{4}).*In (\d{4}), it was taken over", text
                                   ).groups()
    line = uri("hotline/PER-1818")
    assert graph.value(line, TIP.year) == Literal(established, datatype=XSD.gYear)
    campaign = graph.value(line, PROV.wasGeneratedBy)
    assert "Llama y Vive" in {str(n) for n in graph.objects(campaign, RDFS.label)}
    takeover = graph.value(None, PROV.used, line)
    assert graph.value(takeover, TIP.year) == Literal(taken, datatype=XSD.gYear)
    assert graph.value(takeover, PROV.wasAssociatedWith) == uri(
        "institution/PER-ministry-of-the-interior")


def test_honduras_empty_institution_cell_is_blank_not_unspecified(graph, source_lines):
    # Line 3787 prints the Immediate Response Team's number and no institution.
    assert source_lines[3786].rstrip().endswith("8990 5187")
    line = uri("hotline/HND-89905187")
    assert (line, TIP.blank, TIP.operatedBy) in graph
    assert (line, TIP.unspecified, TIP.operatedBy) not in graph
