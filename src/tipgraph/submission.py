"""Read a country's submitted RDF file, and validate it without touching the shipped graph.

A submission is a file in Turtle, N-Triples, JSON-LD or RDF/XML. It is read with the
same care whether it comes from the command line or from an upload:

- one clear message for bad input (empty, too big, not UTF-8, unknown format, syntax
  error, no triples, an IRI or language tag the validating store refuses, with its
  line), as a SubmissionError, never a traceback;
- nothing is fetched and no other file is read while parsing: rdflib never follows
  owl:imports, JSON-LD contexts must be inline (rdflib would fetch a remote one, or read
  a local one), and RDF/XML may not declare a DOCTYPE or entities (an external entity
  makes an XML parser open a URL or a file).

A submission may describe a country already in the graph or a new one. It is validated
together with the ontology, the parts of the report (so its sources resolve) and the
shipped description of every node it refers to but does not describe itself (so a
hotline may name an institution the graph already has). The submission is not merged:
shipped facts about its country do not count towards its completeness, and results are
reported only for the submission's own nodes and the countries it is about.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePath

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from tipgraph.load import load_files
from tipgraph.namespaces import BASE, TIP
from tipgraph.project import Project
from tipgraph.terms import FORBIDDEN, BadTerm, bad_terms, line_of
from tipgraph.validate import PURPOSES, Shapes, Validation, load_shapes, validate_graph

SUBMISSION_BASE = BASE + "submission/"

# File name endings and media types, and the rdflib parser each one names.
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD", "xml": "RDF/XML"}

_COMMENT_LINES = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*")
_TURTLE_START = re.compile(r"(@prefix|@base|PREFIX|BASE)\s|<[^>\s]*>\s|_:\S+\s", re.IGNORECASE)
_XML_START = re.compile(r"<\?xml\s|<[A-Za-z][\w.-]*:RDF[\s>]|<RDF[\s>]")
_XML_DECLARATIONS = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_LINE = re.compile(r"\bline (\d+)", re.IGNORECASE)
# JSON-LD keywords whose values are IRIs (https://www.w3.org/TR/json-ld11/#keywords).
_JSON_LD_IRI_KEYS = ("@id", "@type", "@vocab", "@base")
_BAD_TERMS_LOCATED = 20


class SubmissionError(ValueError):
    """A submission that cannot be read: the message says what is wrong, in one line."""


@dataclass(frozen=True)
class Submission:
    """A parsed submission: where it came from, its format and its triples."""

    name: str
    format: str
    graph: Graph


def read_submission(path: str | Path, max_bytes: int) -> Submission:
    """Read and parse one file; refuse it unread if it is bigger than `max_bytes`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError(_too_big(path.name, size, max_bytes))
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except SubmissionError:
        raise
    except OSError as error:
        raise SubmissionError(f"{path}: cannot read the file ({error.strerror})") from None
    return parse_submission(data, path.name, max_bytes=max_bytes)


def parse_submission(
    data: bytes, name: str, media_type: str | None = None, max_bytes: int | None = None
) -> Submission:
    """Parse submitted bytes; the format comes from `media_type`, the name, or the text."""
    if max_bytes is not None and len(data) > max_bytes:
        raise SubmissionError(_too_big(name, len(data), max_bytes))
    if not data.strip():
        raise SubmissionError(f"{name}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError(
            f"{name}: not UTF-8 text (byte {error.start + 1}); save the file as UTF-8"
        ) from None
    fmt = format_of(name, text, media_type)
    GUARDS[fmt](name, text)
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt, publicID=SUBMISSION_BASE)
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise SubmissionError(_syntax_message(name, fmt, error)) from None
    if len(graph) == 0:
        raise SubmissionError(f"{name}: the file holds no triples")
    _refuse_bad_terms(name, fmt, text, graph)
    return Submission(name, fmt, graph)


def _refuse_bad_terms(name: str, fmt: str, text: str, graph: Graph) -> None:
    """Refuse the graph if it holds a term Oxigraph would refuse during validation,
    naming the one written first (of the first few found: each is looked up in the
    whole text)."""
    found = [(line_of(text, term, fmt, SUBMISSION_BASE), term)
             for term in islice(bad_terms(graph), _BAD_TERMS_LOCATED)]
    if found:
        line, term = min(found, key=lambda pair: (pair[0] is None, pair[0] or 0))
        raise SubmissionError(_term_message(name, line, term))


