"""Indexes the statistics read by: when a stay ended, and when a service was recorded.

A period's discharges and services were found by scanning every stay and every
note; with these two indexes a year's statistics read only the rows of the year.
Indexes change no row, so the trail's state digests stay as they are.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_admission_discharged_at", "admission", ["discharged_at"])
    op.create_index("ix_note_at", "note", ["at"])


def downgrade() -> None:
    op.drop_index("ix_note_at", table_name="note")
    op.drop_index("ix_admission_discharged_at", table_name="admission")
