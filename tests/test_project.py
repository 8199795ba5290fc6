"""The project's own promises: README, CI and settings say the same thing."""

from __future__ import annotations

import re

from tipgraph.cli import main
from tipgraph.settings import SETTINGS


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```\n(.+?)\n```", text, flags=re.DOTALL)


def test_readme_quick_start_has_exactly_two_commands(project):
    readme = (project.root / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = _fenced_commands(quick_start)
    assert len(commands) == 2
    assert "tipgraph serve" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim(project):
    readme = (project.root / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    test_command = _fenced_commands(quick_start)[1]
    ci_lines = (project.root / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_readme_settings_table_matches_the_settings(project):
    readme = (project.root / "README.md").read_text()
    table = readme.split("<!-- settings:", 1)[1].split("<!-- /settings -->", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "`TIPGRAPH_" in line]
    expected = [
        f"| {s.name} | `{s.env}` | `{s.default}` | {s.help} |" for s in SETTINGS
    ]
    assert rows == expected


def test_every_cli_command_is_in_the_readme_reference(project):
    readme = (project.root / "README.md").read_text()
    reference = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `tipgraph (\w+)", reference, flags=re.MULTILINE))
    assert documented == set(main.commands)


def test_test_modules_have_unique_names(project):
    """pytest imports test modules by file name: two with one name stop the whole run."""
    names = [path.name for path in (project.root / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
