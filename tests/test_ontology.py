"""The ontology: it parses, loads in owlready2, and every term is labelled and defined."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL, SKOS

from tipgraph.load import load_files
from tipgraph.namespaces import TIP

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return load_files(sorted(project.ontology_dir.glob("*.ttl")))


def _local_terms(ontology, kind):
    return sorted(s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(TIP)))


@pytest.mark.parametrize("kind", TERM_TYPES, ids=lambda k: k.fragment)
def test_every_term_has_an_english_label_and_a_definition(ontology, kind):
    terms = _local_terms(ontology, kind)
    assert terms, f"no {kind} in the ontology"
    for term in terms:
        labels = [o for o in ontology.objects(term, RDFS.label) if o.language == "en"]
        assert labels, f"{term} has no English rdfs:label"
        assert (term, SKOS.definition, None) in ontology, f"{term} has no skos:definition"


def test_every_concept_has_a_label_definition_and_scheme(ontology):
    concepts = list(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        assert (concept, SKOS.prefLabel, None) in ontology, concept
        assert (concept, SKOS.definition, None) in ontology, concept
        scheme = ontology.value(concept, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology, concept


def test_the_kinds_of_things_the_report_speaks_of_are_classes(ontology):
    expected = {
        "Country", "NationalAuthority", "InterAgencyBody", "PublicInstitution",
        "CivilSocietyOrganization", "SpecializedUnit", "LegalInstrument", "PolicyInstrument",
        "DiagnosticAssessment", "StatisticalReport", "InvestigationProtocol", "VictimProtocol",
        "DedicatedHotline", "PoliceLine", "ThematicLine", "EmergencyLine", "CrimeStoppersLine",
        "MinistryLine", "ConsularLine", "MigrationLine", "JusticeSystemLine", "OnlineChannel",
        "InPersonChannel", "InformationSystem", "VulnerableArea", "TraffickingFlow",
        "GenderBody", "Shelter", "Discrepancy", "ReportedFigure", "Finding", "Report",
        "Section", "Appendix", "Table", "Diagram", "Figure", "QuestionnaireQuestion",
    }
    classes = {str(c).removeprefix(str(TIP)) for c in _local_terms(ontology, OWL.Class)}
    assert expected <= classes, expected - classes


def test_forms_of_exploitation_link_to_sdg_indicator_16_2_2(ontology):
    sdg = "http://metadata.un.org/sdg/C160202"
    matched = {str(c) for c in ontology.subjects(SKOS.closeMatch, None)
               if str(ontology.value(c, SKOS.closeMatch)) == sdg}
    base = "https://w3id.org/tipgraph/concept/"
    assert {base + "exploitation/sexual", base + "exploitation/forced-labour",
            base + "vulnerability-variable/sex", base + "vulnerability-variable/age"} <= matched


def test_the_ontology_loads_in_owlready2(ontology, tmp_path):
    path = tmp_path / "tipgraph.owl"
    ontology.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert {"Country", "DedicatedHotline", "Discrepancy"} <= names
