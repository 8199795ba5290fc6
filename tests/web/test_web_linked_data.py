"""Dereferencing, the ontology's page, dumps and VoID, through plain HTTP."""

from __future__ import annotations

import json

import pytest
import requests
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, VOID

from tipgraph.build import write_dumps
from tipgraph.namespaces import TIP

ARG = URIRef("https://w3id.org/tipgraph/id/country/ARG")
RESOURCES = [
    "/id/country/ARG",
    "/id/body/ARG-federal-council",
    "/concept/m49-region/caribbean",
    "/source/oas-tip-2018/appendix/1",
    "/source/oas-tip-2018",
]
RDF_TYPES = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
             ("application/n-triples", "nt"), ("application/rdf+xml", "xml")]
SUFFIXES = [(".ttl", "text/turtle", "turtle"), (".jsonld", "application/ld+json", "json-ld"),
            (".nt", "application/n-triples", "nt"), (".rdf", "application/rdf+xml", "xml")]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def iri(path: str) -> URIRef:
    return URIRef("https://w3id.org/tipgraph" + path)


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(("accept", "parse_as"), RDF_TYPES)
def test_every_kind_of_iri_answers_in_rdf_by_accept(server, path, accept, parse_as):
    response = requests.get(server + path, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == accept
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    graph = Graph().parse(data=response.text, format=parse_as)
    assert set(graph.subjects()) >= {iri(path)}


@pytest.mark.parametrize(("suffix", "media_type", "parse_as"), SUFFIXES)
def test_a_file_suffix_picks_the_format(server, suffix, media_type, parse_as):
    response = requests.get(f"{server}/id/country/ARG{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    graph = Graph().parse(data=response.text, format=parse_as)
    assert (ARG, TIP.iso3166Alpha3, Literal("ARG")) in graph


def test_rdf_is_the_iris_description_from_the_graph(server, web_build):
    response = requests.get(f"{server}/id/country/ARG", headers={"Accept": "text/turtle"})
    served = Graph().parse(data=response.text, format="turtle")
    expected = Graph()
    for triple in web_build.graph.triples((ARG, None, None)):
        expected.add(triple)
    assert isomorphic(served, expected)


@pytest.mark.parametrize("path", RESOURCES)
def test_a_browser_gets_a_page(server, path):
    response = requests.get(server + path, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Access-Control-Allow-Origin" not in response.headers
    assert str(iri(path)) in response.text


def test_a_page_shows_labels_types_properties_links_and_sources(server):
    page = requests.get(f"{server}/id/body/ARG-federal-council",
                        headers={"Accept": "text/html"}).text
    assert "Federal Council to Combat the Trafficking" in page          # label
    assert 'href="/id/country/ARG"' in page                            # linked value
    assert 'href="/source/oas-tip-2018/appendix/1"' in page             # provenance
    assert "Where the report says it" in page
    assert "tip:InterAgencyBody" in page or "inter-agency body" in page.lower()  # type
    country = requests.get(f"{server}/id/country/ARG", headers={"Accept": "text/html"}).text
    assert 'href="/country/ARG"' in country                             # its profile
    assert "Pointed at by" in country and 'href="/id/body/ARG-federal-council"' in country


def test_unknown_iris_are_404_in_either_format(server):
    page = requests.get(f"{server}/id/country/XXX", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["Content-Type"]
    data = requests.get(f"{server}/id/country/XXX.ttl")
    assert data.status_code == 404
    assert data.json()["error"].startswith("no resource")
    assert requests.get(f"{server}/concept/nothing/here").status_code == 404
    assert requests.get(f"{server}/id/country/A%20B").status_code == 404


def test_a_type_no_resource_has_is_406(server):
    response = requests.get(f"{server}/id/country/ARG", headers={"Accept": "image/png"})
    assert response.status_code == 406


# --- ontology -------------------------------------------------------------------------


def test_the_ontology_page_documents_the_terms(server):
    response = requests.get(f"{server}/ontology", headers={"Accept": BROWSER})
    assert response.status_code == 200
    page = response.text
    for anchor in ('id="Finding"', 'id="ReportedFigure"', 'id="country"', 'id="schemes"'):
        assert anchor in page
    assert "Anything the graph states on the report" in page            # a definition


@pytest.mark.parametrize(("path", "accept", "parse_as"), [
    ("/ontology", "text/turtle", "turtle"),
    ("/ontology.ttl", "*/*", "turtle"),
    ("/ontology", "application/ld+json", "json-ld"),
    ("/ontology.nt", "*/*", "nt"),
])
def test_the_ontology_as_rdf(server, web_build, path, accept, parse_as):
    response = requests.get(server + path, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format=parse_as)
    ontology = URIRef("https://w3id.org/tipgraph/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert (TIP.Finding, RDF.type, OWL.Class) in graph
    # defined classes come with their blank-node definitions, whole
    definition = graph.value(TIP.SoleAuthorityCountry, OWL.equivalentClass)
    assert definition is not None and graph.value(definition, OWL.intersectionOf) is not None


# --- dumps and VoID ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(web_build, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist")
    write_dumps(web_build, folder)
    return folder


@pytest.mark.parametrize(("name", "media_type"), [
    ("tipgraph.ttl", "text/turtle"), ("tipgraph.nt", "application/n-triples"),
    ("tipgraph.jsonld", "application/ld+json"), ("context.jsonld", "application/ld+json"),
    ("inferred.nt", "application/n-triples"), ("void.ttl", "text/turtle"),
    ("tipgraph.nq", "application/n-quads"), ("tipgraph.trig", "application/trig"),
])
def test_dumps_are_the_files_the_build_writes(server, written, name, media_type):
    response = requests.get(f"{server}/dumps/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.content == (written / name).read_bytes()
    again = requests.get(f"{server}/dumps/{name}",
                         headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_turtle_dump_holds_the_graph(server, web_build):
    response = requests.get(f"{server}/dumps/tipgraph.nt")
    assert len(Graph().parse(data=response.text, format="nt")) == len(web_build.graph)


def test_the_quads_dump_holds_a_graph_per_report_part(server):
    response = requests.get(f"{server}/dumps/tipgraph.nq")
    dataset = Dataset().parse(data=response.text, format="nquads")
    appendix_3 = URIRef("https://w3id.org/tipgraph/source/oas-tip-2018/appendix/3")
    brazil = URIRef("https://w3id.org/tipgraph/id/policy/BRA-2013-2016")  # Appendix 3's row
    assert (brazil, RDF.type, TIP.PolicyInstrument) in dataset.graph(appendix_3)


@pytest.mark.parametrize("name", ["missing.ttl", "..%2Fpyproject.toml", "VERSION",
                                  "%2Fetc%2Fpasswd"])
def test_only_named_dumps_are_served(server, name):
    response = requests.get(f"{server}/dumps/{name}")
    assert response.status_code == 404
    assert "[project]" not in response.text and "root:" not in response.text


@pytest.mark.parametrize(("accept", "parse_as"), [(None, "turtle"), ("text/turtle", "turtle"),
                                                  ("application/ld+json", "json-ld")])
def test_void_describes_the_dataset(server, web_build, accept, parse_as):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(f"{server}/.well-known/void", headers=headers)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    graph = Graph().parse(data=response.text, format=parse_as)
    dataset = URIRef("https://w3id.org/tipgraph/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert int(graph.value(dataset, VOID.triples)) == len(web_build.graph)


def test_the_dumps_page_lists_them(server):
    page = requests.get(f"{server}/dumps/").text
    for name in ("tipgraph.ttl", "tipgraph.nt", "tipgraph.jsonld", "void.ttl"):
        assert f'href="/dumps/{name}"' in page


def test_context_is_json(server):
    assert "tip" in json.loads(requests.get(f"{server}/dumps/context.jsonld").text)["@context"]
