"""Shared fixtures: the project, temporary copies of it to break, its graph, and SPARQL
helpers for fact tests."""

from __future__ import annotations

import shutil

import pytest

from tipgraph import Project
from tipgraph.load import load_files
from tipgraph.namespaces import sparql_prologue


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.discover()


@pytest.fixture
def project_copy(project, tmp_path) -> Project:
    """A temporary copy of the project's inputs, to break without harm."""
    for folder in ("ontology", "data", "shapes"):
        if (project.root / folder).is_dir():
            shutil.copytree(project.root / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.fixture
def small_project(project, tmp_path) -> Project:
    """A temporary project of the ontology, shapes, report parts, countries and Summary:
    it builds fast."""
    for folder in ("ontology", "shapes"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    (tmp_path / "data").mkdir()
    # the report's parts, the countries, and the Summary's graphs, which say where the
    # report's own nodes (the questionnaire, the OAS units) come from
    for name in ("report.trig", "countries.trig", "summary.trig"):
        shutil.copy(project.data_dir / name, tmp_path / "data" / name)
    return Project(tmp_path)


@pytest.fixture(scope="session")
def graph(project):
    """The ontology and all data files in one rdflib graph, as the build loads them."""
    return load_files(project.graph_files())


@pytest.fixture(scope="session")
def select(graph):
    """Run a SELECT with the project's prefixes; return rows as tuples of Python values."""

    def run(query: str) -> list[tuple]:
        result = graph.query(sparql_prologue() + query)
        return [tuple(None if v is None else v.toPython() for v in row) for row in result]

    return run


@pytest.fixture(scope="session")
def countries_in(select):
    """Return the set of ISO alpha-3 codes of countries with a finding of a concept."""

    def run(concept: str, part: str | None = None) -> set[str]:
        where = f"?f prov:wasDerivedFrom {part} ." if part else ""
        rows = select(
            f"""SELECT DISTINCT ?code WHERE {{
                  ?f a tip:Finding ; tip:value {concept} ; tip:country/tip:iso3166Alpha3 ?code .
                  {where} }}"""
        )
        return {code for (code,) in rows}

    return run
