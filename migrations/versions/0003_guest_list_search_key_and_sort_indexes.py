"""The guest list's search key on delegates (every name form, folded) and indexes for its sort orders

Revision ID: 0003
Revises: 0002
Created: 2026-11-25 18:38:16.764370
"""

import sqlalchemy as sa
from alembic import op

from eventdesk.names import search_key

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), server_default='', nullable=False))
        batch_op.create_index('ix_delegates_name_order', ['family_name_latin', 'given_name_latin', 'family_name', 'id'], unique=False)
        batch_op.create_index('ix_delegates_organisation_order', ['organisation_id', 'family_name_latin', 'id'], unique=False)

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index('ix_invitations_event_answered', ['event_id', 'answered_at'], unique=False)
        batch_op.create_index('ix_invitations_event_waiting', ['event_id', 'waiting_since'], unique=False)

    # Delegates stored before this revision get their key now; the model keeps it current from here on.
    delegates = sa.table('delegates', sa.column('id', sa.Integer), sa.column('email', sa.String),
                         sa.column('family_name', sa.String), sa.column('given_name', sa.String),
                         sa.column('family_name_latin', sa.String), sa.column('given_name_latin', sa.String),
                         sa.column('search_key', sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(delegates.c.id, delegates.c.family_name, delegates.c.given_name,
                                        delegates.c.family_name_latin, delegates.c.given_name_latin,
                                        delegates.c.email)).all()
    if rows:
        connection.execute(delegates.update().where(delegates.c.id == sa.bindparam('delegate_id')),
                           [{'delegate_id': row[0], 'search_key': search_key(*row[1:])} for row in rows])


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_invitations_event_waiting')
        batch_op.drop_index('ix_invitations_event_answered')

    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.drop_index('ix_delegates_organisation_order')
        batch_op.drop_index('ix_delegates_name_order')
    # A plain ALTER TABLE (SQLite 3.35+): batch mode would copy the table, which its foreign keys refuse.
    op.drop_column('delegates', 'search_key')
