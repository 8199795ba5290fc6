"""Run the command line as `python -m tipgraph`."""

from tipgraph.cli import main

main()
