"""Return home (返乡安置): the return plan of an admission, its tracing log and the
follow-up visits after the handover. New tables only.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.Text() if length is None else sa.String(length=length)
    return sa.Column(name, kind, nullable=False)


def _staff(table: str, column: str, nullable: bool = False) -> list[object]:
    return [
        sa.Column(column, sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(
            [column], ['staff.id'], name=op.f(f'fk_{table}_{column}_staff')
        ),
    ]


def upgrade() -> None:
    op.create_table(
        'return_plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('admission_id', sa.Integer(), nullable=False),
        _text('status', 20),
        *_staff('return_plan', 'planned_by_id'),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('status_at', sa.DateTime(), nullable=False),
        *_staff('return_plan', 'status_by_id'),
        _text('receiver_name', 50),
        _text('receiver_id_number', 18),
        _text('receiver_relationship', 30),
        _text('receiver_phone', 30),
        _text('receiver_address', 300),
        _text('verified_by', 50),
        _text('verified_how'),
        _text('assessment', 20),
        _text('findings'),
        *_staff('return_plan', 'approved_by_id', nullable=True),
        sa.Column('approved_at', sa.DateTime(), nullable=True),
        _text('return_mode', 30),
        _text('escort_first', 50),
        _text('escort_second', 50),
        _text('transport', 100),
        sa.Column('departure_at', sa.DateTime(), nullable=True),
        sa.Column('arrival_at', sa.DateTime(), nullable=True),
        _text('destination', 300),
        _text('receiving_unit_kind', 20),
        _text('receiving_unit', 200),
        _text('receiving_contact', 100),
        sa.Column('handed_over_at', sa.DateTime(), nullable=True),
        _text('handover_place', 200),
        _text('received_by', 50),
        sa.Column('receipt_signed', sa.Boolean(), nullable=False),
        _text('cancel_reason'),
        sa.ForeignKeyConstraint(
            ['admission_id'], ['admission.id'], name=op.f('fk_return_plan_admission_id_admission')
        ),
        sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_return_plan_child_id_child')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_return_plan')),
    )
    op.create_index(op.f('ix_return_plan_child_id'), 'return_plan', ['child_id'], unique=False)
    op.create_index(
        op.f('ix_return_plan_admission_id'), 'return_plan', ['admission_id'], unique=False
    )
    op.create_table(
        'tracing_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('traced_on', sa.Date(), nullable=False),
        _text('method', 20),
        _text('contact', 200),
        _text('result'),
        _text('next_step'),
        *_staff('tracing_entry', 'recorded_by_id'),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['plan_id'], ['return_plan.id'], name=op.f('fk_tracing_entry_plan_id_return_plan')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tracing_entry')),
    )
    op.create_index(op.f('ix_tracing_entry_plan_id'), 'tracing_entry', ['plan_id'], unique=False)
    op.create_table(
        'follow_up_visit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('visited_on', sa.Date(), nullable=True),
        _text('method', 20),
        _text('findings'),
        _text('situation'),
        sa.Column('risk', sa.Boolean(), nullable=False),
        *_staff('follow_up_visit', 'recorded_by_id', nullable=True),
        sa.ForeignKeyConstraint(
            ['plan_id'], ['return_plan.id'], name=op.f('fk_follow_up_visit_plan_id_return_plan')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_visit')),
    )
    op.create_index(
        op.f('ix_follow_up_visit_plan_id'), 'follow_up_visit', ['plan_id'], unique=False
    )
    op.create_index(
        op.f('ix_follow_up_visit_due_on'), 'follow_up_visit', ['due_on'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_follow_up_visit_due_on'), table_name='follow_up_visit')
    op.drop_index(op.f('ix_follow_up_visit_plan_id'), table_name='follow_up_visit')
    op.drop_table('follow_up_visit')
    op.drop_index(op.f('ix_tracing_entry_plan_id'), table_name='tracing_entry')
    op.drop_table('tracing_entry')
    op.drop_index(op.f('ix_return_plan_admission_id'), table_name='return_plan')
    op.drop_index(op.f('ix_return_plan_child_id'), table_name='return_plan')
    op.drop_table('return_plan')
