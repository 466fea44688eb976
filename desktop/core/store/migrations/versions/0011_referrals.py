"""Referrals (转介) after a follow-up visit that found the child at risk: to whom (the
police, the civil-affairs office, the school, a hospital, other) and a note. A new
table only: no row changes, so the trail's state digests stay as they are.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("referred_to", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["return_plan.id"], name=op.f("fk_referral_plan_id_return_plan")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["follow_up_visit.id"], name=op.f("fk_referral_visit_id_follow_up_visit")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["staff.id"], name=op.f("fk_referral_recorded_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    op.create_index(op.f("ix_referral_plan_id"), "referral", ["plan_id"], unique=False)
    op.create_index(op.f("ix_referral_visit_id"), "referral", ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_visit_id"), table_name="referral")
    op.drop_index(op.f("ix_referral_plan_id"), table_name="referral")
    op.drop_table("referral")
