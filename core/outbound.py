"""Sending to people and groups through an outbox.

A message is written as `pending` in the same transaction as whatever caused it, so nothing is
sent for work that rolled back and nothing is lost for work that committed. `drain` sends what
is due. Only the sandbox channel is here: it records the message and counts it as sent, and is
used for every target until real channels are configured.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
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
    # Not before this time: a notification waits a little so that what follows joins it.
    send_after: datetime = Field(default_factory=utcnow, index=True)
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


def enqueue(
    session: Session, target: Target, text: str, *, topic: str | None = None,
    delay: timedelta = timedelta(0), coalesce: bool = False,
) -> OutboundMessage:
    """Queue `text` for `target` within the caller's transaction.

    With `coalesce`, a message on the same topic to the same target that has not gone yet is
    rewritten instead, so a group hears 「还剩300斤」 once, not after every order.
    """
    waiting = _waiting(session, target, topic) if coalesce and topic else None
    if waiting is not None:
        waiting.text = text
        session.add(waiting)
        return waiting
    message = OutboundMessage(
        channel=target.channel, target_kind=target.kind, target_address=target.address,
        target_name=target.name, text=text, topic=topic, send_after=utcnow() + delay,
    )
    session.add(message)
    session.flush()
    return message


def _waiting(session: Session, target: Target, topic: str) -> OutboundMessage | None:
    return session.exec(
        select(OutboundMessage).where(
            OutboundMessage.topic == topic, OutboundMessage.status == Status.pending,
            OutboundMessage.target_kind == target.kind,
            OutboundMessage.target_address == target.address,
        ).with_for_update()
    ).first()


def drain(db: Database, *, limit: int = 200) -> int:
    """Send what is pending, oldest first; returns how many were sent."""
    with db.transaction() as session:
        pending = session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.status == Status.pending, OutboundMessage.send_after <= utcnow())
            .order_by(OutboundMessage.id).limit(limit).with_for_update(skip_locked=True)
        ).all()
        for message in pending:
            _send_in_sandbox(message)
            session.add(message)
        return len(pending)


def _send_in_sandbox(message: OutboundMessage) -> None:
    message.attempts += 1
    message.status, message.sent_at = Status.sent, utcnow()
