"""Validation for validators: /validate checks a submitted file, /completeness lists what
every country's record holds and lacks.

Both call the validation library (tipgraph.validate, .submission, .completeness) with
the shapes the app was made with; a submission is read by the same function the CLI
uses, which refuses anything that would make the parser fetch or read outside data, and
is read and validated in a worker process with a time limit (tipgraph.submission_workers).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, render_template, request

from tipgraph.completeness import CountryCompleteness, as_csv, as_json, completeness
from tipgraph.engines import EngineBusy, QueryTimeout, QueryTooLarge
from tipgraph.results import GraphResult, serialize
from tipgraph.submission import SubmissionError
from tipgraph.submission_workers import SubmissionCheckers, context_data
from tipgraph.validate import SEVERITIES, Validation
from tipgraph.web import negotiate
from tipgraph.web.errors import WebError
from tipgraph.web.site import Site, site

blueprint = Blueprint("validation", __name__)

# The report by Accept: tipgraph's JSON summary first (what `tipgraph validate` prints),
# the SHACL report graph in RDF, or a page.
REPORT_FORMATS: Mapping[str, str] = {
    "application/json": "json",
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdfxml",
    "text/html": negotiate.HTML,
}
COMPLETENESS_FORMATS: Mapping[str, str] = {
    "text/html": negotiate.HTML,
    "text/csv": "csv",
    "application/json": "json",
}
# How a status shows in the table's cells; the word is in each cell's title and the legend.
MARKS = {"present": "✓", "no": "no", "unknown": "?", "missing": "✗", "n/a": "–"}
COMPLETENESS_WRITERS = {"csv": (as_csv, "text/csv"), "json": (as_json, "application/json")}
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _shapes(current: Site):
    if not current.shapes:
        raise WebError(503, "this server was started without SHACL shapes; validation is off")
    return current.shapes


# --- /validate -------------------------------------------------------------------------


def read_upload() -> tuple[bytes, str, str | None]:
    """The submitted bytes, a name for messages, and the media type the client gave."""
    if request.mimetype in FORM_TYPES:
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            return upload.read(), upload.filename, None
        text = request.form.get("text", "")
        if text.strip():
            return text.encode("utf-8"), "pasted text", request.form.get("format") or None
        raise WebError(400, "send a file in the form field `file`, or text in `text`")
    return request.get_data(), request.args.get("name", "submission"), request.mimetype or None


def severity() -> str:
    """The lowest severity that makes the file fail (form or query field `severity`)."""
    value = request.values.get("severity", "violation") or "violation"
    if value not in SEVERITIES:
        raise WebError(400, f"severity must be one of {', '.join(SEVERITIES)}, not {value!r}",
                       parameter="severity")
    return value


def checkers(current: Site) -> SubmissionCheckers:
    """The worker process that validates submissions, started on first use."""
    shapes = _shapes(current)
    return current.memo("submission-checkers", lambda: SubmissionCheckers(
        context_data(current.build.ntriples(), current.ontology, shapes),
        memory_mb=int(current.settings["query_memory"])))


def run_validation(data: bytes, name: str, media_type: str | None, fail_on: str):
    """Parse the submission and validate it in the context of the served graph, in a
    worker process stopped past the time limit."""
    current = site()
    timeout = float(current.settings["validation_timeout"])
    try:
        return checkers(current).check(data, name, media_type, fail_on,
                                       int(current.settings["max_body"]), timeout)
    except SubmissionError as error:
        raise WebError(400, str(error)) from None
    except QueryTimeout:
        raise WebError(503, f"validating {name} took longer than its {timeout:g} s limit "
                            "(the server's setting validation_timeout, "
                            "TIPGRAPH_VALIDATION_TIMEOUT); validate large files with "
                            "`tipgraph validate FILE`") from None
    except QueryTooLarge as error:
        raise WebError(413, f"{error} (the server's setting query_memory, "
                            "TIPGRAPH_QUERY_MEMORY)") from None
    except EngineBusy as error:
        raise WebError(503, str(error), headers={"Retry-After": "5"}) from None


def report_response(name: str, submission, validation: Validation) -> Response:
    """The validation report in the chosen format."""
    if name == negotiate.HTML:
        body = render_template("validate.html", submission=submission, v=validation,
                               severities=SEVERITIES)
    elif name == "json":
        body = validation.as_json()
    else:
        body = serialize(GraphResult(tuple(validation.report_graph)), name)
    response = Response(body, mimetype="application/json" if name == "json"
                        else negotiate.media_type(name))
    response.vary.add("Accept")
    return response


@blueprint.route("/validate", methods=["GET", "POST"])
def validate():
    """Show the upload form, or validate a submitted file and report by Accept."""
    if request.method == "GET":
        _shapes(site())
        return render_template("validate.html", submission=None, v=None,
                               severities=SEVERITIES)
    name = negotiate.choose(request.accept_mimetypes, REPORT_FORMATS)
    if name is None:
        raise WebError(406, f"the report can be had as: {negotiate.offered(REPORT_FORMATS)}")
    data, filename, media_type = read_upload()
    submission, validation = run_validation(data, filename, media_type, severity())
    return report_response(name, submission, validation)


# --- /completeness -------------------------------------------------------------------------


def completeness_rows() -> list[CountryCompleteness]:
    """Every respondent country's completeness, computed once per app."""
    current = site()
    shapes = _shapes(current)
    return current.memo("completeness",
                        lambda: completeness(current.build.graph,
                                                         shapes.graphs["completeness"]))


def completeness_by_code() -> dict[str, CountryCompleteness]:
    """The completeness rows by ISO alpha-3 code; empty when validation is off."""
    if not site().shapes:
        return {}
    return {row.code: row for row in completeness_rows()}


@blueprint.get("/completeness")
@blueprint.get("/completeness.<any(csv, json):suffix>")
def completeness_page(suffix: str | None = None):
    """The completeness of every respondent country: a page, CSV or JSON."""
    name = suffix or negotiate.choose(request.accept_mimetypes, COMPLETENESS_FORMATS)
    if name is None:
        raise WebError(406, "the completeness table can be had as: "
                            f"{negotiate.offered(COMPLETENESS_FORMATS)}")
    rows = completeness_rows()
    if name == negotiate.HTML:
        return render_template("completeness.html", rows=rows, marks=MARKS,
                               items=rows[0].items if rows else ())
    write, media_type = COMPLETENESS_WRITERS[name]
    response = Response(write(rows), mimetype=media_type)
    if suffix:
        response.headers["Content-Disposition"] = f'inline; filename="completeness.{suffix}"'
    response.vary.add("Accept")
    return response
