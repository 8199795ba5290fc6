"""Response headers: security headers on every page, CORS on the machine-facing routes.

Pages load scripts, styles and fonts only from this server (the front-end packages are
served from node_modules, never from a CDN), so the Content-Security-Policy names no
other origin. https://www.w3.org/TR/CSP3/
Machine-facing routes (the SPARQL endpoint, the query API, dumps, RDF descriptions) are
open to scripts on any origin, as public SPARQL endpoints are.
https://fetch.spec.whatwg.org/#http-cors-protocol
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, request

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSP = "; ".join(f"{name} {value}" for name, value in POLICY.items())
# The SPARQL editor (CodeMirror inside YASGUI) writes style attributes into its markup;
# its page alone allows inline styles. Scripts stay 'self' only.
EDITOR_CSP = "; ".join(f"{name} {value}" for name, value in
                       {**POLICY, "style-src": "'self' 'unsafe-inline'"}.items())

PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-Result-Limit, X-Result-Truncated, Content-Disposition",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}

ALWAYS, DATA = "always", "data"


def machine(scope: str = ALWAYS) -> Callable:
    """Mark a view as machine-facing: CORS always, or only when it answers with data."""

    def mark(view: Callable) -> Callable:
        view.cors = scope
        return view

    return mark


def _cors_scope() -> str | None:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "cors", None)


def add_headers(response: Response) -> Response:
    """Add the security headers every response gets, and CORS where the route is open."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
    scope = _cors_scope()
    if scope == ALWAYS or (scope == DATA and response.mimetype != "text/html"):
        response.headers.update(CORS_HEADERS)
        if request.method == "OPTIONS":
            response.headers.update(PREFLIGHT_HEADERS)
    return response


def register(app: Flask) -> None:
    """Install the header hook on an app."""
    app.after_request(add_headers)
