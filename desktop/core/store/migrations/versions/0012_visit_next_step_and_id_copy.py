"""What the paper forms of a return home asked for and nothing stored: a follow-up
visit's next step (回访记录表, 下一步措施) and whether a copy of the receiver's identity
document was kept (接领交接单, 身份证件复印件).

Plain ADD COLUMN, no copy of the tables. Existing rows are left empty — the next step
as empty text, the copy as NULL (not asked then) — so the trail's state digests, which
leave empty columns out, stay as they are and ``homeward check`` stays clean.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "follow_up_visit", sa.Column("next_step", sa.Text(), server_default=sa.text("''"), nullable=False)
    )
    op.add_column("return_plan", sa.Column("receiver_id_copy_kept", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("return_plan", schema=None) as batch_op:
        batch_op.drop_column("receiver_id_copy_kept")
    with op.batch_alter_table("follow_up_visit", schema=None) as batch_op:
        batch_op.drop_column("next_step")
