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
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('found_place', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('notice_issued_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('notice_reason', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disposition', sa.String(length=20), server_default='held', nullable=False))
    # an item already handed back was returned
    op.execute("UPDATE belonging SET disposition = 'returned' WHERE returned_at IS NOT NULL")
    # the defaults only filled the existing rows: new ones get theirs from the program
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.alter_column('found_place', server_default=None)
        batch_op.alter_column('notice_reason', server_default=None)
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.alter_column('disposition', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.drop_column('disposition')

    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.drop_column('notice_reason')
        batch_op.drop_column('notice_issued_on')
        batch_op.drop_column('found_place')
