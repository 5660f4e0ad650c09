"""claim values and score points as exact decimals (NUMERIC(28, 10) instead of float)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {'claim': ('value', 'numerator', 'denominator', 'confirmed_value'),
           'score': ('claimed_points', 'verified_points')}


def _alter(old: sa.types.TypeEngine[object], new: sa.types.TypeEngine[object]) -> None:
    for table, names in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.alter_column(name, existing_type=old, type_=new,
                                   existing_nullable=True)


def upgrade() -> None:
    _alter(sa.Float(), sa.Numeric(28, 10))


def downgrade() -> None:
    _alter(sa.Numeric(28, 10), sa.Float())
