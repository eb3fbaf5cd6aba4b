"""Sending to people and groups: one `send`, whatever the channel.

Only the sandbox channel is here: it records the message and counts it as sent. It is used for
every target while no real credentials are configured, so nothing leaves the machine.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlmodel import Field, Session, SQLModel

from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions before any table)


class TargetKind(StrEnum):
    user = "user"  # a WeChat user of the Official Account, by openid
    group = "group"  # a village group
    canteen = "canteen"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    address: str  # an openid, a group id, ...
    name: str = ""


class OutboundMessage(SQLModel, table=True):
    __tablename__ = "outbound_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    target_kind: TargetKind = Field(sa_type=String(16))
    target_address: str = Field(index=True, max_length=64)
    target_name: str = Field(default="", max_length=64)
    text: str = Field(sa_type=Text)
    status: str = Field(default="sent", max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


def send(session: Session, target: Target, text: str) -> OutboundMessage:
    """Deliver `text` to `target` within the caller's transaction."""
    now = utcnow()
    message = OutboundMessage(
        channel="sandbox",
        target_kind=target.kind,
        target_address=target.address,
        target_name=target.name,
        text=text,
        status="sent",
        created_at=now,
        sent_at=now,
    )
    session.add(message)
    session.flush()
    return message
