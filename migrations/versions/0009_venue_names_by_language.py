"""Venue names by language: the venue in the page's language where the event has one

Revision ID: 0009
Revises: 0008
Created: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('venues', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('venues')
