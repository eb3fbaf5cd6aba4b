"""The per-person rate limit: whoever writes faster than the limit is told once to slow down.

    a stored message from a person
      ──► an event (follow, unfollow, menu) ──► never limited
      ──► at most the limit of messages in the 60 s up to its CreateTime ──► the bot handles it
      ──► more ──► not handled, marked throttled
             ──► no slow-down reply to this person in those 60 s ──► the slow-down reply
             ──► one went already ──► "success": nothing, so no one can make us send without end

The count is of stored messages (a WeChat retry is deduplicated before it is stored, so it never
counts twice), which every app process shares, and it is made in the transaction that stores the
message: no second visit to the database. The minute is the one before the message's own
CreateTime, set by WeChat when the person sent it: the verdict does not depend on which process
handles the message or how late. Throttled messages count too, so writing on without a pause
keeps the limit on; a minute of quiet lifts it.
"""

from dataclasses import dataclass

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from core.channels.oa_customer import CustomerWindow
from core.clock import utcnow
from core.database import Database
from core.statements import prepared
from core.templates import render
from webhooks.models import InboundMessage, InboundStatus, ReplyMode

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Throttled:
    reply: str | None  # the slow-down reply, or None when it went to this person already


def over(message: InboundMessage, recent: int | None, limit: int) -> bool:
    """Whether the person wrote more than the limit in the minute up to this message; `recent`
    is that count, made when the message was stored (see inbox.store)."""
    if limit <= 0 or message.event is not None:
        return False
    return recent is not None and recent > limit


def recount(db: Database, message: InboundMessage) -> int:
    """The count for a message stored before, which a retry takes over: in a plain read."""
    with db.session() as session:
        return count(session, message)


def count(session: Session, message: InboundMessage) -> int:
    """The person's messages (not events) in the minute up to this one's CreateTime."""
    return _count(session, **_window(message)).scalar()


@prepared
def _count(dialect):
    return select(func.count()).select_from(InboundMessage).where(
        InboundMessage.event.is_(None), *_IN_WINDOW)


def hold(db: Database, message: InboundMessage) -> Throttled:
    """Mark a message over the limit as throttled; the slow-down reply, once a minute."""
    with db.transaction() as session:
        # Storing a message upserts the person's customer-service window (inbox.store); locking
        # that row serialises the reminders of one person, so two messages over the limit at
        # the same moment cannot both send one. SQLite serialises every transaction anyway.
        session.get(CustomerWindow, message.openid, with_for_update=True)
        reply = None if _warned(session, message) else render("bot/slow_down.txt")
        recorded = session.execute(update(InboundMessage).where(
            InboundMessage.id == message.id, InboundMessage.status == InboundStatus.received,
        ).values(status=InboundStatus.throttled, reply=reply,
                 reply_mode=ReplyMode.passive if reply else ReplyMode.none, handled_at=utcnow()))
        if recorded.rowcount != 1:  # another handler of this message answered it first
            row = session.get(InboundMessage, message.id)
            return Throttled(row.reply if row.reply_mode == ReplyMode.passive else None)
    return Throttled(reply)


# The person's messages of the minute up to one of theirs, whose values _window() gives.
_IN_WINDOW = (InboundMessage.openid == bindparam("openid"),
              InboundMessage.created_time > bindparam("since"),
              InboundMessage.created_time <= bindparam("until"))


def _window(message: InboundMessage) -> dict:
    return {"openid": message.openid, "since": message.created_time - WINDOW_SECONDS,
            "until": message.created_time}


def _warned(session: Session, message: InboundMessage) -> bool:
    return _warning(session, **_window(message)).scalar() is not None


@prepared
def _warning(dialect):
    return (select(InboundMessage.id).where(InboundMessage.status == InboundStatus.throttled,
                                            InboundMessage.reply.is_not(None), *_IN_WINDOW)
            .limit(1))
