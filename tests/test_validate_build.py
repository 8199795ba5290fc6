"""The build stops on structure violations: a clear message naming the nodes, no dumps."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tipgraph.build import build
from tipgraph.cli import main
from tipgraph.project import Project
from tipgraph.validate import ValidationFailed

WRONG = """@prefix tip: <https://w3id.org/tipgraph/ontology#> .
<https://w3id.org/tipgraph/id/hotline/CHL-unsourced> a tip:DedicatedHotline ;
    tip:country <https://w3id.org/tipgraph/id/country/CHL> ;
    tip:telephone "12" .
"""


@pytest.fixture
def wrong_project(small_project) -> Project:
    """The small project and one wrong data file."""
    (small_project.data_dir / "wrong.ttl").write_text(WRONG, encoding="utf-8")
    return small_project


def test_build_stops_and_names_the_offending_node(wrong_project, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "VERSION").write_text("before\n")
    with pytest.raises(ValidationFailed) as failure:
        build(wrong_project, out)
    message = str(failure.value)
    assert "nothing was written" in message
    node = "https://w3id.org/tipgraph/id/hotline/CHL-unsourced"
    assert f"{node}: Chile: a telephone number has fewer than three digits" in message
    assert f"{node}: Chile: the item does not say which part of the report it comes from" in (
        message
    )
    assert sorted(p.name for p in out.iterdir()) == ["VERSION"]
    assert (out / "VERSION").read_text() == "before\n"


def test_build_command_reports_the_violations_without_a_traceback(wrong_project, tmp_path):
    result = CliRunner().invoke(
        main, ["--project", str(wrong_project.root), "build", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "shapes/structure.ttl" in result.output
    assert "CHL-unsourced" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
