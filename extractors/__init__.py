"""One module per field family; each exposes `extract(text, context) -> Extraction`."""
