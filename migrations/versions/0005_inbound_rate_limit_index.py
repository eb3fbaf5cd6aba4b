"""inbound messages: an index on (openid, created_time) for the per-person rate limit

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The pair serves every lookup by openid alone as well, so it replaces the old index.
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_message_openid_created_time',
                              ['openid', 'created_time'], unique=False)
        batch_op.drop_index('ix_inbound_message_openid')


def downgrade() -> None:
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_message_openid', ['openid'], unique=False)
        batch_op.drop_index('ix_inbound_message_openid_created_time')
