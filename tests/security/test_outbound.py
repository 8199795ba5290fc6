"""No outbound reach: nothing a request sends makes the server open a connection or read
a file, on any route that takes input.

A listener on 127.0.0.1 counts every connection attempt, and a named pipe counts every
attempt to read it (and would hand the reader a marker that must never show up in an
answer). Each test compares the counts before and after: queries by the SPARQL 1.1
Protocol in each of its encodings, dataset parameters, every canned query's every
parameter, uploads to /validate, and the same through the command line.
"""

from __future__ import annotations

import json

import pytest
import requests
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from security_support import KNOWN_ATTEMPTS, PROLOGUE, SECRET, FileTrap, reach_attempts, serve

from tipgraph.cli import main


@pytest.fixture(scope="session")
def trap(tmp_path_factory):
    watched = FileTrap(tmp_path_factory.mktemp("trap"))
    yield watched
    watched.close()


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def endpoint(request, make_app):
    with serve(make_app({"engine": request.param, "query_workers": 2})) as base:
        yield base


class Watch:
    """The listener's and the trap's counts, before and after something happens."""

    def __init__(self, listener, trap):
        self.listener, self.trap = listener, trap
        self.before = (listener.count, trap.settle())

    def nothing_reached(self) -> bool:
        return (self.listener.count, self.trap.settle()) == self.before


@pytest.fixture
def watch(listener, trap):
    return lambda: Watch(listener, trap)


def targets(listener, trap) -> list[str]:
    return [listener.url, trap.url]


def send(base: str, how: str, query: str, **params) -> requests.Response:
    """Send a query by GET, by POST form or by POST body."""
    url = f"{base}/sparql"
    if how == "GET":
        return requests.get(url, params={"query": query, **params}, timeout=60)
    if how == "form":
        return requests.post(url, data={"query": query, **params}, timeout=60)
    return requests.post(url, params=params, data=query.encode("utf-8"), timeout=60,
                         headers={"Content-Type": "application/sparql-query"})


HOW = ["GET", "form", "body"]
TIP = "https://w3id.org/tipgraph/ontology#"


# --- the SPARQL endpoint -------------------------------------------------------------------


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("attempt", KNOWN_ATTEMPTS)
def test_queries_that_would_reach_out_are_refused_with_the_reason(endpoint, watch, listener,
                                                                  trap, how, attempt):
    for target in targets(listener, trap):
        seen = watch()
        response = send(endpoint, how, (PROLOGUE + attempt).format(url=target))
        assert response.status_code == 400, response.text[:300]
        message = response.json()["error"]
        assert "refused" in message and ("SERVICE" in message or "FROM" in message)
        assert SECRET not in response.text
        assert seen.nothing_reached()


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE {{ BIND(<{url}> AS ?x) }}",
    "DESCRIBE <{url}>",
    "SELECT (IRI(\"{url}\") AS ?x) (STRLEN(STR(<{url}>)) AS ?n) WHERE {{}}",
    "CONSTRUCT {{ <{url}> <urn:p> ?s }} WHERE {{ ?s a <" + TIP + "Country> }}",
    "ASK {{ <{url}> ?p ?o }}",
    "PREFIX service: <{url}> SELECT ?service WHERE {{ ?service service:from ?load }}",
])
def test_queries_that_only_name_an_address_run_without_reaching_it(endpoint, watch, listener,
                                                                   trap, how, query):
    for target in targets(listener, trap):
        seen = watch()
        response = send(endpoint, how, query.format(url=target))
        assert response.status_code == 200, response.text[:300]
        assert SECRET not in response.text
        assert seen.nothing_reached()


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_a_dataset_elsewhere_is_refused_without_reaching_it(endpoint, watch, listener, trap,
                                                            how, parameter):
    for target in targets(listener, trap):
        seen = watch()
        response = send(endpoint, how, "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                        **{parameter: target})
        assert response.status_code == 400
        assert f"<{target}> names no graph of this dataset" in response.json()["error"]
        assert seen.nothing_reached()


@pytest.mark.parametrize("how", HOW)
def test_the_deployed_server_refuses_to_reach_out(served, watch, listener, trap, how):
    """The same through `tipgraph serve` as deployed."""
    for attempt in KNOWN_ATTEMPTS:
        for target in targets(listener, trap):
            seen = watch()
            response = send(served, how, (PROLOGUE + attempt).format(url=target))
            assert response.status_code == 400, response.text[:300]
            assert seen.nothing_reached()
    for parameter in ("default-graph-uri", "named-graph-uri"):
        seen = watch()
        response = send(served, how, "ASK {}", **{parameter: listener.url})
        assert response.status_code == 400 and seen.nothing_reached()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempt=reach_attempts)
def test_no_query_text_reaches_out(sec_server, watch, listener, attempt):
    seen = watch()
    response = send(sec_server, "form", (PROLOGUE + attempt).format(url=listener.url))
    assert response.status_code in (200, 400), response.text[:300]
    assert seen.nothing_reached(), attempt


# --- canned queries --------------------------------------------------------------------------


def test_no_canned_query_parameter_reaches_out(sec_server, sec_catalog, watch, listener,
                                               trap):
    seen = watch()
    for query in sec_catalog:
        for parameter in query.parameters:
            for target in targets(listener, trap):
                for path in (f"/api/queries/{query.name}.json", f"/queries/{query.name}"):
                    response = requests.get(sec_server + path, timeout=60,
                                            params={parameter.name: target})
                    assert response.status_code in (200, 400), (path, response.text[:200])
                    assert SECRET not in response.text
    assert seen.nothing_reached()


