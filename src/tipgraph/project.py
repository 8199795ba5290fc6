"""Find the project folder: ontology/, data/, shapes/ and queries/ by convention."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ENV = "TIPGRAPH_PROJECT"


@dataclass(frozen=True)
class Project:
    """A tipgraph project folder; its sub-folders are the configuration."""

    root: Path

    @classmethod
    def discover(cls, root: str | os.PathLike | None = None) -> Project:
        """Use the given folder, $TIPGRAPH_PROJECT, the working folder, or the checkout."""
        candidates = [root, os.environ.get(PROJECT_ENV), Path.cwd(), Path(__file__).parents[2]]
        for candidate in candidates:
            if candidate and (Path(candidate) / "ontology").is_dir():
                return cls(Path(candidate).resolve())
        raise FileNotFoundError(
            "no tipgraph project found: pass --project DIR or set TIPGRAPH_PROJECT "
            "to a folder with ontology/ and data/"
        )

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def ontology_files(self) -> list[Path]:
        """Return the ontology's Turtle files (its axioms, its concept schemes)."""
        return sorted(self.ontology_dir.glob("*.ttl"))

    def graph_files(self) -> list[Path]:
        """Return the ontology's Turtle and the data's TriG (or Turtle) files, in order."""
        data = [*self.data_dir.glob("*.trig"), *self.data_dir.glob("*.ttl")]
        return self.ontology_files() + sorted(data)

    def shape_files(self) -> list[Path]:
        """Return the SHACL shape files, in a stable order."""
        return sorted(self.shapes_dir.glob("*.ttl"))
