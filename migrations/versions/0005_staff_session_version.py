"""A session version per staff account, so signing out and a new password end earlier sessions

Revision ID: 0005
Revises: 0004
Created: 2026-12-04 14:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # Sessions signed before the upgrade carry no version and are asked to sign in again.
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('session_version')
