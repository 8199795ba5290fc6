"""Errors as JSON or HTML, by Accept: a status, a message, never a stack trace.

Library exceptions are mapped to status codes here by a table, so handlers raise
whatever the core raises and never format errors themselves: a bad query, parameter or
upload is the client's mistake (4xx), and so is a query too big for the server's fixed
limits; a query past its time limit, a server with every query worker busy (with
Retry-After) or an unreachable remote endpoint is not (503, 502). A limit's message names
the setting that moves it.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from tipgraph.catalog import UnknownQuery
from tipgraph.engines import (
    EngineBusy,
    EngineUnavailable,
    QueryError,
    QueryTimeout,
    QueryTooLarge,
)
from tipgraph.guard import UnsafeQuery
from tipgraph.params import ParameterError
from tipgraph.submission import SubmissionError

log = logging.getLogger(__name__)


class WebError(Exception):
    """A request the app refuses, with the status to answer and what to tell the client."""

    def __init__(self, status: int, message: str, *, parameter: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter
        self.headers = headers or {}


# Most specific first: QueryTimeout is a QueryError, UpdateRefused too.
STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (UnsafeQuery, 400),
    (ParameterError, 400),
    (SubmissionError, 400),
    (UnknownQuery, 404),
    (QueryTimeout, 503),
    (QueryTooLarge, 400),
    (QueryError, 400),
    (EngineBusy, 503),
    (EngineUnavailable, 502),
)
# What to add to a limit's message: the setting that moves it, and when to come back.
SETTING_OF: dict[type[Exception], str] = {
    QueryTimeout: "query_timeout",
    QueryTooLarge: "query_memory",
    EngineBusy: "query_workers",
}
HEADERS_OF: dict[type[Exception], dict[str, str]] = {EngineBusy: {"Retry-After": "5"}}


def _message(error: Exception) -> str:
    if isinstance(error, ParameterError):
        return str(error)
    message = str(error) or type(error).__name__
    setting = SETTING_OF.get(type(error))
    if setting:
        message += f" (the server's setting {setting}, TIPGRAPH_{setting.upper()})"
    return message


def error_response(status: int, message: str, *, parameter: str | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """Answer with an error in the format the client prefers: a page or JSON."""
    wants = request.accept_mimetypes.best_match(["application/json", "text/html"],
                                                default="application/json")
    if wants == "text/html" and request.accept_mimetypes:
        body = render_template("error.html", status=status, message=message,
                               parameter=parameter)
        response = Response(body, status=status, mimetype="text/html")
    else:
        document = {"status": status, "error": message}
        if parameter is not None:
            document["parameter"] = parameter
        response = jsonify(document)
        response.status_code = status
    response.headers.update(headers or {})
    return response


def register(app: Flask) -> None:
    """Install the handlers that turn every failure into an error response."""

    @app.errorhandler(WebError)
    def web_error(error: WebError):
        return error_response(error.status, error.message, parameter=error.parameter,
                              headers=error.headers)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        headers = {key: value for key, value in error.get_headers()
                   if key.lower() in ("allow", "retry-after")}
        message = error.description or error.name
        if error.code == 413:
            message = (f"the request is larger than the limit of "
                       f"{current_app.config.get('MAX_CONTENT_LENGTH')} bytes "
                       "(the server's setting max_body, TIPGRAPH_MAX_BODY)")
        return error_response(error.code or 500, message, headers=headers)

    for kind, status in STATUS_OF:
        app.register_error_handler(kind, _mapped(status))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal error: the server could not answer this "
                                   "request; the problem has been logged")


def _mapped(status: int):
    def handle(error: Exception):
        parameter = getattr(error, "parameter", None)
        return error_response(status, _message(error), parameter=parameter,
                              headers=HEADERS_OF.get(type(error)))

    return handle
