"""resubmission: replacement links, the notice a file answers and its deadline; the
reason a claim gives for points below the maximum; the file a reassignment moved

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notice_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resubmit_deadline', sa.Date(), nullable=True))
        batch_op.create_foreign_key('fk_evidence_replaces', 'evidence', ['replaces_id'], ['id'])
        batch_op.create_foreign_key('fk_evidence_replaced_by', 'evidence', ['replaced_by_id'],
                                    ['id'])
        batch_op.create_foreign_key('fk_evidence_notice', 'notice', ['notice_id'], ['id'])
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_decision_evidence', 'evidence', ['evidence_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_constraint('fk_decision_evidence', type_='foreignkey')
        batch_op.drop_column('evidence_id')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_column('reason')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint('fk_evidence_notice', type_='foreignkey')
        batch_op.drop_constraint('fk_evidence_replaced_by', type_='foreignkey')
        batch_op.drop_constraint('fk_evidence_replaces', type_='foreignkey')
        for name in ('resubmit_deadline', 'notice_id', 'replaced_by_id', 'replaces_id'):
            batch_op.drop_column(name)
