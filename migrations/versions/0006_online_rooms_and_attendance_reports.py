"""Online rooms, personal meeting links, the platforms' attendance reports and name matches; a note on manual admissions

Revision ID: 0006
Revises: 0005
Created: 2026-12-04 16:01:24
"""

import sqlalchemy as sa
from alembic import op

import eventdesk.models.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('online_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_online_rooms_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_rooms')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_online_rooms_event_id_name'))
    )
    op.create_table('attendance_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('layout', sa.String(length=40), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('imported_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendance_reports_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['imported_by_id'], ['staff.id'], name=op.f('fk_attendance_reports_imported_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['online_rooms.id'], name=op.f('fk_attendance_reports_room_id_online_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_reports')),
    sa.UniqueConstraint('event_id', 'digest', name=op.f('uq_attendance_reports_event_id_digest'))
    )
    op.create_table('attendance_name_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('matched_by_id', sa.Integer(), nullable=True),
    sa.Column('matched_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendance_name_matches_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_attendance_name_matches_invitation_id_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matched_by_id'], ['staff.id'], name=op.f('fk_attendance_name_matches_matched_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_name_matches')),
    sa.UniqueConstraint('event_id', 'name_key', name=op.f('uq_attendance_name_matches_event_id_name_key'))
    )
    op.create_table('attendance_report_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('platform_role', sa.String(length=50), nullable=True),
    sa.Column('joined_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('left_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('matched', 'unmatched', 'left_out', 'not_on_list', name='report_row_outcome', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('how', sa.String(length=40), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_attendance_report_rows_invitation_id_invitations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['attendance_reports.id'], name=op.f('fk_attendance_report_rows_report_id_attendance_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_report_rows'))
    )
    with op.batch_alter_table('attendance_report_rows', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_rows_report_outcome', ['report_id', 'outcome'], unique=False)

    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.String(length=500), nullable=True))

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_opens_minutes', sa.Integer(), server_default='30', nullable=False))

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('room_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('online_allowed', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_invitations_room_id_online_rooms'), 'online_rooms', ['room_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('online_attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('report_row_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_online_attendance_report_row_id'), ['report_row_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_online_attendance_room_id_online_rooms'), 'online_rooms', ['room_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_online_attendance_report_row_id_attendance_report_rows'), 'attendance_report_rows', ['report_row_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('online_attendance', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_online_attendance_report_row_id_attendance_report_rows'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_online_attendance_room_id_online_rooms'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_online_attendance_report_row_id'))
        batch_op.drop_column('report_row_id')
        batch_op.drop_column('room_id')

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invitations_room_id_online_rooms'), type_='foreignkey')
        batch_op.drop_column('online_allowed')
        batch_op.drop_column('room_id')
        batch_op.drop_column('meeting_url')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('online_opens_minutes')

    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_column('note')

    with op.batch_alter_table('attendance_report_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_rows_report_outcome')

    op.drop_table('attendance_report_rows')
    op.drop_table('attendance_name_matches')
    op.drop_table('attendance_reports')
    op.drop_table('online_rooms')
