"""The shapes: each fires on a small wrong record and stays quiet on a right one.

Every case is inline Turtle validated with the ontology and a few report parts, against
the shapes of one purpose; the case names the words of the message it expects.
"""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH

from tipgraph.load import load_files
from tipgraph.namespaces import TIP
from tipgraph.validate import (
    PURPOSES,
    SEVERITIES,
    SHAPES,
    ShapesError,
    load_shapes,
    validate_graph,
)

PREFIXES = """
@prefix tip:       <https://w3id.org/tipgraph/ontology#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix rdfs:      <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:      <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix country:   <https://w3id.org/tipgraph/id/country/> .
@prefix hotline:   <https://w3id.org/tipgraph/id/hotline/> .
@prefix line:      <https://w3id.org/tipgraph/id/line/> .
@prefix inst:      <https://w3id.org/tipgraph/id/institution/> .
@prefix body:      <https://w3id.org/tipgraph/id/body/> .
@prefix law:       <https://w3id.org/tipgraph/id/law/> .
@prefix policy:    <https://w3id.org/tipgraph/id/policy/> .
@prefix unit:      <https://w3id.org/tipgraph/id/unit/> .
@prefix protocol:  <https://w3id.org/tipgraph/id/protocol/> .
@prefix finding:   <https://w3id.org/tipgraph/id/finding/test/> .
@prefix figure:    <https://w3id.org/tipgraph/id/figure/test/> .
@prefix dis:       <https://w3id.org/tipgraph/id/discrepancy/test/> .
@prefix reading:   <https://w3id.org/tipgraph/id/reading/test/> .
@prefix flow:      <https://w3id.org/tipgraph/id/flow/> .
@prefix shelter:   <https://w3id.org/tipgraph/id/shelter/> .
@prefix appendix:  <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/> .
@prefix section:   <https://w3id.org/tipgraph/source/oas-tip-2018/section/> .
@prefix diagram:   <https://w3id.org/tipgraph/source/oas-tip-2018/diagram/> .
@prefix answer:    <https://w3id.org/tipgraph/concept/answer/> .
@prefix authority: <https://w3id.org/tipgraph/concept/authority-model/> .
@prefix sphere:    <https://w3id.org/tipgraph/concept/sphere/> .
@prefix statistic: <https://w3id.org/tipgraph/concept/statistic/> .
@prefix model:     <https://w3id.org/tipgraph/concept/information-system-model/> .
@prefix variable:  <https://w3id.org/tipgraph/concept/vulnerability-variable/> .
"""

# What every case stands on: the report, the parts cases cite, and Chile (a respondent).
BASE = PREFIXES + """
<https://w3id.org/tipgraph/source/oas-tip-2018> a tip:Report ; rdfs:label "Report"@en .
appendix:1 a tip:Appendix . appendix:6 a tip:Appendix . appendix:9 a tip:Appendix .
appendix:12 a tip:Appendix . section:A a tip:Section . section:C a tip:Section .
diagram:1 a tip:Diagram .
country:CHL a tip:Country ; rdfs:label "Chile"@en , "Chile"@es ;
    tip:iso3166Alpha3 "CHL" ; tip:iso3166Alpha2 "CL" ; tip:m49Code "152" ;
    tip:respondentTo <https://w3id.org/tipgraph/source/oas-tip-2018> .
inst:CHL-pdi a tip:PublicInstitution ; rdfs:label "Policía de Investigaciones"@es ;
    tip:country country:CHL ; prov:wasDerivedFrom appendix:9 .
"""

HOTLINE = "hotline:CHL-x a tip:DedicatedHotline ; tip:country country:CHL ; "
SOURCED = "prov:wasDerivedFrom appendix:9 ."
TWO_READINGS = """
reading:a a tip:Reading ; rdfs:comment "one"@en ; tip:adopted true ;
    prov:wasDerivedFrom appendix:1 .
reading:b a tip:Reading ; rdfs:comment "two"@en ; tip:adopted false ;
    prov:wasDerivedFrom section:A .
"""
DISCREPANCY = """dis:x a tip:Discrepancy ; tip:resolution "why"@en ;
    prov:wasDerivedFrom appendix:1 ; tip:reading reading:a , reading:b ; """
