"""Readings of delegates' names (yomigana, pinyin), searched too; mail dropped when a newer one replaces it

Revision ID: 0007
Revises: 0006
Created: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from eventdesk.models.people import NAME_FIELDS
from eventdesk.names import search_key

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_STATUSES = ('pending', 'sent', 'failed')
NEW_STATUSES = (*OLD_STATUSES, 'dropped')


def upgrade():
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_name_reading', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('given_name_reading', sa.String(length=100), nullable=True))
    _mail_statuses(OLD_STATUSES, NEW_STATUSES)
    # Every key again: the folding now also joins traditional, simplified and Japanese forms (張/张, 廣/広/广).
    _recompute_search_keys()


def downgrade():
    op.execute("UPDATE outbox SET status = 'failed', last_error = 'dropped: a newer message replaced it' "
               "WHERE status = 'dropped'")
    _mail_statuses(NEW_STATUSES, OLD_STATUSES)
    # Plain ALTER TABLE (SQLite 3.35+): batch mode would copy the table, which its foreign keys refuse.
    op.drop_column('delegates', 'given_name_reading')
    op.drop_column('delegates', 'family_name_reading')
    _recompute_search_keys()


def _mail_statuses(old, new):
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.Enum(*old, name='mail_status', native_enum=False,
                                                              create_constraint=True, length=20),
                              type_=sa.Enum(*new, name='mail_status', native_enum=False, create_constraint=True,
                                            length=20), existing_nullable=False)


def _recompute_search_keys():
    fields = [name for name in NAME_FIELDS
              if name in {c['name'] for c in sa.inspect(op.get_bind()).get_columns('delegates')}]
    delegates = sa.table('delegates', sa.column('id', sa.Integer), sa.column('search_key', sa.Text),
                         *(sa.column(name, sa.String) for name in fields))
    connection = op.get_bind()
    rows = connection.execute(sa.select(delegates.c.id, *(delegates.c[name] for name in fields))).all()
    if rows:
        connection.execute(delegates.update().where(delegates.c.id == sa.bindparam('delegate_id')),
                           [{'delegate_id': row[0], 'search_key': search_key(*row[1:])} for row in rows])
