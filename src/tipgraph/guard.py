"""Refuse SPARQL that could reach outside the graph or change it, before any engine sees it.

Both embedded engines follow `SERVICE` over HTTP, rdflib fetches the IRIs of `FROM`
clauses, and `LOAD` reads a URL: a public endpoint must refuse all three, and updates,
whatever their case or spacing. The check reads the tokens of tipgraph.engines.syntax
(the one SPARQL tokenizer of the project), so a keyword inside a string, an IRI or a
comment does not count. https://www.w3.org/TR/sparql11-query/#grammar

Oxigraph's parser matches keywords without asking for a word boundary after them, so
`SERVICEe:x { }`, `service:x { }` (SERVICE and the prefixed name `:x`) and
`SERVICESILENT<...>` all call a service there; rdflib's does not. The rules below are
therefore written against what the loosest parser accepts:

- a bare word that contains SERVICE or FROM, or starts with an update keyword;
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
    "FROM": "FROM and FROM NAMED are refused: this endpoint reads no other graphs or URLs",
}
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


def refusal(text: str) -> str | None:
    """The reason to refuse `text`, or None if it may run.

    Every rule asks for a refused keyword inside one token, so a text whose upper-cased
    form holds none of them anywhere may run without being tokenized (most queries).
    """
    text = unescape_codepoints(text)
    upper = text.upper()
    if not any(keyword in upper for keyword in REFUSED):
        return None
    items = syntax.tokens(text)
    for index, token in enumerate(items):
        if token.kind == "word":
            reason = _word_refusal(token.text)
        elif token.kind == "pname":
            reason = _name_refusal(items, index)
        else:
            continue
        if reason:
            return reason
    return None


def check_query(text: str) -> None:
    """Raise UnsafeQuery if `text` uses SERVICE, FROM, LOAD or any update operation."""
    reason = refusal(text)
    if reason:
        raise UnsafeQuery(reason)
