"""The nightly check as Prefect flows and the stages they run, in order: ingest,
verify, check, confirm, score, notify, report (``nightly.py`` ties them together; each
stage is a plain function over a ``RunContext`` that reads and writes the database). No
command line here (``kiemchung.cli``) and nothing of the web app (``review``)."""
