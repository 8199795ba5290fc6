"""Settings: one table of (name, default, help), read by the CLI, the web app and the docs."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default value and a line of help."""

    name: str
    default: object
    help: str

    @property
    def env(self) -> str:
        """The environment variable that overrides the default."""
        return "TIPGRAPH_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address the server listens on."),
    Setting("port", 8000, "Port the server listens on."),
    Setting("engine", "oxigraph", "Query engine: oxigraph (embedded), rdflib, or remote."),
    Setting("endpoint", "", "SPARQL endpoint URL of the remote engine."),
    Setting("threads", 32, "Worker threads of the WSGI server."),
    Setting("query_timeout", 10.0, "Seconds a query may run before it is stopped."),
    Setting("query_workers", 4, "Processes that run the SPARQL endpoint's queries; a query "
                                "past its time limit is stopped with its process."),
    Setting("query_memory", 1024, "Megabytes of memory each query or validation process "
                                  "may use."),
    Setting("validation_timeout", 30.0, "Seconds a /validate submission may take before its "
                                        "process is stopped."),
    Setting("result_limit", 10000, "Most rows a query returns; a cut result says so."),
    Setting("max_body", 1_000_000, "Largest request body in bytes (queries, uploads)."),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def defaults() -> dict[str, object]:
    """Return every setting's value: its environment variable if set, else its default."""
    values = {}
    for setting in SETTINGS:
        raw = os.environ.get(setting.env)
        values[setting.name] = setting.default if raw is None else type(setting.default)(raw)
    return values
