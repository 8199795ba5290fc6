"""Pages for people: home, countries, profiles; errors; security headers; escaping."""

from __future__ import annotations

import re

import pytest
import requests
from rdflib import Graph
from web_support import serve

from tipgraph.build import Build
from tipgraph.web import create_app

HTML = {"Accept": "text/html"}
PAGES = ["/", "/queries", "/countries", "/country/ARG", "/id/country/ARG", "/ontology",
         "/editor", "/sparql", "/dumps/", "/queries/test-countries-by-region"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_security_headers(server, path):
    response = requests.get(server + path, headers=HTML)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no external origin
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "http://" not in response.text.split("<main>")[0]  # nothing loaded from elsewhere
    assert "Werkzeug" not in response.headers.get("Server", "")


def test_the_home_page_says_what_is_served(server, web_build):
    page = requests.get(server + "/").text
    assert web_build.version in page and f"{len(web_build.graph)} triples" in page


def test_the_country_index_links_every_member_state(server):
    page = requests.get(f"{server}/countries").text
    assert len(set(re.findall(r'href="/country/([A-Z]{3})"', page))) == 35
    assert '<a href="/country/ARG">Argentina</a>' in page


def test_a_profile_shows_facts_by_kind_with_sources_and_discrepancies(server):
    page = requests.get(f"{server}/country/ARG").text
    assert "<h1>Argentina</h1>" in page
    for section in ('id="authority"', 'id="laws"', 'id="findings"', 'id="discrepancies"'):
        assert section in page
    assert 'href="/id/body/ARG-federal-council"' in page       # a fact, linked
    assert 'href="/source/oas-tip-2018/appendix/1"' in page     # its report part
    assert page.count('class="source-line"') >= 5
    assert "Argentine" in page and "@fr" in page                  # names in four languages


def test_a_profile_lists_the_discrepancies_about_the_country(server, web_build):
    from tipgraph.namespaces import TIP

    concerned = {d for d, node in web_build.graph.subject_objects(TIP.concerns)
                 if str(node).split("/")[-1].startswith("PER")}
    page = requests.get(f"{server}/country/PER").text
    for discrepancy in concerned:
        assert str(discrepancy).replace("https://w3id.org/tipgraph", "") in page


def test_country_codes_are_read_in_any_case(server):
    assert requests.get(f"{server}/country/arg").status_code == 200


@pytest.mark.parametrize("path", ["/country/XXX", "/country/AR", "/country/..%2F..",
                                  "/no/such/page"])
def test_unknown_pages_are_404_as_json_or_html(server, path):
    as_json = requests.get(server + path)
    assert as_json.status_code == 404
    assert as_json.headers["Content-Type"].startswith("application/json")
    assert as_json.json()["status"] == 404
    as_html = requests.get(server + path, headers=HTML)
    assert as_html.status_code == 404
    assert as_html.headers["Content-Type"].startswith("text/html")
    assert "Traceback" not in as_html.text


def test_assets_come_from_the_installed_packages(server, project):
    for name, marker in (("chart.js", b"Chart"), ("yasgui.js", b"Yasgui"),
                         ("yasgui.css", b"yasgui")):
        response = requests.get(f"{server}/assets/{name}")
        assert response.status_code == 200 and marker in response.content
    assert requests.get(f"{server}/assets/..%2Fpackage.json").status_code == 404
    assert requests.get(f"{server}/assets/lodash.js").status_code == 404


def test_an_app_without_front_end_packages_says_how_to_install_them(web_build):
    with serve(create_app(web_build)) as base:
        response = requests.get(f"{base}/assets/chart.js")
    assert response.status_code == 404 and "npm ci" in response.json()["error"]


# --- escaping -------------------------------------------------------------------------------

MARKUP = "<script>alert(1)</script>"
HOSTILE = f"""
@prefix tip:  <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/tipgraph/id/country/XSS> a tip:Country ;
    rdfs:label "{MARKUP}"@en ;
    skos:prefLabel "{MARKUP}"@en ;
    tip:iso3166Alpha3 "XSS" ;
    rdfs:seeAlso <javascript:alert(2)> ;
    prov:wasDerivedFrom <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/1> .
<https://w3id.org/tipgraph/id/law/XSS-1> a tip:LegalInstrument ;
    rdfs:label "<img src=x onerror=alert(3)>" ;
    tip:country <https://w3id.org/tipgraph/id/country/XSS> ;
    tip:note "\\"><svg onload=alert(4)>" ;
    prov:wasDerivedFrom <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/1> .
<https://w3id.org/tipgraph/id/discrepancy/XSS> a tip:Discrepancy ;
    rdfs:label "{MARKUP}" ;
    tip:concerns <https://w3id.org/tipgraph/id/country/XSS> ;
    tip:resolution "{MARKUP}" .
"""


@pytest.fixture(scope="module")
def hostile():
    graph = Graph().parse(data=HOSTILE, format="turtle")
    with serve(create_app(Build(graph, "hostile"))) as base:
        yield base


@pytest.mark.parametrize("path", [
    "/id/country/XSS", "/id/law/XSS-1", "/country/XSS", "/countries",
    "/id/discrepancy/XSS",
    "/sparql?query=SELECT%20%3Fl%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fl%20%7D",
])
def test_markup_in_the_data_is_shown_escaped(hostile, path):
    response = requests.get(hostile + path, headers=HTML)
    assert response.status_code == 200
    text = response.text
    assert MARKUP not in text
    assert "<img src=x" not in text and "<svg onload" not in text
    assert 'href="javascript:' not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "&lt;img src=x" in text
