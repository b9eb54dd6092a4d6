"""Check-ins keep no foreign keys to the event and the scanning account: each scan's KEY SHARE locks on those
two rows, the same for every door, cost an eighth of the door's throughput on PostgreSQL. Triggers do what their
ON DELETE did (an event's scans go with it; an account's scans lose it).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

from eventdesk.models.checkin import FOLLOW_DDL

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_constraint('fk_checkins_event_id_events', type_='foreignkey')
        batch_op.drop_constraint('fk_checkins_staff_id_staff', type_='foreignkey')
    for statement in FOLLOW_DDL.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS checkins_follow_event" +
               (" ON events" if op.get_bind().dialect.name == "postgresql" else ""))
    op.execute("DROP TRIGGER IF EXISTS checkins_follow_staff" +
               (" ON staff" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS checkins_follow_event()")
        op.execute("DROP FUNCTION IF EXISTS checkins_follow_staff()")
    op.execute("DELETE FROM checkins WHERE event_id NOT IN (SELECT id FROM events)")
    op.execute("UPDATE checkins SET staff_id = NULL WHERE staff_id NOT IN (SELECT id FROM staff)")
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_checkins_event_id_events', 'events', ['event_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_foreign_key('fk_checkins_staff_id_staff', 'staff', ['staff_id'], ['id'],
                                    ondelete='SET NULL')
