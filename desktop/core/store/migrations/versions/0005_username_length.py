"""A staff member's user name holds at most 32 characters, as its field says (it
always did: sign-in and the staff screen refused longer names); the column said 64.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.alter_column('username', existing_type=sa.String(length=64),
                              type_=sa.String(length=32), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.alter_column('username', existing_type=sa.String(length=32),
                              type_=sa.String(length=64), existing_nullable=False)
