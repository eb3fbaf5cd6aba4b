"""inbound messages: CreateTime as a 64-bit integer, so messages after 2038 can be stored

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite's INTEGER holds 64 bits already; only PostgreSQL's column is 32-bit.
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('inbound_message', 'created_time', type_=sa.BigInteger(),
                        existing_type=sa.Integer(), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('inbound_message', 'created_time', type_=sa.Integer(),
                        existing_type=sa.BigInteger(), existing_nullable=False)
