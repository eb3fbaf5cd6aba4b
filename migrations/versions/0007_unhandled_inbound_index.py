"""inbound messages: a partial index on the unhandled ones, which the worker looks for

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNHANDLED = sa.text("status = 'received'")


def upgrade() -> None:
    op.create_index('ix_inbound_message_unhandled', 'inbound_message', ['claimed_at'],
                    unique=False, sqlite_where=UNHANDLED, postgresql_where=UNHANDLED)


def downgrade() -> None:
    op.drop_index('ix_inbound_message_unhandled', table_name='inbound_message')
