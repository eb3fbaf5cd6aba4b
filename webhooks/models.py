"""Every message WeChat delivers, stored before anything acts on it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Index, String, Text, text
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions before any table)


class InboundStatus(StrEnum):
    received = "received"
    handled = "handled"
    failed = "failed"
    throttled = "throttled"  # over the per-person rate limit: stored, not handled


class ReplyMode(StrEnum):
    passive = "passive"  # in the HTTP response, within WeChat's 5 seconds
    deferred = "deferred"  # later, as a customer-service message
    none = "none"


UNHANDLED = text("status = 'received'")


class InboundMessage(SQLModel, table=True):
    __tablename__ = "inbound_message"
    # The rate limit counts a person's messages of the last minute by CreateTime; the worker
    # looks for messages left unhandled, a few rows among all (see webhooks.handling.rescue).
    __table_args__ = (
        Index("ix_inbound_message_openid_created_time", "openid", "created_time"),
        Index("ix_inbound_message_unhandled", "claimed_at",
              sqlite_where=UNHANDLED, postgresql_where=UNHANDLED),
    )

    id: int | None = Field(default=None, primary_key=True)
    # MsgId for messages, FromUserName + CreateTime for events: WeChat's retries repeat it,
    # and the unique constraint is what stops a retry from acting twice, in any process.
    dedupe_key: str = Field(unique=True, max_length=100)
    openid: str = Field(max_length=64)
    account: str = Field(default="", max_length=64)
    msg_type: str = Field(max_length=32)
    event: str | None = Field(default=None, max_length=32)
    content: str | None = Field(default=None, sa_type=Text)
    raw: str = Field(sa_type=Text)
    parsed: dict = Field(default_factory=dict, sa_type=JSON)  # every field, as WeChat sent it
    created_time: int = Field(sa_type=BigInteger)  # WeChat's CreateTime, Unix seconds
    received_at: datetime = Field(default_factory=utcnow)
    # A lease: a handler that died leaves it behind, and a retry after it expires takes over.
    claimed_at: datetime = Field(default_factory=utcnow)
    status: InboundStatus = Field(default=InboundStatus.received, sa_type=String(16))
    reply: str | None = Field(default=None, sa_type=Text)
    reply_mode: ReplyMode | None = Field(default=None, sa_type=String(16))
    error: str | None = Field(default=None, sa_type=Text)
    handled_at: datetime | None = None
