"""Storing inbound messages exactly once, and handing each to one handler at a time."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from core import statements
from core.channels import oa_customer
from core.clock import utcnow
from core.database import Database
from webhooks import throttle
from webhooks.models import UNHANDLED, InboundMessage, InboundStatus

# A retry takes over a message still unhandled this long after it was claimed. WeChat waits 5
# seconds for an answer before it delivers again, so its first retry finds the lease run out,
# whether the handler died, waits out a database outage, or stored the message in a commit
# whose answer was lost. Two handlers of one message are safe: only the first to record its
# reply commits (see handling._finish); the other's transaction, its effects included, rolls back.
LEASE = timedelta(seconds=4)


@dataclass(frozen=True)
class Stored:
    message: InboundMessage
    fresh: bool  # False: WeChat delivered it before, and this is the stored one
    # The person's messages in the minute up to this one's CreateTime, counted in the same
    # transaction when asked for (the rate limit): None when not counted.
    recent: int | None = None


def store(db: Database, message: InboundMessage, *, counting: bool = False) -> Stored:
    """Insert the message; on a duplicate return the stored one, not fresh."""
    try:
        with db.transaction() as session:
            statements.insert(session, message)
            if opens_window(message):
                oa_customer.user_wrote(session, openid=message.openid)
            recent = throttle.count(session, message) if counting else None
        return Stored(message, True, recent)
    except IntegrityError:
        return Stored(find(db, message.dedupe_key), False)


# What a user does that opens WeChat's 48-hour window for answers and news: writing, following,
# scanning, tapping the menu. Unfollowing and WeChat's own receipts do not.
WINDOW_EVENTS = {"subscribe", "scan", "click", "view"}


def opens_window(message: InboundMessage) -> bool:
    return message.event is None or message.event in WINDOW_EVENTS


def find(db: Database, dedupe_key: str) -> InboundMessage:
    with db.session() as session:
        query = select(InboundMessage).where(InboundMessage.dedupe_key == dedupe_key)
        return session.exec(query).one()


def take_over(db: Database, message_id: int) -> bool:
    """Claim a message whose handler's lease ran out; True if this caller now owns it."""
    now = utcnow()
    with db.transaction() as session:
        claimed = session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == message_id)
            .where(InboundMessage.status == InboundStatus.received)
            .where(InboundMessage.claimed_at < now - LEASE)
            .values(claimed_at=now)
        )
        return claimed.rowcount == 1


def stranded(db: Database, *, idle: timedelta, limit: int) -> list[int]:
    """Messages still unhandled whose last handler let go of them `idle` ago or more, oldest
    first, from the last 48 hours (an answer later than that could no longer reach the user)."""
    now = utcnow()
    with db.session() as session:
        return list(session.exec(
            select(InboundMessage.id)
            # The partial index's own condition, so the database sees that the index applies.
            .where(UNHANDLED, InboundMessage.claimed_at < now - idle,
                   InboundMessage.received_at > now - oa_customer.WINDOW)
            .order_by(InboundMessage.claimed_at).limit(limit)))
