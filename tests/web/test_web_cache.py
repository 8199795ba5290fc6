"""Validators and the response cache: ETags, 304s, and answers kept per build."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pytest
import requests
import waitress
from rdflib import Graph

from tipgraph.build import Build
from tipgraph.web import create_app
from tipgraph.web.cache import CacheSettings, ResponseCache, Stored

TURTLE = """
@prefix tip: <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/tipgraph/id/country/XXA> a tip:Country ; rdfs:label "Xanadu"@en .
"""
SELECT = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
JSON = {"Accept": "application/sparql-results+json"}
CSV = {"Accept": "text/csv"}
XML = {"Accept": "application/sparql-results+xml"}
ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"


@contextlib.contextmanager
def serve(app) -> Iterator[str]:
    """Serve an app with waitress on a free port of 127.0.0.1; yield its base URL."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)


def small_app(version: str, **options):
    return create_app(Build(Graph().parse(data=TURTLE, format="turtle"), version), **options)


@pytest.fixture(scope="module")
def small() -> Iterator[str]:
    with serve(small_app("v1")) as base:
        yield base


CACHED_ROUTES = [
    ("/api/queries/test-countries-by-region.json", {}),
    (ASK, JSON),
    ("/country/ARG", {"Accept": "text/html"}),
    ("/id/country/ARG", {"Accept": "text/turtle"}),
    ("/queries", {}),
]


@pytest.mark.parametrize("path, headers", CACHED_ROUTES, ids=[p for p, _ in CACHED_ROUTES])
def test_answers_carry_an_etag_and_cache_control(server, path, headers):
    response = requests.get(server + path, headers=headers)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('W/"')
    assert "max-age" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path, headers", CACHED_ROUTES, ids=[p for p, _ in CACHED_ROUTES])
def test_if_none_match_gets_a_304_without_a_body(server, path, headers):
    tag = requests.get(server + path, headers=headers).headers["ETag"]
    again = requests.get(server + path, headers={**headers, "If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == tag
    other = requests.get(server + path, headers={**headers, "If-None-Match": 'W/"other"'})
    assert other.status_code == 200 and other.content


@pytest.mark.parametrize("path, first, second", [
    ("/api/queries/test-countries-by-region", {"Accept": "application/json"}, CSV),
    (ASK, JSON, XML),
    ("/id/country/ARG", {"Accept": "text/turtle"}, {"Accept": "application/ld+json"}),
    ("/id/country/ARG", {"Accept": "text/turtle"}, {"Accept": "text/html"}),
])
def test_each_representation_has_its_own_etag(server, path, first, second):
    one = requests.get(server + path, headers=first)
    two = requests.get(server + path, headers=second)
    assert one.headers["Content-Type"] != two.headers["Content-Type"]
    assert one.headers["ETag"] != two.headers["ETag"]
    # a tag of one representation does not validate the other
    crossed = requests.get(server + path, headers={**second, "If-None-Match": one.headers["ETag"]})
    assert crossed.status_code == 200


def test_a_new_build_version_changes_the_etag():
    tags = []
    for version in ("v1", "v2"):
        with serve(small_app(version)) as base:
            tags.append(requests.get(f"{base}/sparql", params={"query": SELECT},
                                     headers=JSON).headers["ETag"])
    assert tags[0] != tags[1]


def test_the_same_build_and_settings_give_the_same_etag():
    tags = []
    for _ in range(2):
        with serve(small_app("v1")) as base:
            tags.append(requests.get(f"{base}/sparql", params={"query": SELECT},
                                     headers=JSON).headers["ETag"])
    assert tags[0] == tags[1]


def test_a_kept_answer_is_the_answer(small):
    first = requests.get(f"{small}/sparql", params={"query": SELECT}, headers=CSV)
    second = requests.get(f"{small}/sparql", params={"query": SELECT}, headers=CSV)
    assert first.content == second.content and "Xanadu" in first.text
    for name in ("Content-Type", "ETag", "Access-Control-Allow-Origin", "X-Result-Limit",
                 "Vary"):
        assert first.headers[name] == second.headers[name], name
    as_json = requests.get(f"{small}/sparql", params={"query": SELECT}, headers=JSON)
    assert as_json.headers["Content-Type"].startswith("application/sparql-results+json")
    assert as_json.json()["results"]["bindings"][0]["label"]["value"] == "Xanadu"


def test_head_gets_the_kept_answers_headers_without_its_body(small):
    url = f"{small}/sparql"
    first = requests.get(url, params={"query": SELECT}, headers=CSV)
    for _ in range(2):  # before and after the answer is kept
        head = requests.head(url, params={"query": SELECT}, headers=CSV)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["ETag"] == first.headers["ETag"]
        assert head.headers["Content-Length"] == str(len(first.content))


def test_a_posted_query_is_kept_by_its_body(small):
    answers = [requests.post(f"{small}/sparql", data=text.encode(), headers={
        **JSON, "Content-Type": "application/sparql-query"}).json()
        for text in (SELECT, SELECT, "ASK { ?s ?p ?o }")]
    assert answers[0] == answers[1]
    assert answers[2] == {"head": {}, "boolean": True}


def test_errors_are_not_kept_and_carry_no_etag(small):
    for _ in range(2):
        response = requests.get(f"{small}/sparql", params={"query": "SELECT nonsense"},
                                headers=JSON)
        assert response.status_code == 400
        assert "ETag" not in response.headers


def test_validators_work_with_the_cache_off():
    with serve(small_app("v1", cache=CacheSettings(entries=0))) as base:
        first = requests.get(f"{base}/sparql", params={"query": SELECT}, headers=JSON)
        again = requests.get(f"{base}/sparql", params={"query": SELECT},
                             headers={**JSON, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_healthz_answers_with_the_version_and_no_validators(small):
    response = requests.get(f"{small}/healthz")
    assert response.status_code == 200
    assert response.text == "ok v1\n"
    assert "ETag" not in response.headers


def test_the_cache_keeps_the_most_recent_answers_within_its_bounds():
    cache = ResponseCache(CacheSettings(entries=2, total_bytes=10, entry_bytes=6))
    for key, body in (("a", b"1234"), ("b", b"12"), ("c", b"1234567"), ("d", b"12345")):
        cache.put((key,), Stored(200, (), body))
    assert cache.get(("c",)) is None  # larger than one entry may be
    assert cache.get(("a",)) is None  # pushed out: 4 + 2 + 5 bytes exceed 10
    assert cache.get(("b",)).body == b"12" and cache.get(("d",)).body == b"12345"
    assert len(cache) == 2 and cache.size_bytes == 7
    cache.get(("b",))
    cache.put(("e",), Stored(200, (), b"1"))
    assert cache.get(("d",)) is None and cache.get(("b",)) is not None
