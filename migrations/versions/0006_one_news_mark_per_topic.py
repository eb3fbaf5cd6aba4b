"""outbound messages: at most one news mark per topic, so marking is a single upsert

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IS_MARK = sa.text("target_kind = 'news'")


def upgrade() -> None:
    # Two orders in concurrent transactions could each have written a mark: keep the one due
    # first, so the news goes out no later than it would have.
    op.execute("""
        DELETE FROM outbound_message WHERE target_kind = 'news' AND EXISTS (
            SELECT 1 FROM outbound_message AS earlier
            WHERE earlier.target_kind = 'news' AND earlier.topic = outbound_message.topic
              AND (earlier.send_after < outbound_message.send_after
                   OR (earlier.send_after = outbound_message.send_after
                       AND earlier.id < outbound_message.id)))
    """)
    op.create_index('uq_outbound_message_news_topic', 'outbound_message', ['topic'],
                    unique=True, sqlite_where=IS_MARK, postgresql_where=IS_MARK)


def downgrade() -> None:
    op.drop_index('uq_outbound_message_news_topic', table_name='outbound_message')