BODY = "body:CHL-mesa a tip:InterAgencyBody ; tip:country country:CHL ; "
LAW = "law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; "
POLICY = "policy:CHL-1 a tip:PolicyInstrument ; tip:country country:CHL ; "
IN_APPENDIX_1 = "prov:wasDerivedFrom appendix:1 ."
IN_APPENDIX_6 = "prov:wasDerivedFrom appendix:6 ."
FIGURE = "figure:x a tip:ReportedFigure ; prov:wasDerivedFrom diagram:1 ; "
SOLE = "finding:sole a tip:Finding ; tip:country country:CHL ; tip:value authority:sole ; "

# (name, purpose, wrong record, right record, words the message of the wrong one has)
CASES = [
    ("fact without source", "structure",
     HOTLINE + 'tip:telephone "145" .',
     HOTLINE + 'tip:telephone "145" ; ' + SOURCED,
     "does not say which part of the report it comes from"),
    ("source not a report part", "structure",
     HOTLINE + "prov:wasDerivedFrom appendix:99 .",
     HOTLINE + SOURCED,
     "not a known part of the report"),
    ("fact as blank node", "structure",
     "[] a tip:DedicatedHotline ; tip:country country:CHL ; " + SOURCED,
     HOTLINE + SOURCED,
     "has no stable address"),
    ("fact outside the id space", "structure",
     "<http://example.org/line> a tip:DedicatedHotline ; " + SOURCED,
     HOTLINE + SOURCED,
     "has no stable address"),
    ("two countries", "structure",
     HOTLINE + "tip:country country:PER ; " + SOURCED + "\ncountry:PER a tip:Country ;"
     ' rdfs:label "Peru"@en ; tip:iso3166Alpha3 "PER" .',
     HOTLINE + SOURCED,
     "belongs to more than one country"),
    ("country link to an undescribed node", "structure",
     "hotline:x a tip:DedicatedHotline ; tip:country country:XXX ; " + SOURCED,
     HOTLINE + SOURCED,
     "not a described country"),
    ("country link to a literal", "structure",
     'hotline:x a tip:DedicatedHotline ; tip:country "Chile" ; ' + SOURCED,
     HOTLINE + SOURCED,
     "not a described country"),
    ("operator not an organisation", "structure",
     HOTLINE + "tip:operatedBy inst:nobody ; " + SOURCED,
     HOTLINE + "tip:operatedBy inst:CHL-pdi ; " + SOURCED,
     "operator is not described as an institution"),
    ("law link not a legal instrument", "structure",
     "body:CHL-mesa a tip:InterAgencyBody ; tip:country country:CHL ; tip:establishedBy"
     " law:nothing ; prov:wasDerivedFrom appendix:1 .",
     "body:CHL-mesa a tip:InterAgencyBody ; tip:country country:CHL ; tip:establishedBy"
     " law:CHL-1 ; prov:wasDerivedFrom appendix:1 .\nlaw:CHL-1 a tip:LegalInstrument ;"
     " tip:country country:CHL ; prov:wasDerivedFrom appendix:6 .",
     "not described as a legal instrument"),
    ("code from the wrong list", "structure",
     "unit:CHL-x a tip:SpecializedUnit ; tip:country country:CHL ; tip:sphere authority:sole ;"
     " prov:wasDerivedFrom appendix:1 .",
     "unit:CHL-x a tip:SpecializedUnit ; tip:country country:CHL ; tip:sphere sphere:police ;"
     " prov:wasDerivedFrom appendix:1 .",
     "sphere is not one of"),
    ("finding value not a code", "structure",
     "finding:x a tip:Finding ; tip:country country:CHL ; tip:value <http://example.org/x> ;"
     " prov:wasDerivedFrom diagram:1 .",
     SOLE + "prov:wasDerivedFrom diagram:1 .",
     "not a code of one of the graph's code lists"),
    ("finding without country", "structure",
     "finding:x a tip:Finding ; tip:value authority:sole ; prov:wasDerivedFrom diagram:1 .",
     SOLE + "prov:wasDerivedFrom diagram:1 .",
     "does not name the country"),
    ("year as a plain string", "structure",
     'law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; tip:year "2011" ;'
     " prov:wasDerivedFrom appendix:6 .",
     'law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; tip:year "2011"^^xsd:gYear ;'
     " prov:wasDerivedFrom appendix:6 .",
     "a year is not written as a year"),
    ("year out of range", "structure",
     'law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; tip:year "1850"^^xsd:gYear ;'
     " prov:wasDerivedFrom appendix:6 .",
     'law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; tip:year "1950"^^xsd:gYear ;'
     " prov:wasDerivedFrom appendix:6 .",
     "between 1900 and 2030"),
    ("period ends before it starts", "structure",
     POLICY + 'tip:periodStart "2018"^^xsd:gYear ; tip:periodEnd "2015"^^xsd:gYear ; '
     + IN_APPENDIX_1,
     POLICY + 'tip:periodStart "2015"^^xsd:gYear ; tip:periodEnd "2018"^^xsd:gYear ; '
     + IN_APPENDIX_1,
     "the period ends (2015) before it starts (2018)"),
    ("telephone in no printable form", "structure",
     HOTLINE + 'tip:telephone "call 145!" ; ' + SOURCED,
     HOTLINE + 'tip:telephone "0800-MUJERES (0800-6853737)" ; ' + SOURCED,
     "not in a printable form"),
    ("telephone with two digits", "structure",
     HOTLINE + 'tip:telephone "12" ; ' + SOURCED,
     HOTLINE + 'tip:telephone "1-888 373 7888" ; ' + SOURCED,
     "fewer than three digits"),
    ("web address as a literal", "structure",
     HOTLINE + 'tip:url "http://example.org/" ; ' + SOURCED,
     HOTLINE + "tip:url <http://example.org/> ; " + SOURCED,
     "web address is not written as an http"),
    ("name without a language tag", "structure",
     HOTLINE + 'rdfs:label "Línea 145" ; ' + SOURCED,
     HOTLINE + 'rdfs:label "Línea 145"@es ; ' + SOURCED,
     "a name has no language tag"),
    ("source line past the end of the text", "structure",
     HOTLINE + "tip:sourceLine 5000 ; " + SOURCED,
     HOTLINE + "tip:sourceLine 3777 ; " + SOURCED,
     "line number of the report's text"),
    ("negative unit count", "structure",
     "unit:CHL-x a tip:SpecializedUnit ; tip:country country:CHL ; tip:unitCount -3 ;"
     " prov:wasDerivedFrom appendix:1 .",
     "unit:CHL-x a tip:SpecializedUnit ; tip:country country:CHL ; tip:unitCount 14 ;"
     " prov:wasDerivedFrom appendix:1 .",
     "number of units"),
    ("boolean as a word", "structure",
     'policy:CHL-1 a tip:PolicyInstrument ; tip:country country:CHL ; tip:availableOnline "yes" ;'
     " prov:wasDerivedFrom appendix:1 .",
     "policy:CHL-1 a tip:PolicyInstrument ; tip:country country:CHL ; tip:availableOnline true ;"
     " prov:wasDerivedFrom appendix:1 .",
     "online is not true or false"),
    ("unspecified what is no property", "structure",
     HOTLINE + "tip:unspecified <http://example.org/whatever> ; " + SOURCED,
     HOTLINE + "tip:unspecified tip:operatedBy ; " + SOURCED,
     "not a property of the ontology"),
    ("country code in small letters", "structure",
     'country:PER a tip:Country ; rdfs:label "Peru"@en ; tip:iso3166Alpha3 "per" .',
     'country:PER a tip:Country ; rdfs:label "Peru"@en ; tip:iso3166Alpha3 "PER" .',
     "exactly one ISO 3166 three-letter code"),
    ("country address and code disagree", "structure",
     'country:PER a tip:Country ; rdfs:label "Peru"@en ; tip:iso3166Alpha3 "BOL" .',
     'country:PER a tip:Country ; rdfs:label "Peru"@en ; tip:iso3166Alpha3 "PER" .',
     "does not end with its ISO 3166 code BOL"),
    ("country without an English name", "structure",
     'country:PER a tip:Country ; rdfs:label "Perú"@es ; tip:iso3166Alpha3 "PER" .',
     'country:PER a tip:Country ; rdfs:label "Perú"@es , "Peru"@en ; tip:iso3166Alpha3 "PER" .',
     "has no English name"),
    ("discrepancy with one reading", "structure",
     TWO_READINGS + DISCREPANCY.replace(", reading:b", "") + "tip:concerns country:CHL .",
     TWO_READINGS + DISCREPANCY + "tip:concerns country:CHL .",
     "fewer than two readings"),
    ("discrepancy adopting both readings", "structure",
     TWO_READINGS.replace("tip:adopted false", "tip:adopted true")
     + DISCREPANCY + "tip:concerns country:CHL .",
     TWO_READINGS + DISCREPANCY + "tip:concerns country:CHL .",
     "exactly one reading"),
    ("discrepancy concerning nothing", "structure",
     TWO_READINGS + DISCREPANCY.rstrip("; ") + " .",
     TWO_READINGS + DISCREPANCY + "tip:concerns country:CHL .",
     "does not name the items it bears on"),
    ("reading that says nothing", "structure",
     TWO_READINGS.replace('rdfs:comment "two"@en ; ', "") + DISCREPANCY
     + "tip:concerns country:CHL .",
     TWO_READINGS + DISCREPANCY + "tip:concerns country:CHL .",
     "does not say what it reads"),
    ("figure without a number", "structure",
     FIGURE + "tip:statistic statistic:count .",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 25 .",
     "exactly one stated number"),
    ("figure larger than its total", "structure",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 34 ; tip:statedTotal 33 .",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 25 ; tip:statedTotal 33 .",
     "more than the whole"),
    # Completeness: Chile's record with and without each item.
    ("national authority", "completeness",
     "",
     BODY + IN_APPENDIX_1,
     "Chile: no national authority"),
    ("chair of the national authority", "completeness",
     BODY + IN_APPENDIX_1,
     BODY + "tip:chairedBy inst:CHL-pdi ; " + IN_APPENDIX_1,
     "Chile: the national authority has no chair"),
    ("chair given as unspecified", "completeness",
     BODY + IN_APPENDIX_1,
     BODY + "tip:unspecified tip:chairedBy ; " + IN_APPENDIX_1,
     "Chile: the national authority has no chair"),
    ("law characterising the crime", "completeness",
     "",
     'law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; tip:year "2011"^^xsd:gYear ;'
     " prov:wasDerivedFrom appendix:6 .",
     "Chile: no law characterising"),
    ("year of the law", "completeness",
     LAW + IN_APPENDIX_6,
     'law:CHL-1 a tip:LegalInstrument ; tip:criminalizes country:CHL ; tip:year "2011"^^xsd:gYear ;'
     " prov:wasDerivedFrom appendix:6 .",
     "Chile: the law characterising the crime has no year"),
    ("national policy or plan", "completeness",
     "",
     POLICY + 'tip:periodStart "2015"^^xsd:gYear ; tip:periodEnd "2018"^^xsd:gYear ; '
     + IN_APPENDIX_1,
     "Chile: no national policy"),
    ("period of the plan", "completeness",
     POLICY + IN_APPENDIX_1,
     POLICY + 'tip:periodStart "2015"^^xsd:gYear ; tip:durationYears 3 ; ' + IN_APPENDIX_1,
     "Chile: a national policy or plan has no period"),
    ("specialised units", "completeness",
     "",
     "unit:CHL-x a tip:SpecializedUnit ; tip:parentInstitution inst:CHL-pdi ;"
     " prov:wasDerivedFrom appendix:1 .",
     "Chile: no specialised unit"),
    ("dedicated hotline", "completeness",
     "",
     HOTLINE + SOURCED,
     "Chile: no telephone line exclusively for trafficking"),
    ("hotline not answered", "completeness",
     "",
     "finding:x a tip:Finding ; tip:country country:CHL ; tip:value answer:not-answered ; "
     + SOURCED,
     "Chile: no telephone line exclusively for trafficking"),
    ("number of the hotline", "completeness",
     HOTLINE + SOURCED,
     HOTLINE + 'tip:telephone "145" ; ' + SOURCED,
     "Chile: the dedicated hotline has no telephone number"),
    ("operator of the hotline", "completeness",
     HOTLINE + SOURCED,
     HOTLINE + "tip:operatedBy inst:CHL-pdi ; " + SOURCED,
     "Chile: the dedicated hotline has no operating institution"),
    ("operator given as unspecified", "completeness",
     HOTLINE + SOURCED,
     HOTLINE + "tip:unspecified tip:operatedBy ; " + SOURCED,
     "Chile: the dedicated hotline has no operating institution"),
    ("victim protocols", "completeness",
     "",
     "protocol:CHL-x a tip:VictimProtocol ; tip:author inst:CHL-pdi ;"
     " prov:wasDerivedFrom appendix:12 .",
     "Chile: no protocol for identifying"),
    ("information-system model", "completeness",
     "",
     "finding:x a tip:Finding ; tip:country country:CHL ; tip:value model:model-3 ;"
     " prov:wasDerivedFrom section:A .",
     "Chile: no model of gathering information"),
    ("gender perspective", "completeness",
     "",
     "shelter:CHL-x a tip:Shelter ; tip:country country:CHL ; prov:wasDerivedFrom section:A .",
     "Chile: nothing is recorded on a gender perspective"),
    ("vulnerable groups", "completeness",
     "",
     "finding:x a tip:Finding ; tip:country country:CHL ; tip:value variable:age ;"
     " prov:wasDerivedFrom section:C .",
     "Chile: no vulnerable group"),
    ("flows", "completeness",
     "",
     "flow:CHL-x a tip:TraffickingFlow ; tip:country country:CHL ; prov:wasDerivedFrom section:C .",
     "Chile: no trafficking flow"),
    # Consistency: several nodes together.
    ("hotline that is also a police line", "consistency",
     HOTLINE + 'a tip:PoliceLine ; tip:telephone "145" ; ' + SOURCED,
     HOTLINE + 'tip:telephone "145" ; ' + SOURCED,
     "Chile: the line 145 is listed both as a dedicated trafficking hotline and as a police line"),
    ("exclusive categories", "consistency",
     SOLE + "prov:wasDerivedFrom diagram:1 .\n"
     "finding:coll a tip:Finding ; tip:country country:CHL ; tip:value authority:collegiate ;"
     " prov:wasDerivedFrom section:A .",
     SOLE + "prov:wasDerivedFrom diagram:1 .\n"
     "finding:coll a tip:Finding ; tip:country country:CHL ; tip:value authority:collegiate ;"
     " prov:wasDerivedFrom section:A .\n" + TWO_READINGS + DISCREPANCY
     + "tip:concerns finding:coll .",
     'Chile: the report places the country both in "sole authority" and in "collegiate authority"'),
    ("figure that differs from its findings", "consistency",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 2 ; tip:counts authority:sole .\n"
     + SOLE + "prov:wasDerivedFrom diagram:1 .",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 1 ; tip:counts authority:sole .\n"
     + SOLE + "prov:wasDerivedFrom diagram:1 .",
     "report states 2 for"),
    ("figure that differs, with a discrepancy", "consistency",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 2 ; tip:counts authority:sole .\n"
     + SOLE + "prov:wasDerivedFrom diagram:1 .",
     FIGURE + "tip:statistic statistic:count ; tip:statedValue 2 ; tip:counts authority:sole .\n"
     + SOLE + "prov:wasDerivedFrom diagram:1 .\n" + TWO_READINGS + DISCREPANCY
     + "tip:concerns figure:x .",
     "but the graph's findings give 1"),
    ("given and stated unspecified", "consistency",
     HOTLINE + "tip:operatedBy inst:CHL-pdi ; tip:unspecified tip:operatedBy ; " + SOURCED,
     HOTLINE + "tip:operatedBy inst:CHL-pdi ; " + SOURCED,
     "is given and also stated as unspecified"),
]


