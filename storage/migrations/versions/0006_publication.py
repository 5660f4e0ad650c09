"""publication of the ranking (frozen scores) and complaints

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=False),
        sa.Column('published_by', _S(), nullable=False),
        sa.Column('scores_json', sa.Text(), nullable=False),
        sa.Column('complaints_until', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_publication_campaign_id', 'publication', ['campaign_id'])
    op.create_table(
        'complaint',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('publication_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('criterion_code', _S(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', _S(), nullable=False),
        sa.Column('filed_on', sa.Date(), nullable=False),
        sa.Column('status', _S(), nullable=False),
        sa.Column('decided_by', _S(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_note', _S(), nullable=False),
        sa.Column('revised_points', sa.Float(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['publication_id'], ['publication.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_complaint_campaign_id', 'complaint', ['campaign_id'])
    op.create_index('ix_complaint_publication_id', 'complaint', ['publication_id'])
    op.create_index('ix_complaint_unit_id', 'complaint', ['unit_id'])


def downgrade() -> None:
    op.drop_table('complaint')
    op.drop_table('publication')
