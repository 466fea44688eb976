"""Residence: rooms, beds and placements; the discharge in full (who collected the
child, checked; the signed statement of a child leaving alone; the police report of
a child who walked out; why a discharged admission was reopened) and why a
belonging was not given back at the discharge.

New tables and plain ADD COLUMNs (no copy of any table): the defaults fill the
existing rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

CURRENT = "ended_at IS NULL AND voided_at IS NULL"
ADMISSION_TEXTS = (
    ('collector_name', sa.String(length=50)),
    ('collector_id_number', sa.String(length=18)),
    ('collector_relationship', sa.String(length=30)),
    ('collector_phone', sa.String(length=30)),
    ('collector_checked_by', sa.String(length=50)),
)


def upgrade() -> None:
    op.create_table(
        'room',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('floor', sa.String(length=20), nullable=False),
        sa.Column('sex_rule', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
        sa.UniqueConstraint('name', name=op.f('uq_room_name')),
    )
    op.create_table(
        'bed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('room_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=20), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('in_use', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_bed_room_id_room')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bed')),
    )
    op.create_index(op.f('ix_bed_room_id'), 'bed', ['room_id'], unique=False)
    op.create_table(
        'placement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('admission_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('bed_id', sa.Integer(), nullable=True),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=300), nullable=False),
        sa.Column('contact_person', sa.String(length=50), nullable=False),
        sa.Column('phone', sa.String(length=30), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('sex_override_reason', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('voided_at', sa.DateTime(), nullable=True),
        sa.Column('void_reason', sa.Text(), nullable=False),
        sa.Column('voided_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['admission_id'], ['admission.id'], name=op.f('fk_placement_admission_id_admission')
        ),
        sa.ForeignKeyConstraint(['bed_id'], ['bed.id'], name=op.f('fk_placement_bed_id_bed')),
        sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_placement_child_id_child')),
        sa.ForeignKeyConstraint(
            ['voided_by_id'], ['staff.id'], name=op.f('fk_placement_voided_by_id_staff')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placement')),
    )
    op.create_index(op.f('ix_placement_child_id'), 'placement', ['child_id'], unique=False)
    op.create_index(
        'ix_placement_admission_started', 'placement', ['admission_id', 'started_at'], unique=False
    )
    op.create_index(
        'ix_placement_current_child', 'placement', ['child_id'], unique=True,
        sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT),
    )
    bed_current = CURRENT + " AND bed_id IS NOT NULL"
    op.create_index(
        'ix_placement_current_bed', 'placement', ['bed_id'], unique=True,
        sqlite_where=sa.text(bed_current), postgresql_where=sa.text(bed_current),
    )
    op.create_index(
        'ix_admission_discharged_arrived', 'admission', ['discharged_at', 'arrived_at'], unique=False
    )
    for name, kind in ADMISSION_TEXTS:
        op.add_column('admission', sa.Column(name, kind, server_default='', nullable=False))
    op.add_column(
        'admission',
        sa.Column('statement_signed', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    )
    op.add_column('admission', sa.Column('police_report', sa.Text(), server_default='', nullable=False))
    op.add_column('admission', sa.Column('reopen_reason', sa.Text(), server_default='', nullable=False))
    op.add_column(
        'belonging', sa.Column('not_returned_reason', sa.Text(), server_default='', nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.drop_column('not_returned_reason')
    with op.batch_alter_table('admission', schema=None) as batch_op:
        for name in ('reopen_reason', 'police_report', 'statement_signed'):
            batch_op.drop_column(name)
        for name, _kind in reversed(ADMISSION_TEXTS):
            batch_op.drop_column(name)
    op.drop_index('ix_admission_discharged_arrived', table_name='admission')
    op.drop_index('ix_placement_current_bed', table_name='placement')
    op.drop_index('ix_placement_current_child', table_name='placement')
    op.drop_index('ix_placement_admission_started', table_name='placement')
    op.drop_index(op.f('ix_placement_child_id'), table_name='placement')
    op.drop_table('placement')
    op.drop_index(op.f('ix_bed_room_id'), table_name='bed')
    op.drop_table('bed')
    op.drop_table('room')
