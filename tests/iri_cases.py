"""Submissions holding an IRI or a language tag the validating store refuses, each with
the words its one-line refusal must hold: the term, and the line it is written on.

rdflib reads each of these (with a warning, or by dropping the node); validation then
failed inside Oxigraph with a server error. The CLI's tests and /validate's share them.
"""

from __future__ import annotations

from dataclasses import dataclass

GUYANA = "https://w3id.org/tipgraph/id/hotline/GUY"
PREFIXES = """@prefix tip:  <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def hotline(subject: str = f"<{GUYANA}-999>", label: str = '"Guyana hotline"@en',
            prefixes: str = PREFIXES) -> str:
    """Guyana's hotline in Turtle: the subject (as given) on line 3, the label on line 4."""
    return prefixes + f"""{subject} a tip:DedicatedHotline ;
    rdfs:label {label} ;
    tip:country <https://w3id.org/tipgraph/id/country/GUY> .
"""


@dataclass(frozen=True)
class Case:
    """A submission's file name, media type, text, and the words its refusal holds."""

    name: str
    media_type: str
    text: str
    words: str


CASES = [
    Case("space.ttl", "text/turtle", hotline(f"<{GUYANA} 999>"),
         f"line 3: invalid IRI <{GUYANA} 999> (Invalid IRI code point ' ')"),
    Case("control.ttl", "text/turtle", hotline(f"<{GUYANA}\x07999>"),
         f"line 3: invalid IRI <{GUYANA}\\u0007999>"),
    Case("angle.ttl", "text/turtle", hotline(f"<{GUYANA}<999>"),
         f"line 3: invalid IRI <{GUYANA}<999> (Invalid IRI code point '<')"),
    Case("escaped.ttl", "text/turtle", hotline(f"<{GUYANA}\\u0020999>"),
         f"line 3: invalid IRI <{GUYANA} 999>"),
    Case("datatype.ttl", "text/turtle",
         hotline(label='"Guyana hotline"^^<http://www.w3.org/2001/XMLSchema#str ing>'),
         "line 4: invalid IRI <http://www.w3.org/2001/XMLSchema#str ing>"),
    Case("prefix.ttl", "text/turtle",
         hotline(prefixes=PREFIXES.replace("ontology#", "onto logy#")),
         "line 1: invalid IRI <https://w3id.org/tipgraph/onto logy#"),
    Case("language.ttl", "text/turtle", hotline(label='"Guyana hotline"@en-caribbean'),
         "line 4: invalid language tag @en-caribbean"),
    Case("space.jsonld", "application/ld+json", f"""{{
  "@context": {{"tip": "https://w3id.org/tipgraph/ontology#"}},
  "@id": "{GUYANA} 999",
  "@type": "tip:DedicatedHotline"
}}""", f"line 3: invalid IRI <{GUYANA} 999> (Invalid IRI code point ' ')"),
    Case("space.rdf", "application/rdf+xml", f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="{GUYANA} 999">
    <rdf:type rdf:resource="https://w3id.org/tipgraph/ontology#DedicatedHotline"/>
  </rdf:Description>
</rdf:RDF>""", f"line 3: invalid IRI <{GUYANA} 999> (Invalid IRI code point ' ')"),
]