# --- uploads -----------------------------------------------------------------------------------

# (name, media type, text with {url}, status): what /validate does with each. Refused ones
# say why; the others are validated without the parser following anything.
UPLOADS = [
    ("imports.ttl", "text/turtle",
     "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
     "<urn:x:sub> a owl:Ontology ; owl:imports <{url}> .\n", 200),
    ("base.ttl", "text/turtle",
     "@base <{url}> .\n<country> a <" + TIP + "Country> .\n", 200),
    ("remote-context.jsonld", "application/ld+json",
     json.dumps({"@context": "{url}", "@id": "urn:x:a", "name": "x"}), 400),
    ("context-list.jsonld", "application/ld+json",
     json.dumps({"@context": [{"n": "urn:x:n"}, "{url}"], "@id": "urn:x:a", "n": "x"}), 400),
    ("import.jsonld", "application/ld+json",
     json.dumps({"@context": {"@import": "{url}", "n": "urn:x:n"}, "@id": "urn:x:a",
                 "n": "x"}), 400),
    ("scoped.jsonld", "application/ld+json",
     json.dumps({"@context": {"t": {"@id": "urn:x:t", "@context": "{url}"}},
                 "@id": "urn:x:a", "t": {"@id": "urn:x:b"}}), 400),
    ("nested.jsonld", "application/ld+json",
     json.dumps({"@context": {"n": "urn:x:n"},
                 "@graph": [{"@context": "{url}", "@id": "urn:x:a", "n": "x"}]}), 400),
    ("entity.rdf", "application/rdf+xml",
     '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "{url}"> ]>\n'
     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
     '<rdf:Description rdf:about="urn:x:a"><rdf:value>&e;</rdf:value></rdf:Description>'
     "</rdf:RDF>\n", 400),
    ("dtd.rdf", "application/rdf+xml",
     '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}">\n'
     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
     '<rdf:Description rdf:about="urn:x:a"/></rdf:RDF>\n', 400),
    ("parameter-entity.rdf", "application/rdf+xml",
     '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY % p SYSTEM "{url}"> %p; ]>\n'
     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n', 400),
    ("stylesheet.rdf", "application/rdf+xml",
     '<?xml version="1.0"?>\n<?xml-stylesheet href="{url}"?>\n'
     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
     'xmlns:xi="http://www.w3.org/2001/XInclude">'
     '<rdf:Description rdf:about="urn:x:a"><rdf:value rdf:resource="{url}"/>'
     '<xi:include href="{url}"/></rdf:Description></rdf:RDF>\n', (200, 400)),
]


def upload_text(template: str, url: str) -> bytes:
    return template.replace("{url}", url).encode("utf-8")


@pytest.mark.parametrize("how", ["multipart", "body", "text"])
@pytest.mark.parametrize(("name", "media_type", "template", "status"), UPLOADS,
                         ids=[upload[0] for upload in UPLOADS])
def test_an_upload_reaches_nothing(any_server, watch, listener, trap, how, name, media_type,
                                   template, status):
    sec_server = any_server
    for target in targets(listener, trap):
        data = upload_text(template, target)
        seen = watch()
        headers = {"Accept": "application/json"}
        if how == "multipart":
            response = requests.post(f"{sec_server}/validate", headers=headers, timeout=120,
                                     files={"file": (name, data, media_type)})
        elif how == "text":
            response = requests.post(f"{sec_server}/validate", headers=headers, timeout=120,
                                     data={"text": data.decode(), "format": media_type})
        else:
            response = requests.post(f"{sec_server}/validate", data=data, timeout=120,
                                     params={"name": name},
                                     headers={**headers, "Content-Type": media_type})
        expected = status if isinstance(status, tuple) else (status,)
        assert response.status_code in expected, response.text[:300]
        if response.status_code == 400:
            assert response.json()["error"]
        assert SECRET not in response.text
        assert seen.nothing_reached(), (name, target)


# --- the command line --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(project):
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["--project", str(project.root), *args])


@pytest.mark.parametrize("attempt", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ service:x {{}} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
])
def test_the_sparql_command_refuses_to_reach_out(cli, watch, listener, trap, attempt):
    for target in targets(listener, trap):
        seen = watch()
        result = cli("sparql", "--no-prefixes", (PROLOGUE + attempt).format(url=target))
        assert result.exit_code == 2
        assert "refused" in result.output and "Traceback" not in result.output
        assert seen.nothing_reached()


def test_the_query_command_binds_addresses_without_reaching_them(cli, watch, listener, trap):
    for target in targets(listener, trap):
        seen = watch()
        result = cli("query", "institution-search", "-p", f"text={target}", "--format", "csv")
        assert result.exit_code in (0, 2), result.output
        assert seen.nothing_reached()


@pytest.mark.parametrize(("name", "media_type", "template", "status"),
                         [upload for upload in UPLOADS if upload[0] in (
                             "imports.ttl", "remote-context.jsonld", "scoped.jsonld",
                             "entity.rdf", "dtd.rdf")],
                         ids=lambda value: value if isinstance(value, str) else "")
def test_the_validate_command_reaches_nothing(cli, watch, listener, trap, tmp_path, name,
                                              media_type, template, status):
    for target in targets(listener, trap):
        path = tmp_path / name
        path.write_bytes(upload_text(template, target))
        seen = watch()
        result = cli("validate", str(path))
        assert result.exit_code == (2 if status == 400 else result.exit_code), result.output
        if status == 400:
            assert "fetch" in result.output or "refused" in result.output, result.output
        assert SECRET not in result.output
        assert seen.nothing_reached()
