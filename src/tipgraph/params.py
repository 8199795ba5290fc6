"""Turn the text people type into RDF terms for a canned query's parameters.

A parameter's type (a row of PARAMETER_TYPES) says what text it accepts and which term
it makes; the engine then binds that term, so no input can change a query's shape.
Anything wrong (a missing required value, a malformed IRI, a year out of range, an
unknown country code) raises ParameterError naming the parameter, which the web layer
turns into a 400 and the CLI into one line.

Variables follow grlc's convention (https://github.com/CLARIAH/grlc#parameter-mapping):
``?_name_kind`` is a required parameter, ``?__name_kind`` an optional one, and `kind`
(iri, string, integer) says how grlc itself would write the value. A query's header
may narrow the kind to a richer type: `country`, `concept`, `part` bind IRIs, `year`
binds an integer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tipgraph.namespaces import CONCEPT, SRC, sparql_prologue
from tipgraph.results import checked_iri

MAX_TEXT = 500
YEARS = range(1900, 2101)


class ParameterError(ValueError):
    """A parameter value that is missing, malformed or unknown; says which parameter."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(f"parameter {parameter!r}: {message}")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a canned query."""

    name: str
    variable: str
    type: str
    required: bool
    default: str | None = None
    enumeration: tuple[str, ...] = ()
    description: str = ""
    scheme: str | None = None

    @property
    def kind(self) -> str:
        """The grlc kind the type binds through: iri, string or integer."""
        return PARAMETER_TYPES[self.type].kind


@dataclass(frozen=True)
class Lookups:
    """What validation needs to know of the graph: countries, concepts, report parts.

    Made once per engine (`Lookups.from_engine`), since the graph does not change.
    """

    countries: Mapping[str, URIRef] = field(default_factory=dict)
    concepts: Mapping[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    parts: frozenset[URIRef] = frozenset()

    @classmethod
    def from_engine(cls, engine) -> Lookups:
        """Ask the engine (any engine) for the codes, concepts and parts it holds."""
        countries: dict[str, URIRef] = {}
        for country, code in engine.query(_COUNTRIES).rows:
            countries[str(code).upper()] = country
            countries[str(country)] = country
        concepts: dict[URIRef, set[URIRef]] = {}
        for concept, scheme in engine.query(_CONCEPTS).rows:
            concepts.setdefault(concept, set())
            if scheme is not None:
                concepts[concept].add(scheme)
        parts = frozenset(part for (part,) in engine.query(_PARTS).rows)
        return cls(countries, {c: frozenset(s) for c, s in concepts.items()}, parts)


_COUNTRIES = sparql_prologue() + """
SELECT ?country ?code WHERE {
  ?country a tip:Country .
  { ?country tip:iso3166Alpha2 ?code } UNION { ?country tip:iso3166Alpha3 ?code }
} ORDER BY ?code"""

_CONCEPTS = sparql_prologue() + """
SELECT ?concept ?scheme WHERE {
  ?concept a skos:Concept . OPTIONAL { ?concept skos:inScheme ?scheme }
} ORDER BY ?concept ?scheme"""

_PARTS = sparql_prologue() + """
SELECT DISTINCT ?part WHERE {
  ?part ?p ?o . FILTER(isIRI(?part) && STRSTARTS(STR(?part), STR(src:)))
} ORDER BY ?part"""


# --- the types ------------------------------------------------------------------------------


def _iri(raw: str, parameter: Parameter, lookups: Lookups) -> URIRef:
    try:
        return URIRef(checked_iri(raw.strip()))
    except ValueError:
        raise ParameterError(parameter.name, f"{raw!r} is not an absolute IRI") from None


def _string(raw: str, parameter: Parameter, lookups: Lookups) -> Literal:
    if len(raw) > MAX_TEXT:
        raise ParameterError(parameter.name, f"text longer than {MAX_TEXT} characters")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise ParameterError(parameter.name, "text is not valid Unicode") from None
    return Literal(raw)


_INTEGER = re.compile(r"^\s*[+-]?[0-9]{1,18}\s*$")


def _integer(raw: str, parameter: Parameter, lookups: Lookups) -> Literal:
    if not _INTEGER.match(raw):
        raise ParameterError(parameter.name, f"{raw!r} is not a whole number")
    return Literal(int(raw), datatype=XSD.integer)


def _year(raw: str, parameter: Parameter, lookups: Lookups) -> Literal:
    if not _INTEGER.match(raw) or int(raw) not in YEARS:
        raise ParameterError(
            parameter.name, f"{raw!r} is not a year from {YEARS.start} to {YEARS.stop - 1}")
    return Literal(int(raw), datatype=XSD.integer)


def _country(raw: str, parameter: Parameter, lookups: Lookups) -> URIRef:
    key = raw.strip()
    country = lookups.countries.get(key) or lookups.countries.get(key.upper())
    if country is None:
        raise ParameterError(
            parameter.name,
            f"{raw!r} is not a country of the graph: give an ISO 3166-1 alpha-2 or alpha-3 "
            "code of an OAS member state (AR or ARG) or its IRI")
    return country


def _in_namespace(raw: str, namespace: str) -> URIRef:
    text = raw.strip()
    return URIRef(text if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) else namespace + text)


