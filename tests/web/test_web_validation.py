"""/validate and /completeness through HTTP: uploads in every RDF syntax, reports in every
format, bad input as a 4xx with a message, the completeness table as a page and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
import requests
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH
from web_support import serve

import iri_cases
from tipgraph.web import create_app

TIP = Namespace("https://w3id.org/tipgraph/ontology#")
HOTLINE = """
@prefix tip:  <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/tipgraph/id/hotline/GUY-999> a tip:DedicatedHotline ;
    rdfs:label "Guyana trafficking hotline"@en ;
    tip:country <https://w3id.org/tipgraph/id/country/GUY> ;
    prov:wasDerivedFrom <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/9> .
"""
BROKEN = HOTLINE.replace("tip:country", "tip:country tip:country")


def as_format(fmt: str) -> str:
    return Graph().parse(data=HOTLINE, format="turtle").serialize(format=fmt)


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("turtle", "text/turtle"), ("nt", "application/n-triples"),
    ("json-ld", "application/ld+json"), ("xml", "application/rdf+xml"),
])
def test_a_posted_body_in_each_syntax_is_validated(server, fmt, media_type):
    response = requests.post(f"{server}/validate", data=as_format(fmt).encode(),
                             headers={"Content-Type": media_type,
                                      "Accept": "application/json"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["conforms"] is True      # warnings and infos do not fail by default
    assert report["counts"]["warning"] >= 1
    messages = [r["message"] for r in report["results"]]
    assert any(m.startswith("Guyana: ") for m in messages)


def test_a_multipart_upload_is_validated(server):
    response = requests.post(f"{server}/validate", headers={"Accept": "application/json"},
                             files={"file": ("guyana.ttl", HOTLINE.encode(), "text/turtle")},
                             data={"severity": "warning"})
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False and report["fail_on"] == "warning"


def test_the_report_as_turtle_is_a_shacl_report(server):
    response = requests.post(f"{server}/validate", data=HOTLINE.encode(),
                             headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms) == Literal(True)
    assert len(list(graph.objects(report, SH.result))) >= 1


def test_the_report_as_a_page(server):
    response = requests.post(f"{server}/validate", headers={"Accept": "text/html"},
                             files={"file": ("guyana.ttl", HOTLINE.encode())})
    assert response.status_code == 200 and "text/html" in response.headers["Content-Type"]
    assert "Report for guyana.ttl" in response.text and "Guyana: " in response.text


def test_the_form_page(server):
    page = requests.get(f"{server}/validate", headers={"Accept": "text/html"}).text
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page


@pytest.mark.parametrize(("body", "content_type", "words"), [
    (BROKEN.encode(), "text/turtle", "not valid Turtle"),
    (b"", "text/turtle", "empty"),
    (b"\xff\xfe\x00junk", "text/turtle", "UTF-8"),
    (b"just some words", "text/plain", "unknown format"),
    (b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:x"}',
     "application/ld+json", "context"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
     b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
     "application/rdf+xml", "DOCTYPE"),
] + [(case.text.encode(), case.media_type, case.words) for case in iri_cases.CASES])
def test_bad_input_is_a_400_with_a_message(server, body, content_type, words):
    response = requests.post(f"{server}/validate", data=body,
                             headers={"Content-Type": content_type})
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert "root:" not in response.text


def test_an_invalid_iri_on_a_page_is_named_escaped(server):
    angle = next(case for case in iri_cases.CASES if case.name == "angle.ttl")
    response = requests.post(f"{server}/validate", headers={"Accept": "text/html"},
                             files={"file": (angle.name, angle.text.encode())})
    assert response.status_code == 400 and "text/html" in response.headers["Content-Type"]
    assert f"line 3: invalid IRI &lt;{iri_cases.GUYANA}&lt;999&gt;" in response.text


def test_a_blank_node_named_with_a_space_is_validated(server):
    """JSON-LD may call a blank node anything; the validating store is given an IRI."""
    body = json.dumps({"@id": "_:the hotline", "@type": str(TIP.DedicatedHotline),
                       str(TIP.country): {"@id": "https://w3id.org/tipgraph/id/country/GUY"}})
    response = requests.post(f"{server}/validate", data=body.encode(),
                             headers={"Content-Type": "application/ld+json",
                                      "Accept": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"]


def test_a_bad_severity_is_400_naming_it(server):
    response = requests.post(f"{server}/validate?severity=fatal", data=HOTLINE.encode(),
                             headers={"Content-Type": "text/turtle"})
    assert response.status_code == 400 and response.json()["parameter"] == "severity"


def test_a_form_without_a_file_is_400(server):
    response = requests.post(f"{server}/validate", data={"severity": "info"})
    assert response.status_code == 400 and "file" in response.json()["error"]


def test_a_body_over_the_limit_is_413(server):
    response = requests.post(f"{server}/validate", data=b"#" * 300_000,
                             headers={"Content-Type": "text/turtle"})
    assert response.status_code == 413
    assert response.json()["error"]


def test_an_app_without_shapes_says_validation_is_off(web_build):
    with serve(create_app(web_build)) as base:
        response = requests.post(f"{base}/validate", data=HOTLINE.encode(),
                                 headers={"Content-Type": "text/turtle"})
        assert response.status_code == 503 and "shapes" in response.json()["error"]
        assert requests.get(f"{base}/country/ARG").status_code == 200


# --- completeness -----------------------------------------------------------------------


def test_the_completeness_page_lists_every_respondent(server, web_build):
    page = requests.get(f"{server}/completeness", headers={"Accept": "text/html"}).text
    respondents = len(set(web_build.graph.subjects(TIP.respondentTo, None)))
    assert page.count('#completeness">') == respondents
    assert "mandatory" in page and "<meter" in page


@pytest.mark.parametrize(("path", "accept"), [("/completeness.csv", None),
                                              ("/completeness", "text/csv")])
def test_the_completeness_csv(server, path, accept):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server + path, headers=headers)
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"code", "country", "item", "status", "score"} <= set(rows[0])
    assert "ARG" in {row["code"] for row in rows}
    assert {row["status"] for row in rows} <= {"present", "no", "unknown", "missing", "n/a"}


def test_the_completeness_json(server):
    rows = json.loads(requests.get(f"{server}/completeness.json").text)
    argentina = next(row for row in rows if row["code"] == "ARG")
    assert 0 <= argentina["score"] <= 1 and argentina["items"]


def test_a_profile_shows_its_completeness(server):
    page = requests.get(f"{server}/country/ARG").text
    assert 'id="completeness"' in page and "mandatory" in page
    index = requests.get(f"{server}/countries").text
    assert 'href="/country/ARG#completeness"' in index
