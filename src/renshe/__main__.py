"""`python -m renshe …` runs the command line."""

from renshe.cli import main

main()
