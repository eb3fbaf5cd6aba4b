"""Where each user is in a conversation, kept in the database so any process can go on."""

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions before any table)


class Conversation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(unique=True, max_length=64)
    dialog: str | None = Field(default=None, max_length=32)
    step: str | None = Field(default=None, max_length=32)
    data: dict = Field(default_factory=dict, sa_type=JSON)
    # The listing this user last saw, asked about or scanned: 「再要二十斤」 means that one.
    listing_id: int | None = Field(default=None, foreign_key="listing.id")
    updated_at: datetime = Field(default_factory=utcnow)