def _term_message(name: str, line: int | None, term: BadTerm) -> str:
    where = f"{name}: line {line}" if line else name
    return f"{where}: {term}"


def format_of(name: str, text: str, media_type: str | None = None) -> str:
    """The rdflib format of a submission: by media type, by file name, else by its text."""
    if media_type:
        fmt = MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())
        if fmt:
            return fmt
    fmt = FORMATS.get(PurePath(name).suffix.lower())
    if fmt:
        return fmt
    fmt = sniff(text)
    if fmt:
        return fmt
    known = ", ".join(sorted(FORMATS))
    raise SubmissionError(
        f"{name}: unknown format; send Turtle, N-Triples, JSON-LD or RDF/XML, named {known}"
    )


def sniff(text: str) -> str | None:
    """Tell the format from the start of the text, or None when it looks like none."""
    head = _COMMENT_LINES.sub("", text, count=1)[:2000]
    if head.startswith(("{", "[")):
        return "json-ld"
    if _XML_START.match(head):
        return "xml"
    if _TURTLE_START.match(head):
        return "turtle"
    return None


def _check_json_ld(name: str, text: str) -> None:
    """Read the JSON of a JSON-LD submission; refuse what rdflib would fetch or drop."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"{name}: line {error.lineno}: not valid JSON-LD: {error.msg}"
        raise SubmissionError(message) from None
    except RecursionError:
        raise SubmissionError(f"{name}: the JSON is nested too deeply") from None
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            _refuse_remote_context(name, item)
            _refuse_dropped_iris(name, text, item)
            stack.extend(item.values())


def _refuse_remote_context(name: str, item: dict) -> None:
    """Allow JSON-LD only with inline contexts: a context by IRI would be fetched or read.

    https://www.w3.org/TR/json-ld11/#the-context: a context may be an IRI, and
    "@import" (JSON-LD 1.1) names another one; both are refused, wherever they occur.
    """
    if "@import" in item:
        raise SubmissionError(
            f'{name}: a JSON-LD "@import" is not fetched; put the context inline'
        )
    if any(isinstance(c, str) for c in _contexts(item)):
        raise SubmissionError(
            f"{name}: a JSON-LD context given by address is not fetched; put the "
            "context inline as an object"
        )


def _refuse_dropped_iris(name: str, text: str, item: dict) -> None:
    """Refuse an IRI with a character no IRI may hold, where rdflib would drop it.

    rdflib's JSON-LD parser leaves out, without a word, every node and type whose IRI
    holds a space, so a record would lose its facts. The IRIs an inline context declares
    (prefixes, terms, @vocab, @base) are checked too: they become part of other IRIs.
    """
    values = [item.get(key) for key in _JSON_LD_IRI_KEYS]
    values += [value for context in _contexts(item) if isinstance(context, dict)
               for value in context.values()]
    for value in values:
        for iri in value if isinstance(value, list) else [value]:
            if not isinstance(iri, str) or iri.startswith(("_:", "@")):
                continue
            bad = FORBIDDEN.search(iri)
            if bad:
                term = BadTerm("IRI", iri, f"Invalid IRI code point '{bad.group()}'")
                raise SubmissionError(_term_message(
                    name, line_of(text, term, "json-ld", SUBMISSION_BASE), term))


def _contexts(item: dict) -> list:
    context = item.get("@context")
    return context if isinstance(context, list) else [context]


def _refuse_declarations(name: str, text: str) -> None:
    """Refuse RDF/XML with a DOCTYPE or entities, the way to make XML read files or URLs."""
    if _XML_DECLARATIONS.search(text):
        raise SubmissionError(
            f"{name}: RDF/XML with a DOCTYPE or entity declarations is refused; remove them"
        )


def _accept(name: str, text: str) -> None:
    """Turtle and N-Triples parsers open nothing; there is nothing to check first."""


GUARDS: dict[str, Callable[[str, str], None]] = {
    "turtle": _accept,
    "nt": _accept,
    "json-ld": _check_json_ld,
    "xml": _refuse_declarations,
}


def _too_big(name: str, size: int, max_bytes: int) -> str:
    return (
        f"{name}: the file has {size} bytes, more than the limit of {max_bytes} "
        "(setting max_body, TIPGRAPH_MAX_BODY)"
    )


def _syntax_message(name: str, fmt: str, error: Exception) -> str:
    """One line: file, line if known, the format and what the parser said."""
    said = str(getattr(error, "_why", None) or getattr(error, "msg", None) or error)
    said = " ".join(said.strip().split())[:300] or type(error).__name__
    line = _line_of(error)
    where = f"{name}: line {line}" if line else name
    return f"{where}: not valid {FORMAT_NAMES[fmt]}: {said}"


def _line_of(error: Exception) -> int | None:
    """The line a parser names: the SAX line, rdflib's Turtle line (from 0), or "line N"."""
    if hasattr(error, "getLineNumber"):
        return error.getLineNumber()
    lines = getattr(error, "lines", None)
    if isinstance(lines, int):
        return lines + 1
    match = _LINE.search(str(error))
    return int(match.group(1)) if match else None


