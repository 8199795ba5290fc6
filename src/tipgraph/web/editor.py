"""The SPARQL editor page: YASGUI, pointed at this server's /sparql, with the catalogue's
queries as examples to start from."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from tipgraph.namespaces import PREFIXES
from tipgraph.web.headers import EDITOR_CSP
from tipgraph.web.site import site

blueprint = Blueprint("editor", __name__)

STARTER = """SELECT ?class (COUNT(?thing) AS ?things)
WHERE { ?thing a ?class }
GROUP BY ?class
ORDER BY DESC(?things)
LIMIT 20"""


def _prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items()
                   if prefix in ("tip", "rdfs", "skos", "prov", "c", "src", "id", "rdf"))


@blueprint.get("/editor")
def editor():
    """Show the editor with the starter query and every canned query as an example."""
    examples = [{"name": query.name, "summary": query.summary, "query": query.text.strip()}
                for query in site().catalog]
    config = {
        "endpoint": url_for("sparql.endpoint", _external=True),
        "query": _prologue() + "\n" + STARTER,
        "examples": examples,
    }
    response = Response(render_template("editor.html", config=config, examples=examples),
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = EDITOR_CSP
    return response
