"""Staff accounts limited to events: an account with rows here may work only on those events

Revision ID: 0010
Revises: 0009
Created: 2026-12-05 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts get no rows: they keep working on every event, as before.
    op.create_table('staff_events',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_staff_events_event_id_events')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_events_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', 'event_id', name=op.f('pk_staff_events'))
    )
    with op.batch_alter_table('staff_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_events_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('staff_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_events_event_id'))
    op.drop_table('staff_events')
