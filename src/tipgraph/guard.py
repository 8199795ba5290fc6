"""Refuse SPARQL that could reach outside the graph or change it, before any engine sees it.

Both embedded engines follow `SERVICE` over HTTP, rdflib fetches the IRIs of `FROM`
clauses it does not hold, and `LOAD` reads a URL: a public endpoint must refuse all
three, and updates, whatever their case or spacing. A dataset clause (`FROM`, `FROM
NAMED`, https://www.w3.org/TR/sparql11-query/#specifyingDataset) may name the dataset's
own graphs, which the caller passes in (`graphs`, full IRIs): no engine fetches those.
The check reads the tokens of tipgraph.engines.syntax (the one SPARQL tokenizer of the
project), so a keyword inside a string, an IRI or a comment does not count. https://www.w3.org/TR/sparql11-query/#grammar

Oxigraph's parser matches keywords without asking for a word boundary after them, so
`SERVICEe:x { }`, `service:x { }` (SERVICE and the prefixed name `:x`) and
`SERVICESILENT<...>` all call a service there; rdflib's does not. The rules below are
therefore written against what the loosest parser accepts:

- a bare word that contains SERVICE, or FROM (but for FROM itself and the glued
  FROMNAMED), or starts with an update keyword;
- a FROM inside a group (a dataset clause stands only at the top), or one that a full
  IRI of one of `graphs` does not follow (after NAMED, if there): a prefixed name or a
  relative IRI could resolve to anything, so neither is read as a graph's name;
- a prefixed name whose prefix contains SERVICE and that a group `{` follows (the only
  place a service call can stand);
- a prefixed name whose prefix contains FROM outside any group (where a dataset clause
  can stand), unless it is the name a PREFIX declaration introduces.
"""

from __future__ import annotations

import re

from tipgraph.engines import syntax

REACHING = {
    "SERVICE": "SERVICE clauses are refused: this endpoint does not query other services",
    "FROM": "FROM and FROM NAMED are refused unless a full IRI of one of this dataset's "
            "graphs follows them: this endpoint reads no other graphs or URLs",
}
# What a dataset clause names, when it names no graph of the dataset.
CLAUSE_REFUSED = ("{clause} {name} is refused: FROM and FROM NAMED may name only this "
                  "dataset's own graphs, by their full IRIs (the service description lists "
                  "them); this endpoint reads no other graphs or URLs")
# The words that open a dataset clause; FROMNAMED is how a parser that asks for no word
# boundary may read FROM NAMED.
CLAUSE_WORDS = {"FROM": "FROM", "FROMNAMED": "FROM NAMED"}
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
           "WITH", "USING")
REFUSED = {
    **REACHING,
    "LOAD": "LOAD is refused: this endpoint is read-only and fetches nothing",
    **{keyword: f"{keyword} is refused: this endpoint is read-only"
       for keyword in UPDATES if keyword != "LOAD"},
}


class UnsafeQuery(ValueError):
    """A query this server will not run, with the reason in words."""


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's \\u and \\U escapes, which a parser applies before anything else.

    https://www.w3.org/TR/sparql11-query/#codepointEscape
    """

    def decode(match: re.Match) -> str:
        codepoint = int(match.group(1) or match.group(2), 16)
        return chr(codepoint) if codepoint <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(decode, text)


def _word_refusal(word: str) -> str | None:
    upper = word.upper()
    if upper in CLAUSE_WORDS:
        return None  # read with what follows it (_clause_refusal)
    for keyword in REACHING:
        if keyword in upper:
            return REFUSED[keyword]
    for keyword in UPDATES:
        if upper.startswith(keyword):
            return REFUSED[keyword]
    return None


def _name_refusal(items: list[syntax.Token], index: int) -> str | None:
    token = items[index]
    prefix = token.text.split(":", 1)[0].upper()
    following = items[index + 1].text if index + 1 < len(items) else ""
    if "SERVICE" in prefix and following == "{":
        return REFUSED["SERVICE"]
    declared = index > 0 and items[index - 1].keyword in ("PREFIX", "BASE")
    if "FROM" in prefix and token.depth == 0 and not declared:
        return REFUSED["FROM"]
    return None


def _clause_refusal(items: list[syntax.Token], index: int,
                    graphs: frozenset[str]) -> str | None:
    """Refuse a dataset clause at items[index] unless it names one of `graphs` in full."""
    clause = CLAUSE_WORDS[items[index].keyword]
    following = items[index + 1:index + 3]
    if clause == "FROM" and following and following[0].keyword == "NAMED":
        clause, following = "FROM NAMED", following[1:]
    name = following[0] if following else None
    if name is None:
        return CLAUSE_REFUSED.format(clause=clause, name="without a graph")
    if items[index].depth != 0:
        return CLAUSE_REFUSED.format(clause=clause, name=f"{name.text} inside a group")
    if name.kind == "iri" and name.text[1:-1] in graphs:
        return None
    return CLAUSE_REFUSED.format(clause=clause, name=name.text)


def _token_refusal(items: list[syntax.Token], index: int,
                   graphs: frozenset[str]) -> str | None:
    token = items[index]
    if token.keyword in CLAUSE_WORDS:
        return _clause_refusal(items, index, graphs)
    if token.kind == "word":
        return _word_refusal(token.text)
    if token.kind == "pname":
        return _name_refusal(items, index)
    return None


def refusal(text: str, graphs: frozenset[str] = frozenset()) -> str | None:
    """The reason to refuse `text`, or None if it may run over a dataset whose named
    graphs are `graphs` (full IRIs).

    Every rule asks for a refused keyword inside one token, so a text whose upper-cased
    form holds none of them anywhere may run without being tokenized (most queries).
    """
    text = unescape_codepoints(text)
    upper = text.upper()
    if not any(keyword in upper for keyword in REFUSED):
        return None
    items = syntax.tokens(text)
    for index in range(len(items)):
        reason = _token_refusal(items, index, graphs)
        if reason:
            return reason
    return None


def check_query(text: str, graphs: frozenset[str] = frozenset()) -> None:
    """Raise UnsafeQuery if `text` uses SERVICE, LOAD or any update operation, or a FROM
    or FROM NAMED that names anything but one of `graphs` (the dataset's named graphs)."""
    reason = refusal(text, graphs)
    if reason:
        raise UnsafeQuery(reason)
