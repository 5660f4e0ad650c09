"""who is to decide a finding (Finding.assignee) and the admins' assignment rules

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 13:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('finding') as batch:
        batch.add_column(sa.Column('assignee', _S(), nullable=True))
        batch.create_index('ix_finding_assignee', ['assignee'])
    op.create_table(
        'assignmentrule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('criterion_id', sa.Integer(), nullable=True),
        sa.Column('assignee', _S(), nullable=False),
        sa.Column('created_by', _S(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_assignmentrule_campaign_id', 'assignmentrule', ['campaign_id'])


def downgrade() -> None:
    op.drop_table('assignmentrule')
    with op.batch_alter_table('finding') as batch:
        batch.drop_index('ix_finding_assignee')
        batch.drop_column('assignee')
