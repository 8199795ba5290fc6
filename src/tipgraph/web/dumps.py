"""The build's dumps and its VoID/DCAT description, made in memory from the Build.

A dump is named by a fixed table; the client chooses among those names and never a
path, so no request can make the server read a file. The bytes are the ones
`tipgraph build` writes to dist/ (the same function writes them, into a private
temporary folder once per app), so a download and a local build compare equal.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Response, render_template, request

from tipgraph.build import write_dumps
from tipgraph.results import GraphResult, serialize
from tipgraph.void import describe
from tipgraph.web import negotiate
from tipgraph.web.errors import WebError
from tipgraph.web.headers import machine
from tipgraph.web.site import site

blueprint = Blueprint("dumps", __name__)

DUMPS = {
    "tipgraph.ttl": ("text/turtle", "the graph in Turtle"),
    "tipgraph.nt": ("application/n-triples", "the graph in N-Triples, sorted lines"),
    "tipgraph.jsonld": ("application/ld+json", "the graph in JSON-LD, compacted"),
    "tipgraph.nq": ("application/n-quads", "the named graphs, one per report part, in N-Quads"),
    "tipgraph.trig": ("application/trig", "the named graphs, one per report part, in TriG"),
    "context.jsonld": ("application/ld+json", "the JSON-LD context of the dumps"),
    "inferred.nt": ("application/n-triples", "the types the reasoner inferred"),
    "void.ttl": ("text/turtle", "VoID and DCAT description of the dataset"),
}


def _render() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="tipgraph-dumps-") as folder:
        write_dumps(site().build, Path(folder))
        return {name: (Path(folder) / name).read_bytes() for name in DUMPS}


def dump_bytes(name: str) -> bytes:
    """The bytes of one dump; they are written on first request and then kept."""
    return site().memo("dumps", _render)[name]


@blueprint.get("/dumps/")
def index():
    """List the dumps."""
    return render_template("dumps.html", dumps=DUMPS, version=site().build.version,
                           triples=len(site().build.graph))


@blueprint.get("/dumps/<name>")
@machine()
def dump(name: str):
    """Serve one dump by its name in the table."""
    if name not in DUMPS:
        raise WebError(404, f"no dump named {name!r}; the dumps are: {', '.join(DUMPS)}")
    media_type, _ = DUMPS[name]
    response = Response(dump_bytes(name), mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.set_etag(f"{site().build.version}-{name}")
    return response.make_conditional(request)


@blueprint.get("/.well-known/void")
@machine()
def void():
    """Describe the dataset in VoID and DCAT, in the RDF format Accept asks for."""
    name = negotiate.choose(request.accept_mimetypes, negotiate.RDF_ONLY)
    if name is None:
        raise WebError(406, f"the description can be had as: "
                            f"{negotiate.offered(negotiate.RDF_ONLY)}")
    build = site().build
    graph = site().memo("void", lambda: describe(build.graph, build.version, build.inferred))
    response = Response(serialize(GraphResult(tuple(graph)), name),
                        mimetype=negotiate.media_type(name))
    response.vary.add("Accept")
    return response
