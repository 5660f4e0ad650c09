"""revocable sessions, disabled accounts, sign-in throttling, the portal's upload queue,
stored score cards

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('user') as t:
        t.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                               server_default='0'))
        t.add_column(sa.Column('disabled', sa.Boolean(), nullable=False,
                               server_default=sa.false()))
    op.create_table(
        'loginthrottle',
        sa.Column('key', _S(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key'))
    op.create_table(
        'upload',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('source_path', _S(), nullable=False),
        sa.Column('original_name', _S(), nullable=False),
        sa.Column('sha256', _S(), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('uploaded_by', _S(), nullable=False),
        sa.Column('reply_finding_id', sa.Integer(), nullable=True),
        sa.Column('replaces_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('evidence_id', sa.Integer(), nullable=True),
        sa.Column('error', _S(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'source_path'))
    op.create_index('ix_upload_campaign_id', 'upload', ['campaign_id'])
    op.create_index('ix_upload_unit_id', 'upload', ['unit_id'])
    op.create_table(
        'scorecard',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('card_json', sa.Text(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'unit_id'))
    op.create_index('ix_scorecard_campaign_id', 'scorecard', ['campaign_id'])


def downgrade() -> None:
    op.drop_table('scorecard')
    op.drop_table('upload')
    op.drop_table('loginthrottle')
    with op.batch_alter_table('user') as t:
        t.drop_column('disabled')
        t.drop_column('session_version')
