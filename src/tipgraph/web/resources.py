"""Dereferencing: every /id/, /concept/ and /source/ IRI answers, and so does /ontology.

A browser gets a page; a linked-data client gets Turtle, JSON-LD, N-Triples or RDF/XML
by Accept, or by a file suffix on the path (/id/country/ARG.ttl), as the W3C's
"Cool URIs" note describes. https://www.w3.org/TR/cooluris/
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from rdflib import URIRef

from tipgraph.namespaces import BASE, TIP
from tipgraph.results import Result, checked_iri, serialize
from tipgraph.web import negotiate
from tipgraph.web.describe import describe, exists, rdf_description
from tipgraph.web.errors import WebError
from tipgraph.web.headers import DATA, machine
from tipgraph.web.ontology_doc import document, ontology_rdf
from tipgraph.web.site import site

blueprint = Blueprint("resources", __name__)

# Data first: a client that states no preference (`*/*`) is a program, not a browser.
RESOURCE_FORMATS = {**negotiate.RDF_ONLY, "text/html": negotiate.HTML}
COUNTRY = TIP.Country


def _iri(path: str) -> URIRef | None:
    try:
        return URIRef(checked_iri(BASE + path))
    except ValueError:
        return None


def resolve(path: str) -> tuple[URIRef, str | None]:
    """The IRI a path names, and the format its suffix asks for; 404 if unknown."""
    iri = _iri(path)
    if iri is not None and exists(site().query, iri):
        return iri, None
    for suffix, name in negotiate.SUFFIXES.items():
        if path.endswith(suffix):
            stem = _iri(path[: -len(suffix)])
            if stem is not None and exists(site().query, stem):
                return stem, name
    raise WebError(404, f"no resource <{BASE}{path}> in this graph")


def pick_format(suffix_format: str | None) -> str:
    """The suffix's format, or the one Accept prefers; 406 if none can be given."""
    if suffix_format is not None:
        return suffix_format
    name = negotiate.choose(request.accept_mimetypes, RESOURCE_FORMATS)
    if name is None:
        raise WebError(406, "this resource can be had as: "
                            f"{negotiate.offered(RESOURCE_FORMATS)}")
    return name


def rdf_response(result: Result, name: str, filename: str) -> Response:
    """An RDF document in a named format, with a file name for downloads."""
    response = Response(serialize(result, name), mimetype=negotiate.media_type(name))
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.vary.add("Accept")
    return response


def country_code(description) -> str | None:
    """The ISO alpha-3 code of a country, for the link to its profile."""
    if COUNTRY not in description.types:
        return None
    code = description.value(TIP.iso3166Alpha3)
    return str(code) if code is not None else None


@blueprint.get("/<any(id, concept, source):head>/<path:rest>")
@machine(DATA)
def resource(head: str, rest: str):
    """Describe one IRI of the graph as a page or as RDF."""
    iri, suffix_format = resolve(f"{head}/{rest}")
    name = pick_format(suffix_format)
    if name != negotiate.HTML:
        slug = rest.rsplit("/", 1)[-1].split(".")[0] or head
        return rdf_response(rdf_description(site().query, iri), name,
                            f"{slug}{_suffix(name)}")
    description = describe(site().query, iri)
    response = Response(render_template(
        "resource.html", d=description, code=country_code(description),
        alternates=_alternates(f"/{head}/{rest}")), mimetype="text/html")
    response.vary.add("Accept")
    return response


def _suffix(name: str) -> str:
    return {value: key for key, value in negotiate.SUFFIXES.items()}[name]


def _alternates(path: str) -> list[tuple[str, str]]:
    return [(label, request.script_root + path + suffix)
            for suffix, label in ((".ttl", "Turtle"), (".jsonld", "JSON-LD"),
                                  (".nt", "N-Triples"), (".rdf", "RDF/XML"))]


@blueprint.get("/ontology")
@blueprint.get("/ontology<any('.ttl', '.nt', '.jsonld', '.rdf', '.html'):suffix>")
@machine(DATA)
def ontology(suffix: str | None = None):
    """Document the ontology on a page, or serve its terms as RDF."""
    name = pick_format(negotiate.SUFFIXES.get(suffix) if suffix else None)
    if name != negotiate.HTML:
        return rdf_response(site().memo("ontology-rdf", lambda: ontology_rdf(site().query)),
                            name, f"tipgraph-ontology{_suffix(name)}")
    documentation = site().memo("ontology-doc", lambda: document(site().query))
    response = Response(render_template("ontology.html", doc=documentation,
                                        ontology_iri=str(TIP).rstrip("#")),
                        mimetype="text/html")
    response.vary.add("Accept")
    return response


@blueprint.get("/ontology/")
def ontology_slash():
    """The ontology IRI with a trailing slash, as some clients write it."""
    return redirect(url_for("resources.ontology"), code=301)