@pytest.fixture(scope="session")
def ontology(project) -> Graph:
    return load_files(sorted(project.ontology_dir.glob("*.ttl")))


@pytest.fixture(scope="session")
def shapes(project):
    return load_shapes(project)


@pytest.fixture(scope="session")
def check(ontology, shapes):
    """Validate BASE plus a record against the shapes of one purpose."""

    def run(purpose: str, record: str, fail_on: str = "info"):
        data = Graph()
        data += ontology
        data.parse(data=BASE + record, format="turtle")
        return validate_graph(data, shapes.only(purpose), fail_on)

    return run


def _messages(validation) -> list[str]:
    return [result.message for result in validation.results]


@pytest.mark.parametrize(
    "purpose, wrong, right, words", [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_shape_fires_on_the_wrong_record_and_not_on_the_right_one(check, purpose, wrong, right,
                                                                   words):
    fired = _messages(check(purpose, wrong))
    assert any(words in message for message in fired), fired
    quiet = _messages(check(purpose, right))
    assert not any(words in message for message in quiet), quiet


def test_every_purpose_has_cases():
    assert {case[1] for case in CASES} == set(PURPOSES)


def test_the_base_record_breaks_no_structure_or_consistency_shape(check):
    for purpose in ("structure", "consistency"):
        assert check(purpose, "").results == ()


@pytest.mark.parametrize("fail_on, conforms", [("violation", True), ("warning", False),
                                               ("info", False)])
def test_severity_chooses_what_fails(check, fail_on, conforms):
    record = HOTLINE + SOURCED  # complete enough for no violation, not for completeness
    validation = check("completeness", record, fail_on)
    assert validation.conforms is conforms
    assert next(validation.report_graph.objects(None, SH.conforms)).toPython() is conforms


def test_result_messages_name_the_country_and_no_shacl_path(check):
    validation = check("structure", HOTLINE + 'tip:telephone "12" .')
    assert validation.results
    for result in validation.results:
        assert result.message.startswith("Chile: ")
        assert "sh:" not in result.message and "tip:" not in result.message
        assert result.country_name == "Chile"


def test_validation_unpacks_like_pyshacl(check):
    conforms, report_graph, report_text = check("structure", HOTLINE + SOURCED)
    assert conforms is True
    assert isinstance(report_graph, Graph)
    assert report_text.startswith("Validation Report")


def test_report_graph_carries_the_rewritten_messages(check):
    validation = check("structure", HOTLINE + 'tip:telephone "12" ; ' + SOURCED)
    messages = {str(m) for m in validation.report_graph.objects(None, SH.resultMessage)}
    assert "Chile: a telephone number has fewer than three digits" in messages


def test_rdfs_inference_would_hide_a_wrong_country_link(ontology, shapes):
    """Why validation runs without inference: rdfs:range would type the wrong node."""
    data = Graph()
    data += ontology
    data.parse(data=BASE + "hotline:x a tip:DedicatedHotline ; tip:country country:XXX ; "
               + SOURCED, format="turtle")
    ours = validate_graph(data, shapes.only("structure"))
    assert any("not a described country" in m for m in _messages(ours))
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes.graphs["structure"],
                                    inference="rdfs")
    assert (None, SH.sourceShape, SHAPES["LinkToCountry-country"]) in ours.report_graph
    assert (None, SH.sourceShape, SHAPES["LinkToCountry-country"]) not in report


def test_unknown_severity_and_purpose_are_refused(project, check):
    with pytest.raises(ValueError, match="unknown severity"):
        check("structure", "", "fatal")
    with pytest.raises(ShapesError, match="unknown purpose"):
        load_shapes(project, ["style"])


def test_severities_are_the_three_of_shacl():
    assert list(SEVERITIES) == ["violation", "warning", "info"]


def _where(select: str) -> str:
    """The body of a SELECT's WHERE clause, with its whitespace collapsed."""
    body = select.split("WHERE {", 1)[1].rsplit("}", 1)[0]
    return " ".join(body.split())


def test_completeness_constraints_repeat_their_evidence_and_answer_patterns(shapes):
    """An item is missing exactly when neither its evidence nor its answer pattern holds."""
    graph = shapes.graphs["completeness"]
    for shape in graph.subjects(SHAPES.item, None):
        if (shape, SHAPES.dependsOn, None) in graph:
            continue
        select = " ".join(str(graph.value(graph.value(shape, SH.sparql), SH.select)).split())
        for pattern in (SHAPES.evidence, SHAPES.answer):
            assert _where(str(graph.value(shape, pattern))) in select, (shape, pattern)


def test_every_property_of_the_ontology_with_a_range_has_a_structure_shape(ontology, shapes):
    """Drift: a property added to the ontology with a range needs a line in structure.ttl."""
    checked = set(shapes.graphs["structure"].objects(None, SH.path))
    ranged = {
        prop
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for prop in ontology.subjects(RDF.type, kind)
        if str(prop).startswith(str(TIP)) and (prop, RDFS.range, None) in ontology
    }
    assert sorted(ranged - checked) == []
