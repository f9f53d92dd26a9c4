"""`python -m pipeline` is the same as `congvan`."""

from pipeline.cli import main

main()
