"""Pure verification: bytes in, a typed ``FileReport`` out (``results.py``), never the
database or Prefect. File classification, signatures (``signatures/``), OCR (``ocr/``),
fact extraction (``extract/``), the Decree 30 signature rules, and the sandbox that runs
all of it in killable worker processes under time and memory limits."""
