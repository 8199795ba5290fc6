"""The query catalogue: every queries/*.rq file parsed once into a CannedQuery.

A file is a SPARQL query with a grlc-style header of `#+` lines in YAML
(https://github.com/CLARIAH/grlc#decorator-syntax), so the folder also works when grlc
serves it. grlc reads summary, description, tags, method, defaults and enumerate, and
ignores the keys it does not know; tipgraph adds three of its own:

    #+ source: https://w3id.org/tipgraph/source/oas-tip-2018/appendix/9   (or a list)
    #+ params:
    #+   country: {type: country, description: "the country, as an ISO code"}
    #+ chart: {type: bar, x: countryName, y: lines}

Loading refuses, naming file and problem, a header that is not valid YAML or has
unknown keys, a query that does not parse, and parameters that do not match: every
`?_name_kind` variable must be declared under `params`, and every declared parameter
used. A parameter must also be visible where the engines bind it (the outer WHERE
group), so a subquery that uses one must project it.

`queries/presets.yaml` names presets: a shared query with some parameters fixed (the
report-part query with `part: diagram/1` is `diagram-01-authority-models`), each with its
own summary, description, tags, source and chart. A preset is a CannedQuery like any
other, so routes, the OpenAPI description and the CLI list it; grlc, which reads only
the .rq files, serves the shared query with the parameter open.

`QuerySession` binds a catalogue to an engine; `open_graph()` makes one for Python use.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import pyoxigraph
import yaml
from rdflib import URIRef

from tipgraph.engines import syntax
from tipgraph.engines.base import Engine
from tipgraph.namespaces import SRC
from tipgraph.params import (
    KINDS,
    PARAMETER_TYPES,
    Lookups,
    Parameter,
    bind_parameters,
)
from tipgraph.project import Project
from tipgraph.results import Result, SelectResult

# grlc's own reading of a parameter variable (gquery.get_parameters): one or two
# underscores, a name without underscores, then an optional kind.
_PARAMETER = re.compile(r"^(?P<required>_{1,2})(?P<name>[A-Za-z0-9]+)(?:_(?P<kind>[A-Za-z0-9]+))?$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

GRLC_KEYS = frozenset(
    {"summary", "description", "tags", "method", "defaults", "enumerate", "endpoint",
     "pagination", "endpoint_in_url", "transform"})
TIPGRAPH_KEYS = frozenset({"source", "params", "chart"})
CHART_TYPES = {"bar": True, "pie": True, "line": True, "table": False}  # needs x and y?
PARAM_KEYS = frozenset({"type", "description", "scheme"})
FORMS = ("SELECT", "CONSTRUCT")
_BOUND_KEPT = 1024  # validated parameter values a session keeps


class CatalogError(ValueError):
    """One or more query files the catalogue refuses; each problem names its file."""

    def __init__(self, problems: list[tuple[Path, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


class UnknownQuery(LookupError):
    """No canned query has that name."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"no canned query named {name!r}; `tipgraph queries` lists them")

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Chart:
    """How to draw the result: bar, pie, line or table, with the x and y columns."""

    type: str = "table"
    x: str | None = None
    y: str | None = None


