"""kiemchung's application-wide package: the shared core (``kiemchung.core``) and the
entry points (``kiemchung.cli``). The verifiers, flows, scoring, storage, notices and the
review web app live in their own top-level packages."""
