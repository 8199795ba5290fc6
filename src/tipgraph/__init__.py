"""tipgraph: a knowledge graph of government action against trafficking in persons."""

from tipgraph.project import Project

__all__ = ["Project"]
__version__ = "0.1.0"
