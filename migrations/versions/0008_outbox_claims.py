"""Outbox claims: when a sender took a message and when it handed it to the mail server

Revision ID: 0008
Revises: 0007
Created: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

import eventdesk.models.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handed_over_at', eventdesk.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    # Plain ALTER TABLE (SQLite 3.35+): batch mode would copy the table, which its foreign keys refuse.
    op.drop_column('outbox', 'handed_over_at')
    op.drop_column('outbox', 'claimed_at')
