"""The app on each engine: the rdflib reference, and a remote store (a real Oxigraph
server started by the tests) behind `--engine remote`."""

from __future__ import annotations

import pytest
import requests
from web_support import serve

import engines_fixtures
from tipgraph.web import create_app

oxigraph_server = engines_fixtures.oxigraph_server


@pytest.fixture(scope="session")
def build(web_build):
    """The build the Oxigraph server fixture loads: the one the web tests serve."""
    return web_build

COUNT = ("PREFIX tip: <https://w3id.org/tipgraph/ontology#> "
         "SELECT (COUNT(?c) AS ?n) WHERE { ?c a tip:Country }")


@pytest.fixture(scope="module", params=["rdflib", "remote"])
def engine_server(request, web_build, web_catalog):
    endpoint = ""
    if request.param == "remote":
        endpoint = request.getfixturevalue("oxigraph_server").query_url
    settings = {"engine": request.param, "endpoint": endpoint}
    with serve(create_app(web_build, settings, catalog=web_catalog)) as base:
        yield base


def test_the_endpoint_answers_the_same(engine_server, server):
    mine = requests.get(f"{engine_server}/sparql", params={"query": COUNT}).json()
    default = requests.get(f"{server}/sparql", params={"query": COUNT}).json()
    assert mine == default
    assert mine["results"]["bindings"][0]["n"]["value"] == "35"


@pytest.mark.parametrize("path", ["/country/ARG", "/id/country/ARG", "/queries",
                                  "/queries/test-countries-by-region", "/countries"])
def test_pages_work_on_every_engine(engine_server, path):
    assert requests.get(engine_server + path, headers={"Accept": "text/html"}).status_code == 200


def test_the_api_answers_the_same(engine_server, server):
    path = "/api/queries/test-country-names.csv?country=ARG&lang=es"
    assert requests.get(engine_server + path).text == requests.get(server + path).text


def test_describe_answers_the_same(engine_server, server):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    turtle = {"Accept": "text/turtle"}
    mine = requests.get(f"{engine_server}/id/body/ARG-federal-council", headers=turtle).text
    default = requests.get(f"{server}/id/body/ARG-federal-council", headers=turtle).text
    assert isomorphic(Graph().parse(data=mine, format="turtle"),
                      Graph().parse(data=default, format="turtle"))
