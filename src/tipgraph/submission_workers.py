"""Validate submissions in worker processes, so a validation past its limit really stops.

pySHACL cannot be interrupted, and a large or contrived submission can keep it busy for
many seconds under the server's interpreter lock. /validate therefore parses and
validates each submission in a worker process (tipgraph.engines.workers: niced, memory
limited, without network) that holds the shipped graph, the ontology and the shapes; a
validation past `validation_timeout` is stopped with its process, which is replaced.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable

from rdflib import Graph

from tipgraph.engines.base import QueryTooLarge
from tipgraph.engines.workers import Processes
from tipgraph.submission import Submission, SubmissionError, parse_submission, validate_in
from tipgraph.validate import Shapes, Validation

Request = tuple[bytes, str, str | None, str, int]


def context_data(shipped: bytes, ontology: Graph, shapes: Shapes) -> bytes:
    """What a worker is sent once: the shipped graph as N-Triples, ontology and shapes."""
    return pickle.dumps({
        "shipped": shipped,
        "ontology": ontology.serialize(format="nt", encoding="utf-8"),
        "shapes": {purpose: graph.serialize(format="nt", encoding="utf-8")
                   for purpose, graph in shapes.graphs.items()},
    })


def _graph(ntriples: bytes) -> Graph:
    return Graph().parse(data=ntriples, format="nt")


def checker(data: bytes) -> Callable[[Request], tuple]:
    """In the worker: load the context, then answer each request with the parsed
    submission and its validation, or the reason it cannot be read."""
    context = pickle.loads(data)  # noqa: S301 - sent by the server that started us
    shipped, ontology = _graph(context["shipped"]), _graph(context["ontology"])
    shapes = Shapes({purpose: _graph(text) for purpose, text in context["shapes"].items()})

    def handle(request: Request) -> tuple:
        body, name, media_type, fail_on, max_bytes = request
        try:
            submission = parse_submission(body, name, media_type, max_bytes=max_bytes)
            validation = validate_in(submission.graph, shipped, ontology, shapes, fail_on)
        except SubmissionError as error:
            return ("error", "SubmissionError", str(error))
        except (MemoryError, RecursionError):
            return ("error", "QueryTooLarge", f"{name} needs more memory than a validation "
                                              "may use")
        except Exception as error:  # the server's fault (its shapes), not the file's
            return ("error", "RuntimeError", f"{type(error).__name__}: {error}")
        return ("ok", (submission, validation))

    return handle


class SubmissionCheckers(Processes):
    """Worker processes that parse and validate submissions in the shipped graph."""

    errors = {"SubmissionError": SubmissionError, "QueryTooLarge": QueryTooLarge,
              "RuntimeError": RuntimeError}
    crash = ("validating the submission stopped its process ({death}): it needs more "
             "than the {memory} MB a validation may use")
    busy = ("all {size} validation workers are busy and {waiting} more submissions wait; "
            "try again shortly")

    def __init__(self, context: bytes, *, size: int = 1, memory_mb: int = 2048):
        super().__init__("submissions", context, size=size, memory_mb=memory_mb, queue=size)

    def check(self, body: bytes, name: str, media_type: str | None, fail_on: str,
              max_bytes: int, timeout: float | None) -> tuple[Submission, Validation]:
        """Parse and validate one submission; SubmissionError if it cannot be read,
        QueryTimeout past `timeout`, EngineBusy if every worker is taken."""
        return self.ask((body, name, media_type, fail_on, max_bytes), timeout)
