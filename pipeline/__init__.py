"""congvan pipeline: stages, orchestration and the command line."""
