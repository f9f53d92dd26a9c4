"""The command line: thin verbs over library calls (`congvan --help`)."""
