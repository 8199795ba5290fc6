"""`tipgraph query`, `queries`, `sparql` and `publish`, run through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import engines_fixtures
from tipgraph import open_graph
from tipgraph.cli import main

build = engines_fixtures.build
oxigraph_server = engines_fixtures.oxigraph_server

QUERY = "diagram-01-authority-models"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, project, *args):
    return runner.invoke(main, ["--project", str(project.root), *args])


def test_queries_lists_the_catalogue(runner, project):
    result = run(runner, project, "queries")
    assert result.exit_code == 0
    assert QUERY in result.output
    listed = json.loads(run(runner, project, "queries", "--format", "json").output)
    entry = next(item for item in listed if item["name"] == QUERY)
    assert entry["sources"] == ["https://w3id.org/tipgraph/source/oas-tip-2018/diagram/1"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_prints_csv_json_and_table(runner, project, engine):
    as_csv = run(runner, project, "query", QUERY, "--format", "csv", "--engine", engine)
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert {"DMA", "GRD", "KNA", "VEN"} <= {row["code"] for row in rows}
    as_json = json.loads(run(runner, project, "query", QUERY, "--format", "json",
                             "--engine", engine).output)
    assert as_json["head"]["vars"][0] == "category"
    table = run(runner, project, "query", QUERY, "--engine", engine).output.splitlines()
    assert table[0].split()[:2] == ["category", "categoryLabel"]


def test_query_with_parameters(runner, project):
    result = run(runner, project, "query", "country-profile", "-p", "country=URY",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/tipgraph/id/body/URY-inter-institutional-round-table" in result.output


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query"], "no canned query named 'no-such-query'"),
    (["query", "country-profile", "-p", "country=XX"], "parameter 'country'"),
    (["query", "country-profile", "-p", "colour=red"], "unknown parameter"),
    (["query", "country-profile", "-p", "country"], "name=value"),
    (["sparql", "INSERT DATA { <http://a> <http://b> <http://c> }"], "refused"),
    (["sparql", "SELECT ?x WHERE { ?x"], "Error"),
    (["sparql"], "not both"),
    (["query", QUERY, "--engine", "remote"], "endpoint"),
])
def test_user_errors_are_one_line_with_exit_code_2(runner, project, args, message):
    result = run(runner, project, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_sparql_from_text_and_file(runner, project, tmp_path):
    result = run(runner, project, "sparql",
                 "SELECT ?code WHERE { id:country\\/ARG tip:iso3166Alpha3 ?code }",
                 "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["?code", '"ARG"']
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a tip:Country }")
    result = run(runner, project, "sparql", "-f", str(path), "--format", "csv")
    assert result.output.splitlines() == ["n", "35"]
    result = run(runner, project, "sparql", "--format", "nt",
                 "CONSTRUCT { ?c a tip:Country } WHERE { ?c a tip:Country }")
    assert result.exit_code == 0 and result.output.count("\n") == 35
    result = run(runner, project, "sparql", "ASK { ?c a tip:Country }", "--format", "csv")
    assert result.output.splitlines() == ["boolean", "true"]


def test_publish_then_query_through_the_remote_engine(runner, project, oxigraph_server):
    graph = "https://w3id.org/tipgraph/graph/cli-test"
    result = run(runner, project, "publish", oxigraph_server.store_url, "--graph", graph)
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    result = run(runner, project, "sparql", "--engine", "remote",
                 "--endpoint", oxigraph_server.query_url, "--format", "csv",
                 f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?c a tip:Country }} }}")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "35"]
    result = run(runner, project, "query", QUERY, "--engine", "remote",
                 "--endpoint", oxigraph_server.query_url, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "VEN" in result.output


def test_publish_to_a_closed_port_fails_in_one_line(runner, project):
    result = run(runner, project, "publish", "http://127.0.0.1:9/store", "--timeout", "2")
    assert result.exit_code == 2 and "cannot reach" in result.output


def test_python_api_gives_rows(project):
    graph = open_graph(project)
    result = graph.run(QUERY)
    assert "VEN" in {str(code) for code in result.column("code") if code is not None}
    assert graph.rows("country-profile", country="URY")
    assert QUERY in graph.catalog
