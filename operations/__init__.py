"""The operations: one intake lane (store, sandbox, locks) and its producers: watch, nightly."""
