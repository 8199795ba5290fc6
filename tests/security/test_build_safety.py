"""Build safety: a malformed or invalid file in data/ never reaches a served graph.

`tipgraph build` and `tipgraph serve` stop with exit code 2 and a message that names the
file and line (a syntax error) or the offending nodes (a structure violation); serve never
starts listening, and a build in dist/ made before the file broke is not served either.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest

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


@pytest.fixture
def small_project(project, tmp_path) -> Project:
    """The ontology, shapes, report parts and countries: a project that builds fast."""
    for folder in ("ontology", "shapes"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    (tmp_path / "data").mkdir()
    for name in ("report.ttl", "countries.ttl"):
        shutil.copy(project.data_dir / name, tmp_path / "data" / name)
    return Project(tmp_path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tipgraph(project: Project, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the command in its own process; one that starts serving is killed at `timeout`."""
    return subprocess.run([sys.executable, "-m", "tipgraph", "--project", str(project.root),
                           *args], capture_output=True, text=True, timeout=timeout)


def serve_args(port: int) -> list[str]:
    return ["serve", "--host", "127.0.0.1", "--port", str(port)]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("case", CASES)
def test_build_stops_and_names_the_file_or_the_nodes(small_project, case):
    name, text, named = CASES[case]
    (small_project.data_dir / name).write_text(text)
    result = tipgraph(small_project, "build")
    assert result.returncode == 2, result.stdout + result.stderr
    assert named in result.stderr and "Traceback" not in result.stderr
    assert not small_project.dist_dir.exists()


@pytest.mark.parametrize("case", CASES)
def test_serve_stops_before_listening_and_names_the_file_or_the_nodes(small_project, case):
    name, text, named = CASES[case]
    (small_project.data_dir / name).write_text(text)
    port = free_port()
    try:
        result = tipgraph(small_project, *serve_args(port), timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("serve started with a broken data file")
    assert result.returncode == 2, result.stdout + result.stderr
    assert named in result.stderr and "Traceback" not in result.stderr
    assert "serving on" not in result.stdout
    assert not listening(port)


@pytest.mark.parametrize("case", CASES)
def test_serve_does_not_fall_back_on_an_earlier_build(small_project, case):
    assert tipgraph(small_project, "build").returncode == 0
    before = (small_project.dist_dir / "tipgraph.nt").read_bytes()
    name, text, named = CASES[case]
    (small_project.data_dir / name).write_text(text)
    port = free_port()
    try:
        result = tipgraph(small_project, *serve_args(port), timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("serve served the earlier build although a data file is broken")
    assert result.returncode == 2
    assert named in result.stderr
    assert (small_project.dist_dir / "tipgraph.nt").read_bytes() == before
