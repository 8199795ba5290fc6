"""Read the shape of SPARQL text without a full parser: forms, variables, the WHERE group.

Binding a value by a VALUES block, checking a canned query's parameters and telling a
query from an update all need to know where things are in the text, outside strings,
IRIs and comments. A small tokenizer is enough for that, and it is fast enough to run
on every request, which a full parser (rdflib's takes milliseconds) is not. It is the
project's one SPARQL tokenizer: tipgraph.guard reads the same tokens.

Tokens follow the terminals of the SPARQL 1.1 grammar:
https://www.w3.org/TR/sparql11-query/#sparqlGrammar
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef

from tipgraph.results import ntriples_term

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\.|'(?!''))*'''
             | "(?:[^"\\\n\r]|\\.)*"
             | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00C0-\uFFFF]*)?:(?:[\w.:%\-\u00C0-\uFFFF]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Token:
    """One token: its kind (a group name of _TOKEN), text, offset and brace depth."""

    kind: str
    text: str
    start: int
    depth: int

    @property
    def keyword(self) -> str:
        """The upper-cased word, or '' for anything that is not a plain word."""
        return self.text.upper() if self.kind == "word" else ""


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the significant tokens (no spaces or comments) with their brace depths."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth -= 1
        yield Token(kind, value, match.start(), depth)
        if value == "{":
            depth += 1


def tokens(text: str) -> list[Token]:
    """Split SPARQL text into significant tokens, with their brace depths."""
    return list(iter_tokens(text))


# The functions engines call on every request are memoised on the text: canned queries
# repeat, and a string caches its own hash, so a repeat costs one dictionary lookup.


@functools.lru_cache(maxsize=1024)
def form(text: str) -> str:
    """The query form (SELECT, CONSTRUCT, ASK, DESCRIBE), 'UPDATE', or '' if none."""
    for match in _TOKEN.finditer(text):  # no Token objects: this runs on every query
        if match.lastgroup == "word":
            keyword = match.group().upper()
            if keyword in FORMS:
                return keyword
            if keyword in UPDATE_KEYWORDS:
                return "UPDATE"
    return ""


@functools.lru_cache(maxsize=1024)
def keywords(text: str) -> frozenset[str]:
    """Every keyword (upper-cased plain word) in the text, at any depth."""
    return frozenset(token.keyword for token in iter_tokens(text) if token.keyword)


def variables(text: str) -> set[str]:
    """Every variable name the text mentions, without its ? or $."""
    return {token.text[1:] for token in tokens(text) if token.kind == "var"}


def _closing(items: list[Token], index: int) -> int:
    """Index of the token closing the brace group opened at items[index]."""
    depth = items[index].depth
    for position in range(index + 1, len(items)):
        if items[position].text == "}" and items[position].depth == depth:
            return position
    return len(items)


def _projection_from(items: list[Token], index: int) -> tuple[str, ...] | None:
    """The variables a SELECT at items[index] projects; None for SELECT *."""
    names, parens = [], 0
    for position in range(index + 1, len(items)):
        token = items[position]
        if token.text == "{" or (parens == 0 and token.keyword in ("WHERE", "FROM")):
            break
        if token.text == "*" and parens == 0:
            return None
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.kind == "var" and (
                parens == 0 or items[position - 1].keyword == "AS"):
            names.append(token.text[1:])
    return tuple(names)


def projection(text: str) -> tuple[str, ...] | None:
    """The variables the outermost SELECT projects, in order; None for SELECT *."""
    items = tokens(text)
    for index, token in enumerate(items):
        if token.keyword == "SELECT" and token.depth == 0:
            return _projection_from(items, index)
    return ()


@dataclass(frozen=True)
class Subquery:
    """A nested SELECT: the text span of its group and the variables it projects."""

    start: int
    end: int
    projected: tuple[str, ...] | None
    mentioned: frozenset[str]


def subqueries(text: str) -> list[Subquery]:
    """Every nested SELECT, with the variables it mentions and those it passes out."""
    items = tokens(text)
    found = []
    for index, token in enumerate(items):
        if token.keyword == "SELECT" and token.depth > 0:
            opening = max(i for i in range(index) if items[i].text == "{"
                          and items[i].depth == token.depth - 1)
            closing = _closing(items, opening)
            inside = items[opening:closing]
            found.append(Subquery(
                items[opening].start,
                items[closing].start if closing < len(items) else len(text),
                _projection_from(items, index),
                frozenset(t.text[1:] for t in inside if t.kind == "var"),
            ))
    return found


@dataclass(frozen=True)
class Group:
    """A brace group that SPARQL evaluates on its own: a UNION branch or a MINUS."""

    keyword: str
    start: int
    end: int
    mentioned: frozenset[str]


def separate_groups(text: str) -> list[Group]:
    """The UNION branches and MINUS groups, with the variables each mentions.

    Such a group is evaluated before it meets the rest of the query, so a FILTER in it
    cannot see a value bound outside (https://www.w3.org/TR/sparql11-query/#sparqlAlgebra).
    """
    items = tokens(text)
    found = []
    for index, token in enumerate(items):
        if token.text != "{":
            continue
        closing = _closing(items, index)
        before = items[index - 1].keyword if index > 0 else ""
        after = items[closing + 1].keyword if closing + 1 < len(items) else ""
        keyword = "UNION" if "UNION" in (before, after) else "MINUS" if before == "MINUS" else ""
        if keyword:
            inside = items[index:closing]
            found.append(Group(keyword, token.start,
                               items[closing].start if closing < len(items) else len(text),
                               frozenset(t.text[1:] for t in inside if t.kind == "var")))
    return found


@functools.lru_cache(maxsize=1024)
def where_group_start(text: str) -> int:
    """Offset just inside the `{` that opens the query's outermost WHERE group.

    The WHERE keyword is optional in SPARQL (`SELECT * { ... }`, `ASK { ... }`), and a
    CONSTRUCT's first group is its template, so the rule is: the group after WHERE,
    else the first top-level group (the second one for CONSTRUCT).
    """
    items = tokens(text)
    top = [i for i, token in enumerate(items) if token.depth == 0]
    query_form = form(text)
    for position, index in enumerate(top):
        token = items[index]
        if token.keyword == "WHERE":
            following = next((i for i in top[position + 1:] if items[i].text == "{"), None)
            if following is None:
                break
            if query_form == "CONSTRUCT" and _is_short_construct(items, index):
                raise ValueError("a CONSTRUCT WHERE short form has no group to bind values in")
            return items[following].start + 1
    groups = [i for i in top if items[i].text == "{"]
    wanted = 1 if query_form == "CONSTRUCT" else 0
    if query_form and len(groups) > wanted:
        return items[groups[wanted]].start + 1
    raise ValueError("the query has no WHERE group to bind values in")


def _is_short_construct(items: list[Token], where_index: int) -> bool:
    """True for `CONSTRUCT WHERE { ... }`, which has no separate template."""
    before = [t for t in items[:where_index] if t.depth == 0]
    return not any(t.text == "{" for t in before)


def values_block(bindings: Mapping[str, URIRef | Literal | BNode]) -> str:
    """A one-row VALUES block from validated terms; ValueError for anything unsafe."""
    names = []
    for name in bindings:
        if not VARIABLE_NAME.match(name):
            raise ValueError(f"not a variable name: {name!r}")
        names.append("?" + name)
    cells = [ntriples_term(term) for term in bindings.values()]
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(cells)}) }}\n"


def with_values(text: str, bindings: Mapping[str, URIRef | Literal | BNode]) -> str:
    """Bind variables by a VALUES block at the start of the outermost WHERE group.

    A VALUES block there joins with the whole group, so FILTERs, OPTIONALs and
    aggregates see the value as if the variable were pre-bound; it is the binding
    SPARQL 1.1 itself offers (https://www.w3.org/TR/sparql11-query/#inline-data).
    Values are written from terms, never from caller text.
    """
    if not bindings:
        return text
    where = where_group_start(text)
    return text[:where] + "\n" + values_block(bindings) + text[where:]


def iter_parameter_variables(text: str) -> Iterator[str]:
    """Variables that follow grlc's parameter convention: a leading underscore."""
    for name in sorted(variables(text)):
        if name.startswith("_"):
            yield name
