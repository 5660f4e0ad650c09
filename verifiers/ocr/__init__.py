"""Vietnamese OCR with Tesseract (model ``vie``): pre-processing, the engine and
reading PDFs (text layer first, OCR only where there is none)."""
