"""Offline doors: a scan let in at its door although an earlier scan is the guest's admission is kept as a
duplicate entry; indexes for the offline bundle's deltas (what changed since)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_entry', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_checkins_event_recorded', ['event_id', 'recorded_at'], unique=False)
        batch_op.create_index('ix_checkins_event_undone', ['event_id', 'undone_at'], unique=False,
                              sqlite_where=sa.text('undone_at IS NOT NULL'),
                              postgresql_where=sa.text('undone_at IS NOT NULL'))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index('ix_invitations_event_updated', ['event_id', 'updated_at'], unique=False)
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.create_index('ix_delegates_updated', ['updated_at'], unique=False)
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.create_index('ix_badges_event_issued', ['event_id', 'issued_at'], unique=False)
        batch_op.create_index('ix_badges_event_revoked', ['event_id', 'revoked_at'], unique=False,
                              sqlite_where=sa.text('revoked_at IS NOT NULL'),
                              postgresql_where=sa.text('revoked_at IS NOT NULL'))


def downgrade() -> None:
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.drop_index('ix_badges_event_revoked')
        batch_op.drop_index('ix_badges_event_issued')
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.drop_index('ix_delegates_updated')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_invitations_event_updated')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_checkins_event_undone')
        batch_op.drop_index('ix_checkins_event_recorded')
        batch_op.drop_column('duplicate_entry')
