"""From text lines (OCR or a PDF's text layer) to typed facts with provenance."""
