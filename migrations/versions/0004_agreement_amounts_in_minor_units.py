"""Agreement amounts as whole numbers of the currency's minor unit, so SQLite keeps them exactly too

Revision ID: 0004
Revises: 0003
Created: 2026-12-04 14:10:00
"""

from decimal import Decimal

import sqlalchemy as sa
from alembic import op
from babel.numbers import get_currency_precision

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BIGINT_MAX = 2**63 - 1
agreements = sa.table('agreements', sa.column('id', sa.Integer), sa.column('ref', sa.String),
                      sa.column('amount', sa.Numeric(18, 2)), sa.column('currency', sa.String),
                      sa.column('amount_minor', sa.BigInteger))


def upgrade():
    # Each amount as the app read it (on SQLite, the stored REAL to two places), in the currency's minor units.
    # One that does not convert exactly (1.50 JPY: the yen has no minor unit) stops the upgrade, naming it, before
    # anything changes (SQLite runs DDL outside the transaction).
    connection = op.get_bind()
    converted, refused = [], []
    for id_, ref, amount, currency in connection.execute(
            sa.select(agreements.c.id, agreements.c.ref, agreements.c.amount, agreements.c.currency)
            .where(agreements.c.amount.is_not(None))):
        minor = Decimal(amount).scaleb(get_currency_precision(currency))
        if minor != minor.to_integral_value() or not 0 <= minor <= BIGINT_MAX:
            refused.append(f"{ref}: {amount} {currency}")
        else:
            converted.append({'agreement_id': id_, 'amount_minor': int(minor)})
    if refused:
        raise RuntimeError("these agreement amounts cannot be kept exactly in their currency's minor unit; "
                           "correct them, then upgrade again: " + "; ".join(refused))

    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amount_minor', sa.BigInteger(), nullable=True))
    if converted:
        connection.execute(agreements.update().where(agreements.c.id == sa.bindparam('agreement_id')),
                           converted)

    # On SQLite this copies the table (env.py turns foreign keys off meanwhile, so nothing cascades).
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_agreements_amount_not_negative'), type_='check')
        batch_op.drop_column('amount')
        batch_op.create_check_constraint(op.f('ck_agreements_amount_not_negative'),
                                         'amount_minor IS NULL OR amount_minor >= 0')


def downgrade():
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(agreements.c.id, agreements.c.amount_minor, agreements.c.currency)
                              .where(agreements.c.amount_minor.is_not(None))).all()
    if rows:
        connection.execute(
            agreements.update().where(agreements.c.id == sa.bindparam('agreement_id')),
            [{'agreement_id': id_, 'amount': Decimal(minor).scaleb(-get_currency_precision(currency))}
             for id_, minor, currency in rows])

    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_agreements_amount_not_negative'), type_='check')
        batch_op.drop_column('amount_minor')
        batch_op.create_check_constraint(op.f('ck_agreements_amount_not_negative'), 'amount IS NULL OR amount >= 0')
