"""`python -m congvan` is the same as `congvan`."""

from congvan.cli.main import main

main()
