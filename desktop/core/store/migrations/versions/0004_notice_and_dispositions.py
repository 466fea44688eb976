"""Family-search notice and belongings: the place found, the date a notice was first
issued and why it was published, and what became of each deposited item.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no copy of the tables): the defaults fill the existing rows
    op.add_column('admission', sa.Column('found_place', sa.String(length=200), server_default='', nullable=False))
    op.add_column('admission', sa.Column('notice_issued_on', sa.Date(), nullable=True))
    op.add_column('admission', sa.Column('notice_reason', sa.Text(), server_default='', nullable=False))
    op.add_column('belonging', sa.Column('disposition', sa.String(length=20), server_default='held', nullable=False))
    # an item already handed back was returned
    op.execute("UPDATE belonging SET disposition = 'returned' WHERE returned_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.drop_column('disposition')

    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.drop_column('notice_reason')
        batch_op.drop_column('notice_issued_on')
        batch_op.drop_column('found_place')
