"""Everything kept: the SQLModel tables and their migrations, the engine and sessions,
the content-addressed blob store, idempotent findings, the publication and complaints,
and reading what people hand in as files: the campaign file (loaded, checked, synced to
the database), its spreadsheet form, the units' claims sheets."""
