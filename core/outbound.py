"""Sending to people and groups through an outbox.

A message is written as `pending` in the same transaction as whatever caused it, so nothing is
sent for work that rolled back and nothing is lost for work that committed. `drain` sends what
is due. Only the sandbox channel is here: it records the message and counts it as sent, and is
used for every target until real channels are configured.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlmodel import Field, Session, SQLModel, select

from core.clock import utcnow
from core.database import Database, metadata  # noqa: F401  (naming conventions first)


class TargetKind(StrEnum):
    user = "user"  # a WeChat user of the Official Account, by openid
    group = "group"  # a village group, by id


class Status(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    address: str  # an openid or a group id
    name: str = ""
    channel: str = "sandbox"


class OutboundMessage(SQLModel, table=True):
    __tablename__ = "outbound_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    target_kind: TargetKind = Field(sa_type=String(16))
    target_address: str = Field(index=True, max_length=64)
    target_name: str = Field(default="", max_length=64)
    text: str = Field(sa_type=Text)
    # What the message is about, e.g. "listing:7", so a listing can show its broadcast.
    topic: str | None = Field(default=None, index=True, max_length=32)
    status: Status = Field(default=Status.pending, sa_type=String(16), index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


def enqueue(session: Session, target: Target, text: str, *, topic: str | None = None
            ) -> OutboundMessage:
    """Queue `text` for `target` within the caller's transaction."""
    message = OutboundMessage(
        channel=target.channel, target_kind=target.kind, target_address=target.address,
        target_name=target.name, text=text, topic=topic,
    )
    session.add(message)
    session.flush()
    return message


def drain(db: Database, *, limit: int = 200) -> int:
    """Send what is pending, oldest first; returns how many were sent."""
    with db.transaction() as session:
        pending = session.exec(
            select(OutboundMessage).where(OutboundMessage.status == Status.pending)
            .order_by(OutboundMessage.id).limit(limit).with_for_update(skip_locked=True)
        ).all()
        for message in pending:
            _send_in_sandbox(message)
            session.add(message)
        return len(pending)


def _send_in_sandbox(message: OutboundMessage) -> None:
    message.attempts += 1
    message.status, message.sent_at = Status.sent, utcnow()
