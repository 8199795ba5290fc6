"""The gate: the shipped graph breaks no shape with severity sh:Violation.

CI runs this; while it fails, the message lists each offending node and what is wrong,
for the owner of the data file to fix.
"""

from __future__ import annotations

from tipgraph.validate import validate_project


def test_the_shipped_graph_has_no_violation(project, graph):
    """The gate: CI fails while any data file breaks a shape (see the list it prints)."""
    validation = validate_project(project, graph=graph)
    violations = [r for r in validation.results if r.severity == "violation"]
    listing = "\n".join(f"{r.focus}: {r.message}" for r in violations)
    assert not violations, f"{len(violations)} violations:\n{listing}"