def _concept(raw: str, parameter: Parameter, lookups: Lookups) -> URIRef:
    short = raw.strip()
    if parameter.scheme and "/" not in short and ":" not in short:
        short = f"{parameter.scheme}/{short}"
    concept = _in_namespace(short, str(CONCEPT))
    schemes = lookups.concepts.get(concept)
    if schemes is None:
        raise ParameterError(parameter.name, f"{raw!r} is not a concept of the graph")
    if parameter.scheme and URIRef(CONCEPT + parameter.scheme) not in schemes:
        raise ParameterError(
            parameter.name, f"{raw!r} is not in the concept scheme {parameter.scheme!r}")
    return concept


def _part(raw: str, parameter: Parameter, lookups: Lookups) -> URIRef:
    part = _in_namespace(raw, str(SRC))
    if part not in lookups.parts:
        raise ParameterError(
            parameter.name, f"{raw!r} is not a part of the report (e.g. appendix/9, table/1)")
    return part


@dataclass(frozen=True)
class ParameterType:
    """A parameter type: the grlc kind it binds through, and how it reads text."""

    name: str
    kind: str
    help: str
    parse: Callable[[str, Parameter, Lookups], URIRef | Literal]


PARAMETER_TYPES: dict[str, ParameterType] = {
    kind.name: kind
    for kind in (
        ParameterType("iri", "iri", "an absolute IRI", _iri),
        ParameterType("string", "string", f"any text up to {MAX_TEXT} characters", _string),
        ParameterType("integer", "integer", "a whole number", _integer),
        ParameterType("year", "integer",
                      f"a year from {YEARS.start} to {YEARS.stop - 1}", _year),
        ParameterType("country", "iri",
                      "an ISO 3166-1 alpha-2 or alpha-3 code (AR, ARG) or a country IRI",
                      _country),
        ParameterType("concept", "iri",
                      "a concept: its IRI, scheme/term, or the term of the declared scheme",
                      _concept),
        ParameterType("part", "iri", "a report part: its IRI or e.g. appendix/9", _part),
    )
}

# The kinds grlc understands in a variable name, and the type each means on its own.
KINDS = {"iri": "iri", "string": "string", "literal": "string", "integer": "integer"}


def _text(parameter: Parameter, value: object) -> str | None:
    """Accept what a web form, a command line or a Python caller would pass."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | URIRef):
        raise ParameterError(parameter.name, f"cannot use a {type(value).__name__} as a value")
    text = str(value)
    return text if text != "" else None


def parse_value(parameter: Parameter, value: object, lookups: Lookups) -> URIRef | Literal:
    """Read one value as a term of the parameter's type, checking its enumeration."""
    text = _text(parameter, value)
    if text is None:
        raise ParameterError(parameter.name, "needs a value")
    parse = PARAMETER_TYPES[parameter.type].parse
    term = parse(text, parameter, lookups)
    if parameter.enumeration:
        allowed = {parse(choice, parameter, lookups) for choice in parameter.enumeration}
        if term not in allowed:
            raise ParameterError(
                parameter.name,
                f"{text!r} is not one of: {', '.join(parameter.enumeration)}")
    return term


def bind_parameters(
    parameters: Sequence[Parameter], values: Mapping[str, object], lookups: Lookups
) -> dict[str, URIRef | Literal]:
    """Map API names to values and return the bindings (SPARQL variable -> term).

    Unknown names are refused (a typo should not silently drop a filter); a missing
    value takes the declared default, and a required parameter without either fails.
    """
    declared = {parameter.name: parameter for parameter in parameters}
    unknown = sorted(set(values) - declared.keys())
    if unknown:
        takes = ", ".join(declared) or "no parameters"
        raise ParameterError(unknown[0], f"unknown parameter; this query takes: {takes}")
    bindings = {}
    for parameter in parameters:
        given = _text(parameter, values.get(parameter.name))
        text = given if given is not None else parameter.default
        if text is None:
            if parameter.required:
                raise ParameterError(parameter.name, "is required")
            continue
        bindings[parameter.variable] = parse_value(parameter, text, lookups)
    return bindings
