"""accounts of the review web app, units' replies to findings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'user',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', _S(), nullable=False),
        sa.Column('password_hash', _S(), nullable=False),
        sa.Column('role', _S(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=True),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_user_username', 'user', ['username'], unique=True)
    op.create_table(
        'reply',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('finding_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('author', _S(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('file_path', _S(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['finding_id'], ['finding.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_reply_finding_id', 'reply', ['finding_id'])
    op.create_index('ix_reply_unit_id', 'reply', ['unit_id'])


def downgrade() -> None:
    op.drop_table('reply')
    op.drop_index('ix_user_username', table_name='user')
    op.drop_table('user')
