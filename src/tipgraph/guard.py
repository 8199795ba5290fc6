"""Refuse SPARQL that could reach outside the graph or change it, before any engine sees it.

Both embedded engines follow `SERVICE` over HTTP, rdflib fetches the IRIs of `FROM`
clauses, and `LOAD` reads a URL: a public endpoint must refuse all three, and updates,
whatever their case or spacing. The check works on tokens, so a keyword inside a string,
an IRI, a comment or a prefixed name does not count.
https://www.w3.org/TR/sparql11-query/#grammar
"""

from __future__ import annotations

import re

# Order matters: the longest-quoted strings first, then IRIs, comments, names, words.
_TOKEN = re.compile(
    r"""
      (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<name>[\w.-]*:[\w.:%\\-]*)
    | (?P<word>[A-Za-z_]+)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.UNICODE,
)

REFUSED = {
    "SERVICE": "SERVICE clauses are refused: this endpoint does not query other services",
    "FROM": "FROM and FROM NAMED are refused: this endpoint reads no other graphs or URLs",
    "LOAD": "LOAD is refused: this endpoint is read-only and fetches nothing",
    **{
        keyword: f"{keyword} is refused: this endpoint is read-only"
        for keyword in ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                        "WITH", "USING")
    },
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


def keywords(text: str) -> list[str]:
    """Return the bare words of a SPARQL text, upper-cased, outside strings, IRIs, comments."""
    tokens = _TOKEN.finditer(unescape_codepoints(text))
    return [m.group("word").upper() for m in tokens if m.lastgroup == "word"]


def check_query(text: str) -> None:
    """Raise UnsafeQuery if `text` uses SERVICE, FROM, LOAD or any update operation."""
    for word in keywords(text):
        if word in REFUSED:
            raise UnsafeQuery(REFUSED[word])
