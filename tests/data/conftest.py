"""Fixtures the data tests share: the report's text, each module's own files, indexes.

The indexes answer the questions the modules ask hundreds of times (which countries a
finding puts in a category, what a figure states) from one query each, so that a case
costs a dictionary lookup instead of a parse of SPARQL by rdflib.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pytest
from helpers import SOURCE_NAME
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS

from tipgraph.load import parse_file
from tipgraph.namespaces import TIP, sparql_prologue

_parsed: dict[tuple[str, ...], Graph] = {}


@pytest.fixture(scope="session")
def source_text(project) -> str:
    """Return the report's plain text, kept in the repository under source/."""
    return (project.root / "source" / SOURCE_NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def source_lines(source_text) -> list[str]:
    """Return the report's plain text as lines (line N of the report is item N - 1)."""
    return source_text.split("\n")


@pytest.fixture(scope="module")
def own(request, project) -> Graph:
    """The data files the test module checks (its OWN_FILES) alone, parsed once a session."""
    names = tuple(request.module.OWN_FILES)
    if names not in _parsed:
        graph = Graph()
        for name in names:
            parse_file(project.data_dir / name, graph)
        _parsed[names] = graph
    return _parsed[names]


class CountryNames(NamedTuple):
    """A country's English rdfs:label and all its English (or untagged) names."""

    label: str
    english: set[str]


class Figure(NamedTuple):
    """What a tip:ReportedFigure states, as Python values."""

    value: float
    total: int | None
    counts: str | None
    line: int | None


@pytest.fixture(scope="session")
def figures(select) -> dict[str, list[Figure]]:
    """Map every reported figure's IRI to what it states (one entry unless it says two)."""
    rows = select(
        """SELECT ?f ?v ?t ?c ?line WHERE { ?f a tip:ReportedFigure ; tip:statedValue ?v .
             OPTIONAL { ?f tip:statedTotal ?t } OPTIONAL { ?f tip:counts ?c }
             OPTIONAL { ?f tip:sourceLine ?line } }"""
    )
    found: dict[str, list[Figure]] = defaultdict(list)
    for f, v, t, c, line in rows:
        found[str(f)].append(Figure(v, t, c and str(c), line))
    return dict(found)


@pytest.fixture(scope="session")
def finding_index(select) -> dict[tuple[str, str | None], set[str]]:
    """Map (concept, part or None) to the codes of countries with such a finding."""
    index: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    rows = select(
        """SELECT ?value ?part ?code WHERE { ?f a tip:Finding ; tip:value ?value ;
             tip:country/tip:iso3166Alpha3 ?code . OPTIONAL { ?f prov:wasDerivedFrom ?part } }"""
    )
    for value, part, code in rows:
        index[(str(value), None)].add(code)
        if part is not None:
            index[(str(value), str(part))].add(code)
    return index


@pytest.fixture(scope="session")
def countries_in(countries_in, finding_index):
    """Return the set of ISO alpha-3 codes of countries with a finding of a concept.

    The same question as the project-wide fixture, answered from one query: arguments are
    SPARQL IRI terms ("<...>"); anything else goes to that fixture's SPARQL.
    """

    def run(concept: str, part: str | None = None) -> set[str]:
        if concept.startswith("<") and (part is None or part.startswith("<")):
            key = (concept.strip("<>"), part and part.strip("<>"))
            return set(finding_index.get(key, set()))
        return countries_in(concept, part)

    return run


@pytest.fixture(scope="session")
def country_names(graph) -> dict[str, CountryNames]:
    """Map each alpha-3 code to the country's English label and its English names."""
    names = {}
    for country in graph.subjects(RDF.type, TIP.Country):
        code = str(graph.value(country, TIP.iso3166Alpha3))
        label = next(
            (str(n) for n in graph.objects(country, RDFS.label) if n.language == "en"), code
        )
        english = {
            str(n)
            for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
            for n in graph.objects(country, p)
            if n.language in (None, "en")
        }
        names[code] = CountryNames(label, english)
    return names


@pytest.fixture(scope="session")
def dataset(project):
    """The build's named graphs, one per report part, loaded once for the data tests."""
    from tipgraph.build import load

    return load(project).dataset


@pytest.fixture(scope="session")
def in_graph(dataset):
    """Run a SELECT inside one named graph; rows as tuples of Python values."""
    prologue = sparql_prologue() + "".join(
        f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in {
            "skosxl": "http://www.w3.org/2008/05/skos-xl#",
            "naming": "https://w3id.org/tipgraph/concept/naming/",
            "printed": "https://w3id.org/tipgraph/concept/printed-form/",
            "section": "https://w3id.org/tipgraph/source/oas-tip-2018/section/",
            "diagram": "https://w3id.org/tipgraph/source/oas-tip-2018/diagram/",
        }.items())

    def run(graph: str, pattern: str, select: str = "*") -> list[tuple]:
        query = f"{prologue} SELECT {select} WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}"
        return [tuple(None if v is None else v.toPython() for v in row)
                for row in dataset.query(query)]

    return run
