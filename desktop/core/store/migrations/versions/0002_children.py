"""children: intake, admissions, contacts, belongings, notes, photos, tasks, search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_case_counter'))
    )
    op.create_table('task_rule',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('delay', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_task_rule'))
    )
    op.create_table('child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=12), nullable=False),
    sa.Column('case_year', sa.Integer(), nullable=False),
    sa.Column('case_seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('alias', sa.String(length=50), nullable=False),
    sa.Column('name_pinyin', sa.String(length=300), nullable=False),
    sa.Column('name_initials', sa.String(length=60), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_date_estimated', sa.Boolean(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('birth_place', sa.String(length=100), nullable=False),
    sa.Column('ethnicity', sa.String(length=2), nullable=False),
    sa.Column('household_registration', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('school', sa.String(length=200), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('dialect', sa.String(length=50), nullable=False),
    sa.Column('height_cm', sa.Integer(), nullable=True),
    sa.Column('build', sa.String(length=20), nullable=False),
    sa.Column('appearance', sa.Text(), nullable=False),
    sa.Column('clothing', sa.Text(), nullable=False),
    sa.Column('health', sa.Text(), nullable=False),
    sa.Column('mental_state', sa.Text(), nullable=False),
    sa.Column('disability', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['merged_into_id'], ['child.id'], name=op.f('fk_child_merged_into_id_child')),
    sa.ForeignKeyConstraint(['voided_by_id'], ['staff.id'], name=op.f('fk_child_voided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child')),
    sa.UniqueConstraint('case_no', name=op.f('uq_child_case_no')),
    sa.UniqueConstraint('case_year', 'case_seq', name=op.f('uq_child_case_year')),
    sa.UniqueConstraint('id_number', name=op.f('uq_child_id_number'))
    )
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_name'), ['name'], unique=False)

    op.create_table('admission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('arrived_at', sa.DateTime(), nullable=False),
    sa.Column('arrival_mode', sa.String(length=20), nullable=False),
    sa.Column('referring_unit', sa.String(length=200), nullable=False),
    sa.Column('referrer_name', sa.String(length=50), nullable=False),
    sa.Column('referrer_phone', sa.String(length=30), nullable=False),
    sa.Column('police_case_no', sa.String(length=50), nullable=False),
    sa.Column('police_handover_ref', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('circumstances', sa.Text(), nullable=False),
    sa.Column('street_since', sa.String(length=100), nullable=False),
    sa.Column('welfare_status', sa.String(length=20), nullable=False),
    sa.Column('intake_check', sa.Text(), nullable=False),
    sa.Column('harm_found', sa.Boolean(), nullable=False),
    sa.Column('security_check', sa.Text(), nullable=False),
    sa.Column('photo_taken', sa.Boolean(), nullable=False),
    sa.Column('fingerprints_taken', sa.Boolean(), nullable=False),
    sa.Column('fingerprint_ref', sa.String(length=100), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('consent_note', sa.Text(), nullable=False),
    sa.Column('receiving_staff_id', sa.Integer(), nullable=True),
    sa.Column('discharged_at', sa.DateTime(), nullable=True),
    sa.Column('discharge_mode', sa.String(length=30), nullable=False),
    sa.Column('discharge_destination', sa.String(length=200), nullable=False),
    sa.Column('cross_province', sa.Boolean(), nullable=False),
    sa.Column('discharge_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_admission_child_id_child')),
    sa.ForeignKeyConstraint(['receiving_staff_id'], ['staff.id'], name=op.f('fk_admission_receiving_staff_id_staff')),
    sa.ForeignKeyConstraint(['voided_by_id'], ['staff.id'], name=op.f('fk_admission_voided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admission'))
    )
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admission_arrived_at'), ['arrived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_admission_child_id'), ['child_id'], unique=False)
        batch_op.create_index('ix_admission_open_child', ['child_id'], unique=True, sqlite_where=sa.text('discharged_at IS NULL AND voided_at IS NULL'), postgresql_where=sa.text('discharged_at IS NULL AND voided_at IS NULL'))

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('relationship', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('legal_guardian', sa.Boolean(), nullable=False),
    sa.Column('situation', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_contact_child_id_child')),
    sa.ForeignKeyConstraint(['voided_by_id'], ['staff.id'], name=op.f('fk_contact_voided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_child_id'), ['child_id'], unique=False)

    op.create_table('photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('caption', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_photo_child_id_child')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_photo_staff_id_staff')),
    sa.ForeignKeyConstraint(['voided_by_id'], ['staff.id'], name=op.f('fk_photo_voided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo'))
    )
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photo_child_id'), ['child_id'], unique=False)

    op.create_table('search_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_search_token_child_id_child')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_token'))
    )
    with op.batch_alter_table('search_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_token_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_token_token'), ['token'], unique=False)

    op.create_table('belonging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('admission_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('cash_fen', sa.Integer(), nullable=False),
    sa.Column('valuable', sa.Boolean(), nullable=False),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('returned_to', sa.String(length=100), nullable=False),
    sa.Column('returned_by_id', sa.Integer(), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['admission_id'], ['admission.id'], name=op.f('fk_belonging_admission_id_admission')),
    sa.ForeignKeyConstraint(['returned_by_id'], ['staff.id'], name=op.f('fk_belonging_returned_by_id_staff')),
    sa.ForeignKeyConstraint(['voided_by_id'], ['staff.id'], name=op.f('fk_belonging_voided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_belonging'))
    )
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_belonging_admission_id'), ['admission_id'], unique=False)

    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('admission_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['admission_id'], ['admission.id'], name=op.f('fk_note_admission_id_admission')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_note_child_id_child')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_note_staff_id_staff')),
    sa.ForeignKeyConstraint(['voided_by_id'], ['staff.id'], name=op.f('fk_note_voided_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_child_id'), ['child_id'], unique=False)

    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('admission_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['admission_id'], ['admission.id'], name=op.f('fk_task_admission_id_admission')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_task_child_id_child')),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff.id'], name=op.f('fk_task_done_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_due_at'), ['due_at'], unique=False)
    task_rule = sa.table(
        "task_rule",
        sa.column("kind", sa.String),
        sa.column("enabled", sa.Boolean),
        sa.column("delay", sa.Integer),
        sa.column("unit", sa.String),
    )
    # The defaults from the rules in force (see DESIGN.md, Domain: tasks).
    op.bulk_insert(
        task_rule,
        [
            {"kind": "search_notice", "enabled": True, "delay": 24, "unit": "hours"},
            {"kind": "dna_request", "enabled": True, "delay": 7, "unit": "working_days"},
            {"kind": "care_arrangement", "enabled": True, "delay": 10, "unit": "days"},
            {"kind": "mandatory_report", "enabled": True, "delay": 0, "unit": "hours"},
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_due_at'))
        batch_op.drop_index(batch_op.f('ix_task_child_id'))

    op.drop_table('task')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_child_id'))

    op.drop_table('note')
    with op.batch_alter_table('belonging', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_belonging_admission_id'))

    op.drop_table('belonging')
    with op.batch_alter_table('search_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_token_token'))
        batch_op.drop_index(batch_op.f('ix_search_token_child_id'))

    op.drop_table('search_token')
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_child_id'))

    op.drop_table('photo')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_child_id'))

    op.drop_table('contact')
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.drop_index('ix_admission_open_child', sqlite_where=sa.text('discharged_at IS NULL AND voided_at IS NULL'), postgresql_where=sa.text('discharged_at IS NULL AND voided_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_admission_child_id'))
        batch_op.drop_index(batch_op.f('ix_admission_arrived_at'))

    op.drop_table('admission')
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_name'))
        batch_op.drop_index(batch_op.f('ix_child_category'))

    op.drop_table('child')
    op.drop_table('task_rule')
    op.drop_table('case_counter')
