"""What every command shares: finding the project and turning errors into one line."""

from __future__ import annotations

import contextlib

import click

from tipgraph.load import LoadError
from tipgraph.project import Project
from tipgraph.reason import ReasoningError

USER_ERROR = 2


def project_of(ctx: click.Context) -> Project:
    """The project the command works on, from --project or discovery."""
    try:
        return Project.discover((ctx.obj or {}).get("project"))
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error


@contextlib.contextmanager
def user_errors():
    """Report a LoadError, a reasoner that cannot run (no Java) or another expected
    failure as one line with exit code 2."""
    try:
        yield
    except (LoadError, ReasoningError, ValueError, OSError) as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(USER_ERROR) from None
