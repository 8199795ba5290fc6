"""Find the terms of a parsed submission that Oxigraph refuses, and the line each is on.

rdflib's parsers take IRIs that RFC 3987 forbids (a space, a control character, `<`,
a backslash: https://www.rfc-editor.org/rfc/rfc3987#section-2.2) with a warning, and
language tags that BCP 47 forbids. Validation runs the SHACL-SPARQL constraints in
Oxigraph, whose parser refuses such terms halfway through. Each term is checked here
with Oxigraph's own constructors, so what passes is what Oxigraph reads later, and a
refusal can name the term and its line before validation starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

# Characters no IRI may hold: RFC 3987 has no production that allows them.
FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
SHOWN_LENGTH = 200
# How a message shows each kind of term, as Turtle writes it.
SHOWN = {"IRI": "<{}>", "language tag": "@{}", "text": '"{}"'}
# Turtle and N-Triples may write a character of an IRI as a \u escape, in either case
# (https://www.w3.org/TR/turtle/#grammar-production-UCHAR).
ESCAPES = ("{0:c}", "\\u{0:04X}", "\\u{0:04x}")


def _angled(iri: str) -> tuple[str, ...]:
    """The IRI in angle brackets, its forbidden characters as they are or escaped."""
    return tuple(f"<{FORBIDDEN.sub(lambda bad, form=form: form.format(ord(bad.group())), iri)}>"
                 for form in ESCAPES)


# How each format writes an IRI, to find it in the text: in angle brackets, as a JSON
# string, as an XML attribute value.
IRI_SPELLINGS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "turtle": _angled,
    "nt": _angled,
    "json-ld": lambda iri: (json.dumps(iri, ensure_ascii=False)[1:-1],),
    "xml": lambda iri: (escape(iri, {'"': "&quot;"}),),
}


@dataclass(frozen=True)
class BadTerm:
    """A term Oxigraph refuses: an IRI, a language tag or a text, and Oxigraph's reason."""

    kind: str
    value: str
    reason: str

    def __str__(self) -> str:
        shown = SHOWN[self.kind].format(shown_text(self.value))
        return f"invalid {self.kind} {shown} ({shown_text(self.reason)})"


def shown_text(value: str) -> str:
    """The value on one printable line: other characters as \\uXXXX, long ones cut."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04X}" for c in value)
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"


def bad_terms(graph: Graph) -> Iterator[BadTerm]:
    """Every distinct term of the graph Oxigraph refuses: IRIs (datatypes too),
    language tags, and texts that are not Unicode (an escaped lone surrogate)."""
    seen: set = set()
    for triple in graph:
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            if isinstance(term, URIRef):
                yield from _check(ox.NamedNode, "IRI", str(term))
            elif isinstance(term, Literal):
                yield from _check_literal(term)


def _check_literal(literal: Literal) -> Iterator[BadTerm]:
    if literal.datatype is not None:
        yield from _check(ox.NamedNode, "IRI", str(literal.datatype))
    if literal.language is not None:
        yield from _check(lambda tag: ox.Literal("", language=tag), "language tag",
                          literal.language)
    yield from _check(lambda text: text.encode("utf-8"), "text", str(literal))


def _check(make: Callable[[str], object], kind: str, value: str) -> Iterator[BadTerm]:
    try:
        make(value)
    except UnicodeError as error:  # a lone surrogate, from an escape
        yield BadTerm(kind, value, error.reason)
    except ValueError as error:
        yield BadTerm(kind, value, str(error) or f"not a valid {kind}")


def line_of(text: str, term: BadTerm, fmt: str, base: str) -> int | None:
    """The line the term is written on, or None when it cannot be found as written.

    An IRI is looked for as the format writes it, as written, relative to `base`, and
    at last by its longest start up to its first forbidden character (an IRI made from
    a prefix declared with a space is found on the declaration's line). A language tag
    is looked for as `@tag`, then alone.
    """
    if term.kind == "IRI":
        iri = term.value
        candidates = [*IRI_SPELLINGS[fmt](iri), iri]
        if iri.startswith(base) and len(iri) > len(base):
            candidates.append(iri[len(base):])
    else:
        candidates = [f"@{term.value}", term.value]
    for candidate in candidates:
        at = text.find(candidate)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    if term.kind == "IRI":
        return _line_of_start(text, term.value)
    return None


def _line_of_start(text: str, iri: str) -> int | None:
    """The line of the longest start of the IRI the text holds, if it reaches past the
    IRI's first forbidden character; a binary search, since every shorter start of a
    start the text holds is in the text too."""
    bad = FORBIDDEN.search(iri)
    if bad is None or iri[: bad.end()] not in text:
        return None
    low, high = bad.end(), len(iri)
    while low < high:
        middle = (low + high + 1) // 2
        if iri[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return text.count("\n", 0, text.find(iri[:low])) + 1
