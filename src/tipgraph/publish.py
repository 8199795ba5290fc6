"""Push a build to a remote store over the SPARQL 1.1 Graph Store HTTP Protocol.

One PUT replaces the target graph whole (https://www.w3.org/TR/sparql11-http-rdf-update/
section 5.3), so publishing is idempotent and a reader never sees half of two builds.
The graph is named by indirect identification: `?default` or `?graph=IRI` on the
store's Graph Store endpoint (Oxigraph: http://host:port/store; Fuseki: /dataset/data).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from rdflib import Graph

from tipgraph.results import checked_iri

# Serializations a Graph Store accepts for PUT: name -> (rdflib format, media type).
GRAPH_FORMATS = {
    "nt": ("nt", "application/n-triples"),
    "turtle": ("turtle", "text/turtle"),
}


class PublishError(OSError):
    """The store refused the graph or could not be reached."""


@dataclass(frozen=True)
class PublishReport:
    """What was sent where, and what the store answered."""

    target: str
    triples: int
    status: int


def graph_url(endpoint: str, graph_iri: str | None = None) -> str:
    """The Graph Store URL of the default graph, or of a named graph."""
    if not endpoint.startswith(("http://", "https://")):
        raise ValueError(f"the store URL must be http(s), not {endpoint!r}")
    query = "default" if graph_iri is None else urllib.parse.urlencode(
        {"graph": checked_iri(graph_iri)})
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{query}"


def publish(graph: Graph, endpoint: str, *, graph_iri: str | None = None,
            format_name: str = "nt", timeout: float = 60.0) -> PublishReport:
    """PUT `graph` to the store's Graph Store endpoint, replacing the target graph."""
    if format_name not in GRAPH_FORMATS:
        raise ValueError(f"unknown format {format_name!r}; use {', '.join(GRAPH_FORMATS)}")
    rdflib_format, media_type = GRAPH_FORMATS[format_name]
    target = graph_url(endpoint, graph_iri)
    body = graph.serialize(format=rdflib_format, encoding="utf-8")
    request = urllib.request.Request(  # noqa: S310 (graph_url allows only http and https)
        target, data=body, method="PUT",
        headers={"Content-Type": f"{media_type}; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
        raise PublishError(
            f"{target} answered HTTP {error.code}: {detail[0] if detail else error.reason}"
        ) from None
    except (urllib.error.URLError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise PublishError(f"cannot reach {target}: {reason}") from None
    return PublishReport(target, len(graph), status)
