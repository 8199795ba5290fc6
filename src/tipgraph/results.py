"""Query results as three frozen types, and their serializations.

Every engine returns one of `SelectResult`, `AskResult` or `GraphResult` holding rdflib
terms, so callers (CLI, web, Python) never see an engine's own types. The writers here
follow the W3C result formats, so the web layer can answer with them unchanged:

- SPARQL 1.1 Query Results JSON: https://www.w3.org/TR/sparql11-results-json/
- SPARQL Query Results XML: https://www.w3.org/TR/rdf-sparql-XMLres/
- SPARQL 1.1 Query Results CSV and TSV: https://www.w3.org/TR/sparql11-results-csv-tsv/
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from tipgraph.namespaces import PREFIXES, bind_prefixes

Term = URIRef | Literal | BNode
Row = tuple[Term | None, ...]
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class SelectResult:
    """The answer to a SELECT: variable names, rows of terms (None where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    truncated: bool = False
    kind: ClassVar[str] = "select"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def column(self, variable: str) -> list[Term | None]:
        """Every row's value of one variable."""
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]

    def dicts(self) -> list[dict[str, Term]]:
        """Rows as mappings of the bound variables, like SPARQL JSON bindings."""
        return [
            {name: value for name, value in zip(self.variables, row, strict=True)
             if value is not None}
            for row in self.rows
        ]

    def values(self) -> list[tuple]:
        """Rows as plain Python values (str, int, Decimal, bool, ...), for scripts."""
        return [tuple(None if v is None else v.toPython() for v in row) for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    """The answer to an ASK."""

    value: bool
    truncated: bool = False
    kind: ClassVar[str] = "ask"

    def __bool__(self) -> bool:
        return self.value


@dataclass(frozen=True)
class GraphResult:
    """The answer to a CONSTRUCT or DESCRIBE: a set of triples."""

    triples: tuple[Triple, ...]
    truncated: bool = False
    kind: ClassVar[str] = "graph"

    def __len__(self) -> int:
        return len(self.triples)

    def graph(self) -> Graph:
        """The triples as an rdflib graph with the project's prefixes bound."""
        graph = bind_prefixes(Graph())
        for triple in self.triples:
            graph.add(triple)
        return graph


Result = SelectResult | AskResult | GraphResult


def plain(term: Term | None) -> Term | None:
    """Return an xsd:string literal as a simple literal; RDF 1.1 makes them one term.

    Engines disagree on which of the two spellings they return, so every engine passes
    its literals through here and the same row compares equal whatever engine made it.
    """
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


# --- N-Triples term syntax, shared by TSV and by the VALUES blocks engines build ----------

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def ntriples_term(term: Term) -> str:
    """Write a term in N-Triples syntax, refusing any term that could break out of it.

    Raises ValueError for an IRI with characters IRIREF forbids, a bad language tag,
    a blank node (meaningless across requests) or text that is not valid Unicode.
    """
    if isinstance(term, URIRef):
        return "<" + checked_iri(str(term)) + ">"
    if isinstance(term, Literal):
        text = str(term)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError("literal is not valid Unicode text") from error
        lexical = '"' + text.translate(_ESCAPES) + '"'
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise ValueError(f"bad language tag {term.language!r}")
            return f"{lexical}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{lexical}^^<{checked_iri(str(term.datatype))}>"
        return lexical
    raise ValueError(f"cannot write {type(term).__name__} {term!r} as a bound value")


def checked_iri(iri: str) -> str:
    """Return `iri` if it is an absolute IRI that N-Triples and SPARQL accept as written."""
    if _IRI_FORBIDDEN.search(iri) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise ValueError(f"not an absolute IRI: {iri!r}")
    return iri


# --- SPARQL JSON ------------------------------------------------------------------------


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value


def to_sparql_json(result: SelectResult | AskResult) -> dict:
    """Return the SPARQL 1.1 JSON results document as a dict."""
    if isinstance(result, AskResult):
        return {"head": {}, "boolean": result.value}
    bindings = [
        {name: _json_term(value) for name, value in zip(result.variables, row, strict=True)
         if value is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _term_from_json(value: Mapping[str, str]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        return plain(Literal(value["value"], datatype=URIRef(datatype) if datatype else None))
    raise ValueError(f"unknown term type {kind!r} in SPARQL JSON results")


def from_sparql_json(document: Mapping) -> SelectResult | AskResult:
    """Read a SPARQL 1.1 JSON results document into a result of rdflib terms."""
    if "boolean" in document:
        return AskResult(bool(document["boolean"]))
    variables = tuple(document["head"]["vars"])
    rows = tuple(
        tuple(_term_from_json(binding[name]) if name in binding else None
              for name in variables)
        for binding in document["results"]["bindings"]
    )
    return SelectResult(variables, rows)


def _write_json(result: Result) -> bytes:
    return json.dumps(to_sparql_json(result), ensure_ascii=False).encode("utf-8")


# --- SPARQL XML -------------------------------------------------------------------------


def _xml_term(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attributes = ""
    if term.language:
        attributes = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype and term.datatype != XSD.string:
        attributes = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attributes}>{escape(str(term))}</literal>"


def _write_xml(result: Result) -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, AskResult):
        lines += ["<head/>", f"<boolean>{'true' if result.value else 'false'}</boolean>"]
    else:
        lines.append("<head>")
        lines += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
        lines += ["</head>", "<results>"]
        for row in result.rows:
            lines.append("<result>")
            lines += [f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>"
                      for name, value in zip(result.variables, row, strict=True)
                      if value is not None]
            lines.append("</result>")
        lines.append("</results>")
    lines.append("</sparql>")
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- CSV and TSV --------------------------------------------------------------------------


def _field(term: Term | None, write: Callable[[Term], str]) -> str:
    """A field of CSV or TSV: empty when unbound, _:id for a blank node, else `write(term)`."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return write(term)


def _write_csv(result: Result) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if isinstance(result, AskResult):
        writer.writerows([["boolean"], ["true" if result.value else "false"]])
    else:
        writer.writerow(result.variables)
        writer.writerows([_field(value, str) for value in row] for row in result.rows)
    return buffer.getvalue().encode("utf-8")


def _write_tsv(result: Result) -> bytes:
    if isinstance(result, AskResult):
        return f"?boolean\n{'true' if result.value else 'false'}\n".encode()
    lines = ["\t".join("?" + name for name in result.variables)]
    lines += ["\t".join(_field(value, ntriples_term) for value in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- a text table for people ----------------------------------------------------------------


def short_form(term: Term | None) -> str:
    """A compact, readable form: prefixed names for IRIs, the lexical form for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            base = str(namespace)
            if term.startswith(base) and len(term) > len(base):
                return f"{prefix}:{term[len(base):]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


TABLE_CELL = 60


def _cell(text: str) -> str:
    """One line, and no wider than TABLE_CELL characters, so rows stay readable."""
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL else text[:TABLE_CELL - 1] + "…"


def _write_table(result: Result) -> bytes:
    if isinstance(result, AskResult):
        return b"true\n" if result.value else b"false\n"
    header = list(result.variables)
    body = [[_cell(short_form(value)) for value in row] for row in result.rows]
    widths = [max([len(header[i])] + [len(row[i]) for row in body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
             .rstrip() for line in [header, ["-" * w for w in widths], *body]]
    if result.truncated:
        lines.append(f"(cut at {len(body)} rows)")
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- graph results ------------------------------------------------------------------------


def _graph_writer(rdflib_format: str) -> Callable[[Result], bytes]:
    def write(result: Result) -> bytes:
        text = result.graph().serialize(format=rdflib_format)
        return text.encode("utf-8") if isinstance(text, str) else text

    return write


@dataclass(frozen=True)
class Format:
    """A way to write results: its media type and which result kinds it can hold."""

    name: str
    media_type: str
    kinds: frozenset[str]
    write: Callable[[Result], bytes]


_TABULAR = frozenset({"select", "ask"})
_GRAPH = frozenset({"graph"})

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("json", "application/sparql-results+json", _TABULAR, _write_json),
        Format("xml", "application/sparql-results+xml", _TABULAR, _write_xml),
        Format("csv", "text/csv", _TABULAR, _write_csv),
        Format("tsv", "text/tab-separated-values", _TABULAR, _write_tsv),
        Format("table", "text/plain", _TABULAR, _write_table),
        Format("turtle", "text/turtle", _GRAPH, _graph_writer("turtle")),
        Format("nt", "application/n-triples", _GRAPH, _graph_writer("nt")),
        Format("jsonld", "application/ld+json", _GRAPH, _graph_writer("json-ld")),
        Format("rdfxml", "application/rdf+xml", _GRAPH, _graph_writer("xml")),
    )
}

MEDIA_TYPES: dict[str, str] = {fmt.media_type: fmt.name for fmt in FORMATS.values()}


def formats_for(result: Result) -> list[str]:
    """The names of the formats that can write this kind of result."""
    return [name for name, fmt in FORMATS.items() if result.kind in fmt.kinds]


def serialize(result: Result, format_name: str) -> bytes:
    """Write a result in a named format; ValueError if the format cannot hold it."""
    fmt = FORMATS.get(format_name)
    if fmt is None:
        raise ValueError(f"unknown format {format_name!r}; known: {', '.join(FORMATS)}")
    if result.kind not in fmt.kinds:
        raise ValueError(
            f"format {format_name!r} cannot hold a {result.kind} result; "
            f"use one of: {', '.join(formats_for(result))}")
    return fmt.write(result)


@dataclass(frozen=True)
class Written:
    """A query's answer already written in one format: the body, the kind of result it
    holds and whether the result limit cut it."""

    body: bytes
    kind: str
    truncated: bool

    @classmethod
    def of(cls, result: Result, format_name: str) -> Written:
        return cls(serialize(result, format_name), result.kind, result.truncated)