@dataclass(frozen=True)
class CannedQuery:
    """One canned query, as its .rq file declares it."""

    name: str
    summary: str
    description: str
    tags: tuple[str, ...]
    sources: tuple[URIRef, ...]
    parameters: tuple[Parameter, ...]
    chart: Chart
    text: str
    variables: tuple[str, ...] | None
    path: Path
    method: str = "GET"
    fixed: tuple[Parameter, ...] = ()
    preset_of: str | None = None

    @property
    def source(self) -> URIRef | None:
        """The report part the query reproduces first, if any."""
        return self.sources[0] if self.sources else None

    def bind(self, values: Mapping[str, object], lookups: Lookups) -> dict:
        """Bindings (SPARQL variable -> term) for raw values, and those a preset fixes.

        A fixed parameter is bound from its default, the preset's value; it is not open
        to callers, so a value given for it is refused as an unknown parameter.
        """
        return {**bind_parameters(self.fixed, {}, lookups),
                **bind_parameters(self.parameters, values, lookups)}

    def parameter(self, name: str) -> Parameter:
        """The declared parameter called `name`."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)


@dataclass(frozen=True)
class Catalog:
    """Every canned query of a project, by name (the file stem, which is its route)."""

    queries: tuple[CannedQuery, ...]
    _index: Mapping[str, CannedQuery] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(
            self, "_index", MappingProxyType({query.name: query for query in self.queries}))

    def __getitem__(self, name: str) -> CannedQuery:
        try:
            return self._index[name]
        except KeyError:
            raise UnknownQuery(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[CannedQuery]:
        return iter(self.queries)

    def __len__(self) -> int:
        return len(self.queries)

    def names(self) -> list[str]:
        """The query names in order."""
        return [query.name for query in self.queries]

    def tagged(self, tag: str) -> list[CannedQuery]:
        """The queries carrying a tag (a report section)."""
        return [query for query in self.queries if tag in query.tags]


PRESETS = "presets.yaml"


def load_catalog(directory: Path) -> Catalog:
    """Parse every .rq file of `directory` and its presets; CatalogError lists every
    refused file."""
    queries, problems = [], []
    for path in sorted(Path(directory).glob("*.rq"), key=lambda path: path.stem):
        try:
            queries.append(parse_query_file(path))
        except CatalogError as error:
            problems += error.problems
    if problems:
        raise CatalogError(problems)
    queries += read_presets(Path(directory) / PRESETS, {query.name: query for query in queries})
    return Catalog(tuple(sorted(queries, key=lambda query: query.name)))


def project_catalog(project: Project) -> Catalog:
    """The catalogue of a project's queries/ folder."""
    return load_catalog(project.queries_dir)


# --- parsing one file ----------------------------------------------------------------------


class _Problem(Exception):
    """A reason to refuse the file being parsed."""


