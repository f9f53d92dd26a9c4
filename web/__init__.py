"""The clerks' web page over the tracker: `congvan serve` (see app.create_app)."""
