"""Headers and pages: every HTML answer (errors included) carries security headers with a
Content-Security-Policy that names no other origin and allows no inline script; debug
mode stays off whatever the environment says; nothing a request or the data brings is
rendered unescaped, in text, attributes or the JSON a page hands its scripts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import requests
from rdflib import Graph
from security_support import serve

from tipgraph.build import Build
from tipgraph.catalog import load_catalog
from tipgraph.web import create_app
from tipgraph.web.cache import CacheSettings

HTML = {"Accept": "text/html"}
MARKUP = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
CLOSING = "</script><script>alert(3)</script>"
HOSTILE = (MARKUP, ATTRIBUTE, "<img src=x", "<svg onload", CLOSING, "onerror=alert(2)>")


def directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


class Loads(HTMLParser):
    """Every address a page loads from: scripts, styles, images, frames, forms."""

    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        loads = {"script": "src", "img": "src", "iframe": "src", "embed": "src",
                 "object": "data", "form": "action", "source": "src"}
        if tag in loads and attributes.get(loads[tag]):
            self.addresses.append(attributes[loads[tag]])
        if tag == "link" and attributes.get("href"):
            self.addresses.append(attributes["href"])


def assert_safe_page(response: requests.Response) -> None:
    assert response.headers["Content-Type"].startswith("text/html")
    policy = directives(response.headers["Content-Security-Policy"])
    for name, values in policy.items():
        for value in values:
            assert value in ("'self'", "'none'", "data:", "'unsafe-inline'"), (name, value)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"]
    assert "Werkzeug" not in response.headers.get("Server", "")
    loads = Loads()
    loads.feed(response.text)
    for address in loads.addresses:
        assert address.startswith("/") and not address.startswith("//"), address
    assert "Traceback" not in response.text


PAGES = [
    ("GET", "/", 200), ("GET", "/queries", 200), ("GET", "/queries/member-states", 200),
    ("GET", "/queries/country-profile?country=ARG", 200), ("GET", "/countries", 200),
    ("GET", "/country/ARG", 200), ("GET", "/id/country/ARG", 200), ("GET", "/ontology", 200),
    ("GET", "/editor", 200), ("GET", "/sparql", 200), ("GET", "/dumps/", 200),
    ("GET", "/validate", 200), ("GET", "/completeness", 200),
    ("GET", "/sparql?query=ASK%20%7B%7D", 200),
    ("GET", "/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%203", 200),
    ("GET", "/nowhere", 404), ("GET", "/id/country/XXX", 404), ("GET", "/queries/nothing", 404),
    ("GET", "/sparql?query=SELEC", 400), ("GET", "/sparql?query=LOAD%20%3Curn:x%3E", 400),
    ("GET", "/queries/country-profile?country=XXX", 400),
    ("GET", "/api/queries/country-profile.json?country=XXX", 400),
    ("DELETE", "/sparql", 405), ("POST", "/validate", 400),
]


@pytest.mark.parametrize(("method", "path", "status"), PAGES)
def test_every_page_and_error_page_carries_the_security_headers(any_server, method, path,
                                                                 status):
    response = requests.request(method, any_server + path, headers=HTML, timeout=60)
    assert response.status_code == status, response.text[:200]
    assert_safe_page(response)


def test_a_timeout_page_carries_them_too(make_app):
    with serve(make_app({"query_timeout": 0.5, "query_workers": 1})) as base:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        response = requests.get(f"{base}/sparql", params={"query": slow}, headers=HTML,
                                timeout=60)
    assert response.status_code == 503
    assert_safe_page(response)


@pytest.mark.parametrize("path", ["/sparql?query=ASK%20%7B%7D", "/api/queries/member-states.csv",
                                  "/openapi.json", "/dumps/tipgraph.nt", "/nowhere"])
def test_machine_answers_are_not_sniffed(sec_server, path):
    response = requests.get(sec_server + path, timeout=60)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- debug mode --------------------------------------------------------------------------------


def test_debug_mode_stays_off_whatever_the_environment_says(monkeypatch, sec_build):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("FLASK_ENV", "development")
    app = create_app(sec_build, cache=CacheSettings(entries=0))
    assert app.debug is False
    assert app.config["PROPAGATE_EXCEPTIONS"] is not True

    def broken():
        raise RuntimeError("secret internals /etc/passwd")

    app.add_url_rule("/broken", "broken", broken)
    with serve(app) as base:
        for headers in ({"Accept": "application/json"}, HTML):
            response = requests.get(f"{base}/broken", headers=headers, timeout=60)
            assert response.status_code == 500
            assert "internal error" in response.text
            for leak in ("Traceback", "RuntimeError", "secret internals", "/etc/passwd",
                         "Werkzeug Debugger", "__debugger__"):
                assert leak not in response.text
        assert requests.get(f"{base}/console", timeout=60).status_code == 404


# --- escaping ---------------------------------------------------------------------------------


def assert_escaped(text: str) -> None:
    for marker in HOSTILE:
        assert marker not in text, marker


@pytest.mark.parametrize(("path", "params"), [
    ("/sparql", {"query": f"ASK {{}} # {MARKUP} {ATTRIBUTE}"}),
    ("/sparql", {"query": f"SELECT ?x WHERE {{ BIND(\"{CLOSING}\" AS ?x) }}"}),
    ("/sparql", {"query": f"SELEC {MARKUP}"}),
    ("/sparql", {"query": f"SELECT * WHERE {{ ?s ?p ?o }} {ATTRIBUTE}"}),
    (f"/id/{MARKUP}", {}),
    (f"/country/{ATTRIBUTE}", {}),
    (f"/queries/{MARKUP}", {}),
    ("/queries/institution-search", {"text": ATTRIBUTE}),
    ("/queries/country-profile", {"country": ATTRIBUTE}),
    ("/queries/items-dated-in-year", {"year": MARKUP}),
    ("/api/queries/country-profile.json", {"country": MARKUP}),
    ("/sparql", {"query": "ASK {}", "format": ATTRIBUTE}),
])
def test_what_a_request_sends_comes_back_escaped(sec_server, path, params):
    response = requests.get(sec_server + path, params=params, headers=HTML, timeout=60)
    assert response.status_code < 500
    assert_escaped(response.text)


SUBMISSION = f"""
@prefix tip:  <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/tipgraph/id/country/XSS> a tip:Country ;
    rdfs:label "{MARKUP}"@en, '''{ATTRIBUTE}'''@es ;
    tip:iso3166Alpha3 "XSS" ; rdfs:comment "{CLOSING}" .