def parse_query_file(path: Path) -> CannedQuery:
    """Parse one .rq file; CatalogError says what is wrong with it."""
    try:
        return _parse(path, path.read_text(encoding="utf-8"))
    except _Problem as problem:
        raise CatalogError([(path, str(problem))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError([(path, f"cannot read the file: {error}")]) from None


def split_header(text: str) -> tuple[str, str]:
    """Split a file into its YAML header and its query, the way grlc does."""
    lines = text.split("\n")
    header = "\n".join(line.lstrip("#+") for line in lines if line.startswith("#+"))
    query = "\n".join(line for line in lines if not line.startswith("#+"))
    return header, query


def _parse(path: Path, text: str) -> CannedQuery:
    name = path.stem
    if not _NAME.match(name):
        raise _Problem("file names are routes: use lower-case letters, digits and hyphens")
    header_text, query = split_header(text)
    header = _header(header_text)
    _check_syntax(query)
    variables = syntax.projection(query)
    parameters = _parameters(header, query)
    return CannedQuery(
        name=name,
        summary=_summary(header),
        description=_string(header, "description"),
        tags=_strings(header, "tags"),
        sources=_sources(header),
        parameters=parameters,
        chart=_chart(header, variables),
        text=query,
        variables=variables,
        path=path,
        method=_method(header),
    )


def _yaml(text: str) -> object:
    """Read YAML safely, with libyaml's parser when PyYAML has it: the same documents,
    read ten times faster."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def _header(text: str) -> dict:
    if not text.strip():
        raise _Problem("no #+ header: a canned query needs at least a summary")
    try:
        header = _yaml(text)
    except yaml.YAMLError as error:
        raise _Problem(f"the #+ header is not valid YAML: {' '.join(str(error).split())}") from None
    if not isinstance(header, dict):
        raise _Problem("the #+ header must be a YAML mapping of keys to values")
    unknown = sorted(set(map(str, header)) - GRLC_KEYS - TIPGRAPH_KEYS)
    if unknown:
        known = ", ".join(sorted(GRLC_KEYS | TIPGRAPH_KEYS))
        raise _Problem(f"unknown header key {unknown[0]!r}; known keys: {known}")
    return header


def _summary(header: dict) -> str:
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise _Problem("the header needs a summary: one line saying what the query answers")
    return summary.strip()


def _string(header: dict, key: str) -> str:
    value = header.get(key, "")
    if not isinstance(value, str):
        raise _Problem(f"{key} must be text")
    return value.strip()


def _strings(header: dict, key: str) -> tuple[str, ...]:
    value = header.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Problem(f"{key} must be a list of text items (grlc reads a list)")
    return tuple(value)


def _method(header: dict) -> str:
    method = str(header.get("method", "GET")).upper()
    if method not in ("GET", "POST"):
        raise _Problem(f"method must be GET or POST, not {method!r}")
    return method


def _sources(header: dict) -> tuple[URIRef, ...]:
    value = header.get("source", [])
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise _Problem("source must be a report part IRI or a list of them")
    for item in items:
        if not item.startswith(str(SRC)) or len(item) == len(str(SRC)):
            raise _Problem(f"source {item!r} is not a part of the report ({SRC}...)")
    return tuple(URIRef(item) for item in items)


def _chart(header: dict, variables: tuple[str, ...] | None) -> Chart:
    value = header.get("chart", {"type": "table"})
    if isinstance(value, str):
        value = {"type": value}
    if not isinstance(value, dict) or set(value) - {"type", "x", "y"}:
        raise _Problem("chart must be a mapping with type and, for a plot, x and y")
    kind = value.get("type", "table")
    if kind not in CHART_TYPES:
        raise _Problem(f"chart type must be one of {', '.join(CHART_TYPES)}, not {kind!r}")
    for axis in ("x", "y"):
        column = value.get(axis)
        if CHART_TYPES[kind] and not column:
            raise _Problem(f"a {kind} chart needs its {axis} column")
        if column and variables is not None and column not in variables:
            raise _Problem(f"chart {axis} column {column!r} is not a projected variable")
    return Chart(kind, value.get("x"), value.get("y"))


PRESET_KEYS = frozenset({"query", "values", "summary", "description", "tags", "source",
                         "chart"})


def read_presets(path: Path, shared: Mapping[str, CannedQuery]) -> list[CannedQuery]:
    """The presets a presets file declares, each a query of `shared` with values fixed."""
    if not path.exists():
        return []
    try:
        declared = _yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CatalogError(
            [(path, f"cannot read the presets: {' '.join(str(error).split())}")]) from None
    if not isinstance(declared, dict):
        raise CatalogError([(path, "presets must map each preset's name to its declaration")])
    presets, problems = [], []
    for name, spec in declared.items():
        try:
            presets.append(_preset(path, str(name), spec, shared))
        except _Problem as problem:
            problems.append((path, f"preset {name!r}: {problem}"))
    if problems:
        raise CatalogError(problems)
    return presets


def _preset(path: Path, name: str, spec: object, shared: Mapping[str, CannedQuery]):
    if not _NAME.match(name) or name in shared:
        raise _Problem("a preset's name is a route: lower-case letters, digits and hyphens, "
                       "and no .rq file of that name")
    if not isinstance(spec, dict) or set(spec) - PRESET_KEYS:
        raise _Problem(f"a preset may only set {', '.join(sorted(PRESET_KEYS))}")
    base = shared.get(str(spec.get("query")))
    if base is None:
        raise _Problem(f"query {spec.get('query')!r} is not a .rq file of the catalogue")
    values = spec.get("values") or {}
    if not isinstance(values, dict) or not values:
        raise _Problem("values must fix at least one parameter of the shared query")
    fixed = []
    for key, value in values.items():
        if not isinstance(value, str | int):
            raise _Problem(f"values.{key} must be a single value")
        try:
            fixed.append(replace(base.parameter(str(key)), default=str(value)))
        except KeyError:
            raise _Problem(f"{base.name} has no parameter {key!r}") from None
    return replace(
        base,
        name=name,
        summary=_summary(spec),
        description="\n\n".join(filter(None, (_string(spec, "description"), base.description))),
        tags=_strings(spec, "tags"),
        sources=_sources(spec),
        parameters=tuple(p for p in base.parameters if str(p.name) not in values),
        chart=_chart(spec, base.variables) if "chart" in spec else base.chart,
        path=path,
        fixed=tuple(fixed),
        preset_of=base.name,
    )


def _check_syntax(query: str) -> None:
    """Parse with Oxigraph, the default engine, on an empty store (which costs nothing)."""
    form = syntax.form(query)
    if form not in FORMS:
        raise _Problem(f"a canned query must be a {' or '.join(FORMS)} query, not {form or '?'}")
    try:
        pyoxigraph.Store().query(query)
    except SyntaxError as error:
        raise _Problem(f"the query does not parse: {str(error).splitlines()[0]}") from None


def _parameters(header: dict, query: str) -> tuple[Parameter, ...]:
    declared = _declarations(header)
    defaults = _named_values(header, "defaults", scalar=True)
    enumerations = _named_values(header, "enumerate", scalar=False)
    found: dict[str, Parameter] = {}
    for variable in sorted(syntax.variables(query)):
        if not variable.startswith("_"):
            continue
        match = _PARAMETER.match(variable)
        if not match:
            raise _Problem(
                f"?{variable} starts with an underscore but is not a grlc parameter "
                "(?_name_kind or ?__name_kind, name without underscores)")
        name, kind = match["name"], match["kind"] or "string"
        if kind not in KINDS:
            raise _Problem(f"?{variable}: unsupported kind {kind!r}; use {', '.join(KINDS)}")
        if name in found:
            raise _Problem(f"parameter {name!r} appears as two variables "
                           f"(?{found[name].variable} and ?{variable})")
        if name not in declared:
            raise _Problem(f"the query uses ?{variable} but params declares no {name!r}")
        spec = declared[name]
        type_name = spec.get("type", KINDS[kind])
        if type_name not in PARAMETER_TYPES:
            raise _Problem(f"parameter {name!r}: unknown type {type_name!r}; "
                           f"known: {', '.join(PARAMETER_TYPES)}")
        if PARAMETER_TYPES[type_name].kind != KINDS[kind]:
            raise _Problem(f"parameter {name!r} of type {type_name} binds a "
                           f"{PARAMETER_TYPES[type_name].kind}, but ?{variable} says {kind}")
        found[name] = Parameter(
            name=name,
            variable=variable,
            type=type_name,
            required=match["required"] == "_",
            default=defaults.get(name),
            enumeration=tuple(enumerations.get(name, ())),
            description=str(spec.get("description", "")).strip(),
            scheme=spec.get("scheme"),
        )
    for label, names in (("params", declared), ("defaults", defaults),
                         ("enumerate", enumerations)):
        unused = sorted(set(names) - found.keys())
        if unused:
            raise _Problem(f"{label} names {unused[0]!r}, but the query has no "
                           f"?_{unused[0]}_... variable")
    _check_scopes(query, {parameter.variable for parameter in found.values()})
    return tuple(found[name] for name in sorted(found))


def _declarations(header: dict) -> dict[str, dict]:
    params = header.get("params", {}) or {}
    if not isinstance(params, dict):
        raise _Problem("params must map each parameter name to its type and description")
    declared = {}
    for name, spec in params.items():
        spec = {"type": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, dict) or set(spec) - PARAM_KEYS:
            raise _Problem(f"params.{name} may only set {', '.join(sorted(PARAM_KEYS))}")
        declared[str(name)] = spec
    return declared


def _named_values(header: dict, key: str, *, scalar: bool) -> dict[str, object]:
    """Read grlc's list-of-mappings form: `- name: value` (defaults, enumerate)."""
    items = header.get(key, []) or []
    if not isinstance(items, list):
        raise _Problem(f"{key} must be a list of `- name: ...` items, as grlc reads it")
    values = {}
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise _Problem(f"each {key} item must be one `name: ...` mapping, not {item!r}")
        (name, value), = item.items()
        if scalar and not isinstance(value, str | int):
            raise _Problem(f"{key}.{name} must be a single value")
        if not scalar and not (isinstance(value, list) and value
                               and all(isinstance(v, str | int) for v in value)):
            raise _Problem(f"{key}.{name} must list the values to choose from")
        values[str(name)] = str(value) if scalar else [str(v) for v in value]
    return values


def _check_scopes(query: str, parameter_variables: set[str]) -> None:
    """Refuse a parameter where a value bound at the outer group would not reach it.

    Engines bind at the outer group (a VALUES block), so a subquery that does not
    project the parameter, a UNION branch or a MINUS group would evaluate without the
    value; rdflib's initBindings would substitute it, and the engines would disagree.
    """
    for subquery in syntax.subqueries(query):
        projected = set(subquery.projected or ())
        hidden = sorted((subquery.mentioned & parameter_variables) - projected)
        if hidden and subquery.projected is not None:
            raise _Problem(f"?{hidden[0]} is used in a subquery that does not project it, "
                           "so the value bound outside would not reach it")
    for group in syntax.separate_groups(query):
        hidden = sorted(group.mentioned & parameter_variables)
        if hidden:
            raise _Problem(f"?{hidden[0]} is used inside a {group.keyword} group, which is "
                           "evaluated before the value bound outside reaches it")


# --- running canned queries ---------------------------------------------------------------


class QuerySession:
    """A catalogue bound to an engine: run canned queries by name with raw values.

    The web layer, the CLI and Python callers all run queries through this, so they
    validate parameters the same way. Lookups (country codes, concepts, parts) are
    read from the engine on first use.

    Answers are kept (up to `cache_size` of them, least recently used first out): the
    graph an engine serves never changes, and results are immutable, so a canned query
    asked again with the same values is answered without running it. Errors are not kept.
    Validated parameter values are kept too (up to 1024 distinct sets), since validating
    some of them (an enumeration, a country code) costs more than a small query does.
    """

    def __init__(self, catalog: Catalog, engine: Engine, lookups: Lookups | None = None, *,
                 cache_size: int = 256):
        self.catalog = catalog
        self.engine = engine
        self._lookups = lookups
        self._cache_size = cache_size
        self._answers: OrderedDict[tuple, Result] = OrderedDict()
        self._bound: dict[tuple, dict] = {}
        self._lock = threading.Lock()

    @property
    def lookups(self) -> Lookups:
        """What parameter validation knows of the graph."""
        if self._lookups is None:
            self._lookups = Lookups.from_engine(self.engine)
        return self._lookups

    def bindings(self, name: str, values: Mapping[str, object] | None = None) -> dict:
        """Validate raw values for query `name`; return SPARQL variable -> term."""
        return self.catalog[name].bind(values or {}, self.lookups)

    def run(self, name: str, values: Mapping[str, object] | None = None, /, *,
            timeout: float | None = None, limit: int | None = None,
            **keywords: object) -> Result:
        """Run canned query `name` with parameter values (a mapping and/or keywords).

        Raises UnknownQuery, ParameterError or the engine's QueryError.
        """
        query = self.catalog[name]
        bindings = self._validated(name, {**(values or {}), **keywords})
        key = (name, tuple(sorted(bindings.items())), limit)
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        result = self.engine.query(query.text, bindings, timeout=timeout, limit=limit)
        if self._cache_size > 0:
            with self._lock:
                self._answers[key] = result
                while len(self._answers) > self._cache_size:
                    self._answers.popitem(last=False)
        return result

    def _validated(self, name: str, values: dict[str, object]) -> dict:
        """bindings(name, values), kept per distinct values: the catalogue and the
        lookups do not change, so the same values always bind the same terms. Refused
        values are not kept; they raise again on the next call."""
        try:
            key = (name, frozenset((item, type(value), value) for item, value in values.items()))
            bindings = self._bound.get(key)
        except TypeError:  # an unhashable value: validate it every time
            return self.bindings(name, values)
        if bindings is None:
            bindings = self.bindings(name, values)
            if len(self._bound) >= _BOUND_KEPT:
                self._bound.clear()
            self._bound[key] = bindings
        return bindings

    def sparql(self, text: str, bindings: Mapping | None = None, *,
               timeout: float | None = None, limit: int | None = None) -> Result:
        """Run any read-only SPARQL query on the session's engine."""
        return self.engine.query(text, bindings, timeout=timeout, limit=limit)

    def rows(self, name: str, /, **values: object) -> list[tuple]:
        """Run a SELECT canned query and return its rows as plain Python values."""
        result = self.run(name, values)
        if not isinstance(result, SelectResult):
            raise TypeError(f"{name} is not a SELECT query")
        return result.values()


def open_graph(project: Project | str | Path | None = None, *, engine: str = "oxigraph",
               endpoint: str | None = None) -> QuerySession:
    """Load a project's graph into an engine and return a session to query it.

    >>> g = open_graph()                               # doctest: +SKIP
    >>> g.run("appendix-09-dedicated-hotlines").rows   # doctest: +SKIP

    The graph is the one `tipgraph serve` answers from: the build in dist/, made first
    if it is stale (which runs the reasoner, so needs Java then); with engine="remote",
    nothing is loaded and the endpoint is queried instead.
    """
    from tipgraph.build import current
    from tipgraph.engines import ENGINES, make_engine

    if not isinstance(project, Project):
        project = Project.discover(project)
    build = current(project) if ENGINES.get(engine) and ENGINES[engine].needs_build else None
    return QuerySession(project_catalog(project), make_engine(engine, build, endpoint))
