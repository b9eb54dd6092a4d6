"""The whole schema: events, guests, badges, check-ins, agreements, staff, audit log, outbox

Revision ID: 0001
Revises: 
Created: 2026-11-25 18:13:55.385302
"""

import sqlalchemy as sa
from alembic import op

import eventdesk.models.base
from eventdesk.models.audit import APPEND_ONLY_DDL

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('starts_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rsvp_deadline', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('venue_address', sa.String(length=500), nullable=True),
    sa.Column('latitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('longitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('organiser_name', sa.String(length=200), nullable=True),
    sa.Column('organiser_email', sa.String(length=254), nullable=True),
    sa.Column('open_registration', sa.Boolean(), nullable=False),
    sa.Column('exchange_rates', sa.JSON(), nullable=False),
    sa.Column('schedule_sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_events_capacity_not_negative')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_events_ends_after_start')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('slug', name=op.f('uq_events_slug'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_latin', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.Enum('government', 'trade_body', 'corporate', 'media', 'other', name='organisation_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('role', sa.Enum('organiser', 'door', 'clerk', name='staff_role', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_email'))
    )
    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('kind', sa.Enum('investment', 'cooperation', 'memorandum', name='agreement_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'signed', 'postponed', 'withdrawn', name='agreement_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('signed_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('signing_mode', sa.Enum('in_person', 'remote', name='signing_mode', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_agreements_amount_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_agreements_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    sa.UniqueConstraint('event_id', 'ref', name=op.f('uq_agreements_event_id_ref'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_api_tokens_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_staff_id'), ['staff_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_audit_log_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_audit_log_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_event_at', ['event_id', 'at'], unique=False)

    op.create_table('delegates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=True),
    sa.Column('given_name', sa.String(length=100), nullable=True),
    sa.Column('family_name_latin', sa.String(length=100), nullable=True),
    sa.Column('given_name_latin', sa.String(length=100), nullable=True),
    sa.Column('honorific', sa.String(length=50), nullable=True),
    sa.Column('position', sa.String(length=200), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('language', sa.Enum('en', 'zh', 'ja', name='language', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('role', sa.Enum('vip', 'signatory', 'delegate', 'press', 'staff', 'interpreter', name='delegate_role', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_delegates_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegates')),
    sa.UniqueConstraint('email', name=op.f('uq_delegates_email'))
    )
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegates_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('doors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_doors_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_doors')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_doors_event_id_name'))
    )
    op.create_table('programme_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('starts_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('streamed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_programme_items_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_items'))
    )
    with op.batch_alter_table('programme_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_items_event_id'), ['event_id'], unique=False)

    op.create_table('agreement_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_documents_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['staff.id'], name=op.f('fk_agreement_documents_uploaded_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_documents')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_agreement_documents_stored_name'))
    )
    with op.batch_alter_table('agreement_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_documents_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agreement_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=50), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_parties_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_agreement_parties_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_parties')),
    sa.UniqueConstraint('agreement_id', 'organisation_id', name=op.f('uq_agreement_parties_agreement_id_organisation_id'))
    )
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('invited', 'accepted', 'declined', 'waiting', 'withdrawn', name='invitation_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('mode', sa.Enum('in_person', 'online', name='attendance_mode', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('proposed_mode', sa.Enum('in_person', 'online', name='proposed_mode', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('invited_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('waiting_since', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_invitations_delegate_id_delegates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_invitations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('event_id', 'delegate_id', name=op.f('uq_invitations_event_id_delegate_id')),
    sa.UniqueConstraint('token', name=op.f('uq_invitations_token'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_delegate_id'), ['delegate_id'], unique=False)
        batch_op.create_index('ix_invitations_event_status', ['event_id', 'status'], unique=False)

    op.create_table('signing_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'signed', 'postponed', 'withdrawn', name='entry_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('signed_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('mode', sa.Enum('in_person', 'remote', name='entry_mode', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_signing_entries_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrects_id'], ['signing_entries.id'], name=op.f('fk_signing_entries_corrects_id_signing_entries')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_signing_entries_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_entries'))
    )
    with op.batch_alter_table('signing_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_entries_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agreement_signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_agreement_signatories_delegate_id_delegates')),
    sa.ForeignKeyConstraint(['party_id'], ['agreement_parties.id'], name=op.f('fk_agreement_signatories_party_id_agreement_parties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_signatories')),
    sa.UniqueConstraint('party_id', 'delegate_id', name=op.f('uq_agreement_signatories_party_id_delegate_id'))
    )
    op.create_table('badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('issued_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('printed_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_badges_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_badges_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badges')),
    sa.UniqueConstraint('event_id', 'serial', name=op.f('uq_badges_event_id_serial'))
    )
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.create_index('uq_badges_one_valid', ['invitation_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))

    op.create_table('online_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('left_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_online_attendance_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_attendance'))
    )
    with op.batch_alter_table('online_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_attendance_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_addr', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='mail_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_outbox_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_outbox_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_message_id'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index('ix_outbox_status_id', ['status', 'id'], unique=False)

    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('badge_id', sa.Integer(), nullable=True),
    sa.Column('door_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.Enum('admitted', 'already_admitted', 'revoked', 'not_in_person', 'wrong_event', 'invalid', name='scan_result', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('code', sa.String(length=300), nullable=True),
    sa.Column('scan_id', sa.String(length=100), nullable=True),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('scanned_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('undone_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_checkins_badge_id_badges'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['door_id'], ['doors.id'], name=op.f('fk_checkins_door_id_doors'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_checkins_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_checkins_invitation_id_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_checkins_staff_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['staff.id'], name=op.f('fk_checkins_undone_by_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('event_id', 'scan_id', name=op.f('uq_checkins_event_id_scan_id'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_event_scanned', ['event_id', 'scanned_at'], unique=False)
        batch_op.create_index('uq_checkins_one_admission', ['invitation_id'], unique=True, sqlite_where=sa.text("result = 'admitted' AND undone_at IS NULL"), postgresql_where=sa.text("result = 'admitted' AND undone_at IS NULL"))
    # The audit log refuses updates and deletes in the database itself.
    for statement in APPEND_ONLY_DDL.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('uq_checkins_one_admission', sqlite_where=sa.text("result = 'admitted' AND undone_at IS NULL"), postgresql_where=sa.text("result = 'admitted' AND undone_at IS NULL"))
        batch_op.drop_index('ix_checkins_event_scanned')

    op.drop_table('checkins')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_status_id')
        batch_op.drop_index(batch_op.f('ix_outbox_invitation_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('online_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_attendance_invitation_id'))

    op.drop_table('online_attendance')
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.drop_index('uq_badges_one_valid', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))

    op.drop_table('badges')
    op.drop_table('agreement_signatories')
    with op.batch_alter_table('signing_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_entries_agreement_id'))

    op.drop_table('signing_entries')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_invitations_event_status')
        batch_op.drop_index(batch_op.f('ix_invitations_delegate_id'))

    op.drop_table('invitations')
    op.drop_table('agreement_parties')
    with op.batch_alter_table('agreement_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_documents_agreement_id'))

    op.drop_table('agreement_documents')
    with op.batch_alter_table('programme_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_items_event_id'))

    op.drop_table('programme_items')
    op.drop_table('doors')
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegates_organisation_id'))

    op.drop_table('delegates')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_event_at')

    op.drop_table('audit_log')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_staff_id'))

    op.drop_table('api_tokens')
    op.drop_table('agreements')
    op.drop_table('staff')
    op.drop_table('organisations')
    op.drop_table('events')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
