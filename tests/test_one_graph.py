"""One graph everywhere: the CLI, the Python API and the server answer from the same build.

The build in dist/ holds the reasoner's types; every entry point opens it through
`tipgraph.build.current`, so a class only the reasoner fills (tip:SoleAuthorityCountry)
answers alike from each, and so does every canned query.
"""

from __future__ import annotations

import json

import pytest
import requests
from click.testing import CliRunner

import engines_fixtures
from engines_fixtures import serve_command
from tipgraph import open_graph
from tipgraph.cli import main
from tipgraph.results import serialize

build = engines_fixtures.build
catalog = engines_fixtures.catalog

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SOLE = ("SELECT ?c WHERE { ?c a <https://w3id.org/tipgraph/ontology#SoleAuthorityCountry> }"
        " ORDER BY ?c")


@pytest.fixture(scope="module")
def served(project, build):
    """`tipgraph serve` on the project, as a user starts it."""
    with serve_command(project.root) as base:
        yield base


@pytest.fixture(scope="module")
def api(project, build):
    return open_graph(project)


def _cli(project, *args) -> dict:
    result = CliRunner().invoke(main, ["--project", str(project.root), *args,
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _http(url, **params) -> dict:
    response = requests.get(url, params=params, timeout=60,
                            headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text[:300]
    return response.json()


def _answers(project, api, served, query_text: str) -> dict[str, dict]:
    return {
        "cli": _cli(project, "sparql", "--no-prefixes", query_text),
        "api": json.loads(serialize(api.sparql(query_text), "json")),
        "http": _http(f"{served}/sparql", query=query_text),
    }


def test_the_build_holds_the_reasoners_types(build):
    assert len(build.inferred) > 0
    assert set(build.inferred) <= set(build.graph)


@pytest.mark.parametrize("query_text", [COUNT_ALL, SOLE], ids=["count", "sole-authority"])
def test_cli_api_and_server_agree_on_an_ad_hoc_query(project, api, served, build, query_text):
    answers = _answers(project, api, served, query_text)
    assert answers["cli"]["results"] == answers["api"]["results"] == answers["http"]["results"]
    rows = answers["api"]["results"]["bindings"]
    if query_text == COUNT_ALL:
        assert int(rows[0]["n"]["value"]) == len(build.graph)
    else:  # Diagram 1: five countries have a sole national authority
        assert len(rows) == 5


def test_cli_api_and_server_agree_on_every_canned_query(project, api, served, catalog):
    for query, values in engines_fixtures.canned_cases(catalog):
        required = [p.name for p in query.parameters if p.required and p.name not in values]
        if required:
            continue  # a required parameter without a value is refused alike (own tests)
        pairs = [arg for name, value in values.items() for arg in ("-p", f"{name}={value}")]
        from_cli = _cli(project, "query", query.name, *pairs)
        from_api = json.loads(serialize(api.run(query.name, values), "json"))
        from_http = _http(f"{served}/api/queries/{query.name}.json", **values)
        assert from_cli == from_api, (query.name, values)
        assert from_http["results"] == from_api["results"], (query.name, values)
        assert from_http["head"]["vars"] == from_api["head"]["vars"], query.name
