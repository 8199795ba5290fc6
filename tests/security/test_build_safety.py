"""Build safety: a malformed or invalid file in data/ never reaches a served graph.

`tipgraph build` and `tipgraph serve` stop with exit code 2 and a message that names the
file and line (a syntax error) or the offending nodes (a structure violation); serve never
starts listening, and a build in dist/ made before the file broke is not served either.
"""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from engines_fixtures import free_port
from tipgraph.project import Project

BROKEN = ("@prefix tip: <https://w3id.org/tipgraph/ontology#> .\n\n"
          "<https://w3id.org/tipgraph/id/country/XXX> a tip:Country ;\n"
          '    tip:iso3166Alpha3 "XXX" "YYY" .\n')
INVALID = ("@prefix tip: <https://w3id.org/tipgraph/ontology#> .\n"
           "<https://w3id.org/tipgraph/id/hotline/CHL-unsourced> a tip:DedicatedHotline ;\n"
           "    tip:country <https://w3id.org/tipgraph/id/country/CHL> ;\n"
           '    tip:telephone "12" .\n')
CASES = {
    "syntax": ("zz-broken.ttl", BROKEN, "zz-broken.ttl:4"),
    "structure": ("zz-invalid.ttl", INVALID,
                  "https://w3id.org/tipgraph/id/hotline/CHL-unsourced"),
}


def break_data(project: Project, case: str) -> str:
    """Put the case's file in data/; return what the error message must name."""
    name, text, named = CASES[case]
    (project.data_dir / name).write_text(text)
    return named


def tipgraph(project: Project, *args: str) -> subprocess.CompletedProcess:
    """Run the command in its own process; one that starts serving is killed after 300 s."""
    return subprocess.run([sys.executable, "-m", "tipgraph", "--project", str(project.root),
                           *args], capture_output=True, text=True, timeout=300)


def serve_refused(project: Project, port: int, served: str) -> subprocess.CompletedProcess:
    """Run `tipgraph serve`, which must stop on its own; the test fails with `served` if
    it is still running at the timeout."""
    try:
        return tipgraph(project, "serve", "--host", "127.0.0.1", "--port", str(port))
    except subprocess.TimeoutExpired:
        pytest.fail(served)


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("case", CASES)
def test_build_stops_and_names_the_file_or_the_nodes(small_project, case):
    named = break_data(small_project, case)
    result = tipgraph(small_project, "build")
    assert result.returncode == 2, result.stdout + result.stderr
    assert named in result.stderr and "Traceback" not in result.stderr
    assert not small_project.dist_dir.exists()


@pytest.mark.parametrize("case", CASES)
def test_serve_stops_before_listening_and_names_the_file_or_the_nodes(small_project, case):
    named = break_data(small_project, case)
    port = free_port()
    result = serve_refused(small_project, port, "serve started with a broken data file")
    assert result.returncode == 2, result.stdout + result.stderr
    assert named in result.stderr and "Traceback" not in result.stderr
    assert "serving on" not in result.stdout
    assert not listening(port)


@pytest.mark.parametrize("case", CASES)
def test_serve_does_not_fall_back_on_an_earlier_build(small_project, case):
    assert tipgraph(small_project, "build").returncode == 0
    before = (small_project.dist_dir / "tipgraph.nt").read_bytes()
    named = break_data(small_project, case)
    result = serve_refused(small_project, free_port(),
                           "serve served the earlier build although a data file is broken")
    assert result.returncode == 2
    assert named in result.stderr
    assert (small_project.dist_dir / "tipgraph.nt").read_bytes() == before
