"""Belongings handed to the police (移交公安) or destroyed (销毁): when, the receiving
officer and unit with the receipt reference, why, and who destroyed or witnessed it.

A return keeps using returned_at / returned_to (when, who collected it): the new
columns are only for the two other ends of an item, so nothing is copied or renamed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no copy of the table): the defaults fill the existing rows
    op.add_column('belonging', sa.Column('disposed_at', sa.DateTime(), nullable=True))
    op.add_column('belonging', sa.Column('disposed_to', sa.String(length=100), server_default='', nullable=False))
    op.add_column('belonging', sa.Column('disposal_ref', sa.String(length=100), server_default='', nullable=False))
    op.add_column('belonging', sa.Column('disposal_reason', sa.Text(), server_default='', nullable=False))
    op.add_column('belonging', sa.Column('disposal_witness', sa.String(length=100), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.drop_column('disposal_witness')
        batch_op.drop_column('disposal_reason')
        batch_op.drop_column('disposal_ref')
        batch_op.drop_column('disposed_to')
        batch_op.drop_column('disposed_at')
