"""Per-field precision, recall and F1 against gold records; OCR character error rate."""
