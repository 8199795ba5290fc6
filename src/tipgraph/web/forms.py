"""Form fields for a canned query's parameters: dropdowns where the values are known.

A declared enumeration becomes a dropdown; so does a country (every country of the
graph) and a concept of a declared scheme (every concept of it), since their values
come from the graph and a person should not have to guess codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef

from tipgraph.namespaces import CONCEPT, sparql_prologue
from tipgraph.params import Parameter
from tipgraph.web.describe import names_of
from tipgraph.web.site import Site

COUNTRIES = sparql_prologue() + """
SELECT ?code ?label WHERE {
  ?country a tip:Country ; tip:iso3166Alpha3 ?code .
  OPTIONAL { ?country rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
} ORDER BY ?label ?code"""
CONCEPT_LABELS = sparql_prologue() + """
SELECT ?x ?label WHERE { ?x a skos:Concept ; skos:prefLabel|rdfs:label ?label }"""

INPUTS = {"integer": "number", "year": "number"}


@dataclass(frozen=True)
class Field:
    """One form field: what to call it, how to ask for it, what it holds now."""

    name: str
    description: str
    input: str
    required: bool
    value: str
    options: tuple[tuple[str, str], ...] = ()


def _countries(site: Site) -> tuple[tuple[str, str], ...]:
    rows = site.memo("country-options", lambda: site.query(COUNTRIES).rows)
    return tuple((str(code), f"{label} ({code})" if label else str(code))
                 for code, label in rows)


def _concepts(site: Site, scheme: str) -> tuple[tuple[str, str], ...]:
    names = site.memo("concept-labels", lambda: names_of(site.query(CONCEPT_LABELS).rows))
    scheme_iri = URIRef(CONCEPT + scheme)
    prefix = f"{CONCEPT}{scheme}/"
    members = sorted(concept for concept, schemes in site.lookups.concepts.items()
                     if scheme_iri in schemes and str(concept).startswith(prefix))
    return tuple((str(concept)[len(prefix):], str(names.get(concept) or concept))
                 for concept in members)


def options_for(site: Site, parameter: Parameter) -> tuple[tuple[str, str], ...]:
    """The choices a dropdown offers for a parameter, or () for a free field."""
    if parameter.enumeration:
        labels = dict(_countries(site)) if parameter.type == "country" else {}
        return tuple((value, labels.get(value.upper(), value)) for value in parameter.enumeration)
    if parameter.type == "country":
        return _countries(site)
    if parameter.type == "concept" and parameter.scheme:
        return _concepts(site, parameter.scheme)
    return ()


def fields(site: Site, parameters: tuple[Parameter, ...],
           values: Mapping[str, str]) -> list[Field]:
    """The form for a query's parameters, filled with the request's values or defaults."""
    return [
        Field(
            name=parameter.name,
            description=parameter.description,
            input=INPUTS.get(parameter.type, "text"),
            required=parameter.required and parameter.default is None,
            value=str(values.get(parameter.name, parameter.default or "")),
            options=options_for(site, parameter),
        )
        for parameter in parameters
    ]
