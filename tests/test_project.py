"""The project's own promises: README, CI and settings say the same thing."""

from __future__ import annotations

import hashlib
import re
import tomllib

import pytest

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


def _quick_start_commands(project) -> list[str]:
    readme = (project.root / "README.md").read_text()
    return _fenced_commands(readme.split("## Quick start", 1)[1].split("\n## ", 1)[0])


def test_ci_runs_the_readme_test_command_verbatim_in_a_new_venv(project):
    test_command = _quick_start_commands(project)[1]
    ci_lines = (project.root / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines
    assert "rm -rf .venv" in ci_lines[: ci_lines.index(test_command)]
    assert "python3 -m venv .venv && . .venv/bin/activate" in test_command


@pytest.mark.parametrize("which", [0, 1], ids=["serve", "test"])
def test_readme_commands_install_the_locked_versions(project, which):
    command = _quick_start_commands(project)[which]
    assert "pip install -c requirements.lock -e " in command
    assert "npm ci" in command  # npm's own lock: package-lock.json


def test_the_lock_pins_every_dependency_the_project_declares(project):
    """Every package pyproject names, for the server and the tests, has one exact version."""
    pinned = {}
    for line in (project.root / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pinned[_normal(name)] = version
    meta = tomllib.loads((project.root / "pyproject.toml").read_text())["project"]
    declared = meta["dependencies"] + meta["optional-dependencies"]["test"]
    names = {_normal(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in declared}
    assert names <= set(pinned), sorted(names - set(pinned))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_report_text_is_in_the_repository(project):
    """The one source of facts travels with a clone; source/README.md cites its hash."""
    text = project.root / "source" / "oas-tip-2018.txt"
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    assert digest in (project.root / "source" / "README.md").read_text()
    assert len(text.read_text(encoding="utf-8").splitlines()) == 4028


def test_no_test_skips_for_want_of_a_file_or_package(project):
    """A clone installed by the README's command has all a test needs: nothing may skip."""
    skipping = re.compile(r"pytest\.skip\(|importorskip|mark\.skip")
    found = [
        f"{path.relative_to(project.root)}:{number}"
        for path in sorted((project.root / "tests").rglob("*.py"))
        if path.name != "test_project.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if skipping.search(line)
    ]
    assert found == []


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
