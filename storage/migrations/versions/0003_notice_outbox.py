"""notice outbox: counter, recipient, dates, retry schedule, stored bodies

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('findings_json', sa.Text(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('recipient', _S(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('subject', _S(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('html_blob_key', _S(), nullable=True))
        batch_op.add_column(sa.Column('text_blob_key', _S(), nullable=True))
        batch_op.create_unique_constraint('uq_notice_campaign_seq', ['campaign_id', 'seq'])


def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_constraint('uq_notice_campaign_seq', type_='unique')
        for name in ('text_blob_key', 'html_blob_key', 'next_attempt_at', 'deadline', 'day',
                     'subject', 'recipient', 'findings_json', 'seq'):
            batch_op.drop_column(name)