<https://w3id.org/tipgraph/id/hotline/XSS-1> a tip:DedicatedHotline ;
    rdfs:label "{CLOSING}" ;
    tip:country <https://w3id.org/tipgraph/id/country/XSS> .
"""


@pytest.mark.parametrize("name", [f"{MARKUP}.ttl", f"{ATTRIBUTE}.ttl", "plain.ttl"])
def test_a_validation_report_page_escapes_the_submission(sec_server, name):
    response = requests.post(f"{sec_server}/validate", headers=HTML, timeout=120,
                             files={"file": (name, SUBMISSION.encode(), "text/turtle")})
    assert response.status_code == 200, response.text[:300]
    assert_safe_page(response)
    assert_escaped(response.text)


CHART_QUERY = """#+ summary: "Hostile labels in a chart"
#+ chart:
#+   type: bar
#+   x: label
#+   y: n

PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?label } GROUP BY ?label
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Data whose labels are markup, with a canned query that charts them."""
    folder = tmp_path_factory.mktemp("hostile-queries")
    (folder / "hostile-chart.rq").write_text(CHART_QUERY)
    graph = Graph().parse(data=SUBMISSION, format="turtle")
    app = create_app(Build(graph, "hostile"), {"query_workers": 1},
                     catalog=load_catalog(folder), cache=CacheSettings(entries=0))
    with serve(app) as base:
        yield base


@pytest.mark.parametrize("path", [
    "/queries/hostile-chart", "/queries", "/id/country/XSS", "/id/hotline/XSS-1",
    "/country/XSS", "/countries",
    "/sparql?query=SELECT%20%3Fs%20%3Fl%20WHERE%20%7B%3Fs%20%3Fp%20%3Fl%7D",
])
def test_markup_in_the_data_is_escaped_in_text_attributes_and_script_data(hostile, path):
    response = requests.get(hostile + path, headers=HTML, timeout=60)
    assert response.status_code == 200, response.text[:300]
    assert_safe_page(response)
    assert_escaped(response.text)
    for block in re.findall(r"<script[^>]*>(.*?)</script>", response.text, flags=re.S):
        assert "<" not in block, block[:200]
