"""Open registration requests, and the throttle that slows token guessing and registration bots

Revision ID: 0002
Revises: 0001
Created: 2026-11-25 18:25:27.092272
"""

import sqlalchemy as sa
from alembic import op

import eventdesk.models.base

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('throttle_hits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=30), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_throttle_hits'))
    )
    with op.batch_alter_table('throttle_hits', schema=None) as batch_op:
        batch_op.create_index('ix_throttle_hits_at', ['at'], unique=False)
        batch_op.create_index('ix_throttle_hits_scope_key_at', ['scope', 'key', 'at'], unique=False)

    op.create_table('registration_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=True),
    sa.Column('given_name', sa.String(length=100), nullable=True),
    sa.Column('family_name_latin', sa.String(length=100), nullable=True),
    sa.Column('given_name_latin', sa.String(length=100), nullable=True),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=True),
    sa.Column('language', sa.Enum('en', 'zh', 'ja', name='language', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('mode', sa.Enum('in_person', 'online', name='requested_mode', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'rejected', name='request_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_registration_requests_decided_by_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registration_requests_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_registration_requests_invitation_id_invitations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_requests')),
    sa.UniqueConstraint('event_id', 'email', name=op.f('uq_registration_requests_event_id_email'))
    )
    with op.batch_alter_table('registration_requests', schema=None) as batch_op:
        batch_op.create_index('ix_registration_requests_event_status', ['event_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('registration_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_requests_event_status')

    op.drop_table('registration_requests')
    with op.batch_alter_table('throttle_hits', schema=None) as batch_op:
        batch_op.drop_index('ix_throttle_hits_scope_key_at')
        batch_op.drop_index('ix_throttle_hits_at')

    op.drop_table('throttle_hits')
