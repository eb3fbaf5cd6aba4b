"""console: admins' passwords, one-time sign-in links, sessions; indexes for its overview

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('console_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_console_user_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_user')),
    sa.UniqueConstraint('name', name=op.f('uq_console_user_name'))
    )
    with op.batch_alter_table('console_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_user_person_id'), ['person_id'], unique=False)

    for table in ('sign_in_link', 'console_session'):
        ended = 'used_at' if table == 'sign_in_link' else 'ended_at'
        op.create_table(table,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column(ended, sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f(f'fk_{table}_person_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('digest', name=op.f(f'uq_{table}_digest'))
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_person_id'), ['person_id'], unique=False)

    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


INDEXES = [
    ('purchase_order', 'ix_purchase_order_buyer_due', ['buyer_id', 'status', 'listing_id', 'amount_fen']),
    ('purchase_order', 'ix_purchase_order_day_sums', ['created_at', 'status', 'listing_id', 'quantity', 'amount_fen']),
    ('ledger_entry', 'ix_ledger_entry_buyer_paid', ['buyer_id', 'listing_id', 'paid_fen']),
]


def downgrade() -> None:
    for table, name, _ in INDEXES:
        op.drop_index(name, table_name=table)
    for table in ('console_session', 'sign_in_link', 'console_user'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_person_id'))
        op.drop_table(table)
