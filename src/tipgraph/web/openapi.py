"""An OpenAPI 3 description of the query API, generated from the catalogue.

Every canned query becomes a path with its summary, description and parameters (type,
enumeration, default, required), and the media types it answers in, so a generic
client (or a fuzzer such as schemathesis) can call it without reading the .rq files.
https://spec.openapis.org/oas/v3.1.0
"""

from __future__ import annotations

from tipgraph.catalog import CannedQuery
from tipgraph.engines import syntax
from tipgraph.params import MAX_TEXT, PARAMETER_TYPES, YEARS, Parameter
from tipgraph.web.site import Site

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")

# JSON Schema for each parameter type (tipgraph.params.PARAMETER_TYPES).
SCHEMAS = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string", "maxLength": MAX_TEXT},
    "integer": {"type": "integer"},
    "year": {"type": "integer", "minimum": YEARS.start, "maximum": YEARS.stop - 1},
    "country": {"type": "string", "pattern": "^([A-Za-z]{2,3}|https?://.+)$"},
    "concept": {"type": "string"},
    "part": {"type": "string"},
}

SPARQL_JSON = {
    "type": "object",
    "description": "SPARQL 1.1 Query Results JSON "
                   "(https://www.w3.org/TR/sparql11-results-json/)",
    "properties": {
        "head": {"type": "object", "properties": {
            "vars": {"type": "array", "items": {"type": "string"}}}},
        "results": {"type": "object", "properties": {
            "bindings": {"type": "array", "items": {"type": "object"}}}},
        "boolean": {"type": "boolean"},
    },
    "required": ["head"],
}
ERROR = {
    "type": "object",
    "properties": {"status": {"type": "integer"}, "error": {"type": "string"},
                   "parameter": {"type": "string"}},
    "required": ["status", "error"],
}
TEXT = {"type": "string"}

TABULAR_CONTENT = {
    "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/Results"}},
    "application/sparql-results+xml": {"schema": TEXT},
    "text/csv": {"schema": TEXT},
    "text/tab-separated-values": {"schema": TEXT},
}
GRAPH_CONTENT = {
    "text/turtle": {"schema": TEXT},
    "application/n-triples": {"schema": TEXT},
    "application/ld+json": {"schema": {"type": "object"}},
    "application/rdf+xml": {"schema": TEXT},
}
# The suffix routes and what each answers in, per result kind.
SUFFIX_CONTENT = {
    "tabular": {"json": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}},
                "csv": {"text/csv": {"schema": TEXT}}},
    "graph": {"ttl": {"text/turtle": {"schema": TEXT}},
              "jsonld": {"application/ld+json": {"schema": {"type": "object"}}}},
}


def parameter_object(parameter: Parameter) -> dict:
    """One query-string parameter, as OpenAPI describes it."""
    schema = dict(SCHEMAS[parameter.type])
    if parameter.enumeration:
        schema["enum"] = [int(v) if schema["type"] == "integer" else v
                          for v in parameter.enumeration]
    if parameter.default is not None:
        schema["default"] = (int(parameter.default) if schema["type"] == "integer"
                             else parameter.default)
    description = parameter.description or PARAMETER_TYPES[parameter.type].help
    return {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required and parameter.default is None,
        "description": f"{description} ({PARAMETER_TYPES[parameter.type].help})",
        "schema": schema,
    }


def _responses(content: dict) -> dict:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "200": {"description": "the query's result; X-Result-Truncated: true if cut",
                "content": content},
        "400": {"description": "a parameter is missing or wrong; the message names it",
                "content": error},
        "404": {"description": "no such query", "content": error},
        "406": {"description": "the result cannot be had in the asked format",
                "content": error},
        "503": {"description": "the query ran past the time limit", "content": error},
    }


def _operation(query: CannedQuery, content: dict, suffix: str = "") -> dict:
    operation = {
        "operationId": query.name.replace("-", "_") + (f"_{suffix}" if suffix else ""),
        "summary": query.summary,
        "tags": list(query.tags) or ["queries"],
        "parameters": [parameter_object(parameter) for parameter in query.parameters],
        "responses": _responses(content),
    }
    details = [query.description] if query.description else []
    details += [f"Reproduces {source}." for source in query.sources]
    if details:
        operation["description"] = "\n\n".join(details)
    return operation


def _form_body(query: CannedQuery) -> dict:
    """The same parameters as form fields, for POST (what HTML forms and clients that
    keep values out of URLs send)."""
    fields = [parameter_object(parameter) for parameter in query.parameters]
    schema = {"type": "object",
              "properties": {field["name"]: {**field["schema"],
                                             "description": field["description"]}
                             for field in fields}}
    required = [field["name"] for field in fields if field["required"]]
    if required:
        schema["required"] = required
    return {"required": bool(required),
            "content": {"application/x-www-form-urlencoded": {"schema": schema}}}


def _operations(query: CannedQuery, content: dict, suffix: str = "") -> dict:
    """GET with the parameters in the query string, POST with them in a form body."""
    get = _operation(query, content, suffix)
    post = {**get, "operationId": get["operationId"] + "_post", "parameters": [],
            "requestBody": _form_body(query)}
    return {"get": get, "post": post}


def openapi_document(site: Site, server: str) -> dict:
    """The OpenAPI 3.1 document of every canned query's API."""
    paths = {}
    for query in site.catalog:
        kind = "graph" if syntax.form(query.text) in GRAPH_FORMS else "tabular"
        content = GRAPH_CONTENT if kind == "graph" else TABULAR_CONTENT
        paths[f"/api/queries/{query.name}"] = _operations(query, content)
        for suffix, suffix_content in SUFFIX_CONTENT[kind].items():
            paths[f"/api/queries/{query.name}.{suffix}"] = _operations(
                query, suffix_content, suffix)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tipgraph query API",
            "version": site.build.version,
            "description": "Canned SPARQL queries over the tipgraph knowledge graph of the "
                           "OAS Progress Report on the II Work Plan Against Trafficking in "
                           "Persons in the Western Hemisphere 2015-2018.",
            "license": {"name": "CC BY 4.0 (data)",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": {"Results": SPARQL_JSON, "Error": ERROR}},
    }
