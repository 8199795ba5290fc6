"""tipgraph: a knowledge graph of government action against trafficking in persons."""

from tipgraph.catalog import QuerySession, open_graph
from tipgraph.project import Project

__all__ = ["Project", "QuerySession", "open_graph"]
__version__ = "0.1.0"
