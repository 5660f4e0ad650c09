"""Alembic environment: uses the connection handed over by storage.db.migrate,
or DATABASE_URL when run from the alembic command line."""

from alembic import context
from sqlmodel import SQLModel

import storage.models
import storage.publication  # noqa: F401  (publication and complaint tables)
from storage.db import make_engine
from storage.settings import get_settings

target_metadata = SQLModel.metadata


def run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    engine = make_engine(get_settings().resolved_database_url())
    with engine.begin() as conn:
        run_with(conn)
