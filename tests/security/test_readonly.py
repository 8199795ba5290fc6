"""Read-only: no request changes the served graph. Updates in any form are refused with a
400 that says so, other methods are 405, and /validate never merges a submission."""

from __future__ import annotations

import pytest
import requests

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
UPDATES = [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x:g>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "CREATE GRAPH <urn:x:g>",
    "ADD DEFAULT TO <urn:x:g>",
    "MOVE DEFAULT TO <urn:x:g>",
    "COPY DEFAULT TO <urn:x:g>",
    "PREFIX x: <urn:x:> INSERT DATA { x:a x:b x:c }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "\\u0049NSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "insertdata { <urn:x:a> <urn:x:b> <urn:x:c> }",
]


# Each way an update may come to /sparql: the HTTP method and the request's arguments.
WAYS = {
    "GET query": ("GET", lambda text: {"params": {"query": text}}),
    "form query": ("POST", lambda text: {"data": {"query": text}}),
    "body query": ("POST", lambda text: {
        "data": text.encode(), "headers": {"Content-Type": "application/sparql-query"}}),
    "form update": ("POST", lambda text: {"data": {"update": text}}),
    "GET update": ("GET", lambda text: {"params": {"update": text}}),
    "update body": ("POST", lambda text: {
        "data": text.encode(), "headers": {"Content-Type": "application/sparql-update"}}),
    "multipart update": ("POST", lambda text: {"files": {"update": (None, text)}}),
}


def size(base: str) -> int:
    response = requests.get(f"{base}/sparql", params={"query": COUNT}, timeout=60)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def before(any_server):
    return size(any_server)


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("how", WAYS)
def test_updates_are_refused_whichever_way_they_come(any_server, before, update, how):
    method, arguments = WAYS[how]
    response = requests.request(method, f"{any_server}/sparql", timeout=60, **arguments(update))
    assert response.status_code == 400, response.text[:300]
    message = response.json()["error"]
    assert "refused" in message or "read-only" in message or "syntax" in message.lower(), message
    assert size(any_server) == before


@pytest.mark.parametrize("path", ["/sparql", "/api/queries/member-states.json", "/validate",
                                  "/id/country/ARG", "/queries/member-states", "/dumps/"])
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_methods_that_change_things_are_405(any_server, before, path, method):
    response = requests.request(method, any_server + path, data=b"<urn:x:a> <urn:x:b> 1 .",
                                headers={"Content-Type": "text/turtle"}, timeout=60)
    assert response.status_code == 405
    assert response.json()["error"]
    assert size(any_server) == before


def test_the_query_api_binds_update_text_as_a_value(sec_server):
    before = size(sec_server)
    for update in UPDATES[:4]:
        for method in ("GET", "POST"):
            response = requests.request(method, f"{sec_server}/api/queries/institution-search.json",
                                        params={"text": update}, timeout=60)
            assert response.status_code in (200, 400), response.text[:300]
    assert size(sec_server) == before


def test_validate_never_merges_a_submission(sec_server):
    before = size(sec_server)
    submission = (
        "@prefix tip: <https://w3id.org/tipgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/tipgraph/id/country/ZZZ> a tip:Country ;\n"
        '    rdfs:label "Submitted"@en ; tip:iso3166Alpha3 "ZZZ" .\n'
        "<https://w3id.org/tipgraph/id/country/ARG> rdfs:label \"Overwritten\"@en .\n")
    for _ in range(2):
        response = requests.post(f"{sec_server}/validate", data=submission.encode(),
                                 headers={"Content-Type": "text/turtle",
                                          "Accept": "application/json"}, timeout=120)
        assert response.status_code == 200, response.text[:300]
    ask = requests.get(f"{sec_server}/sparql", timeout=60, params={"query": (
        "ASK { { <https://w3id.org/tipgraph/id/country/ZZZ> ?p ?o } UNION "
        '{ ?s ?p "Overwritten"@en } }')})
    assert ask.json()["boolean"] is False
    assert size(sec_server) == before
    assert requests.get(f"{sec_server}/country/ZZZ", timeout=60).status_code == 404
