"""Search indexes: covering indexes for token lookups, last arrival, merges.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.create_index('ix_admission_child_voided_arrived', ['child_id', 'voided_at', 'arrived_at'], unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_merged_into_id'), ['merged_into_id'], unique=False)

    with op.batch_alter_table('search_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_token_child_id'))
        batch_op.drop_index(batch_op.f('ix_search_token_token'))
        batch_op.create_index('ix_search_token_child_token', ['child_id', 'token'], unique=False)
        batch_op.create_index('ix_search_token_token_child', ['token', 'child_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('search_token', schema=None) as batch_op:
        batch_op.drop_index('ix_search_token_token_child')
        batch_op.drop_index('ix_search_token_child_token')
        batch_op.create_index(batch_op.f('ix_search_token_token'), ['token'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_token_child_id'), ['child_id'], unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_merged_into_id'))

    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.drop_index('ix_admission_child_voided_arrived')

