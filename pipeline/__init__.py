"""congvan.pipeline: the stages of one document, load → text/OCR → normalise → extract → assemble."""