def context_for(submission: Graph, shipped: Graph, ontology: Graph) -> Graph:
    """The graph a submission is validated in: submission, ontology, parts, references.

    References are followed outwards from the nodes the submission names without
    describing them, so a shipped institution comes with what it links to in turn; the
    ontology's own terms are already there and are not followed.
    """
    graph = Graph()
    graph += ontology
    graph += _report_parts(shipped)
    described = set(submission.subjects())
    start = {
        node for triple in submission for node in (triple[0], triple[2]) if isinstance(node, URIRef)
    }
    todo = [node for node in start if node not in described]
    seen: set[URIRef] = set()
    while todo:
        node = todo.pop()
        if node in seen or node in described or (node, None, None) in ontology:
            continue
        seen.add(node)
        for predicate, value in shipped.predicate_objects(node):
            graph.add((node, predicate, value))
            if isinstance(value, URIRef) and predicate != RDF.type:
                todo.append(value)
    graph += submission
    return graph


def _report_parts(shipped: Graph) -> Graph:
    """Every part of the report the shipped graph describes, with its own triples."""
    parts = Graph()
    query = """
        SELECT ?part ?p ?o WHERE {
            ?class rdfs:subClassOf* tip:ReportPart . ?part a ?class ; ?p ?o .
        }"""
    for part, predicate, value in shipped.query(query, initNs={"rdfs": RDFS, "tip": TIP}):
        parts.add((part, predicate, value))
    return parts


def judged_nodes(submission: Graph, context: Graph) -> set:
    """The nodes whose results count: the submission's own and the countries it is about."""
    own = set(submission.subjects())
    countries = {
        node
        for node in submission.objects()
        if isinstance(node, URIRef) and (node, TIP.iso3166Alpha3, None) in context
    }
    return own | countries


def read_submissions(paths: Iterable[str | Path], max_bytes: int) -> Graph:
    """Read several files into one submission graph (each within the size limit)."""
    graph = Graph()
    for path in paths:
        graph += read_submission(path, max_bytes).graph
    return graph


def validate_in(submission: Graph, shipped: Graph, ontology: Graph, shapes: Shapes,
                fail_on: str = "violation") -> Validation:
    """Validate a submission in the graph it refers to, judging only its own nodes."""
    graph = context_for(submission, shipped, ontology)
    return validate_graph(graph, shapes, fail_on, keep=judged_nodes(submission, graph))


def validate_submission(
    project: Project,
    paths: Iterable[str | Path],
    max_bytes: int,
    purposes: Iterable[str] = PURPOSES,
    fail_on: str = "violation",
) -> Validation:
    """Validate submitted files together, against the same shapes as the shipped graph."""
    return validate_in(read_submissions(paths, max_bytes),
                       load_files(project.graph_files()),
                       load_files(sorted(project.ontology_dir.glob("*.ttl"))),
                       load_shapes(project, purposes), fail_on)
