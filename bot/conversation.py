"""Dialog state in the database: any process can carry on where another left off.

The conversation row is locked for the length of a message, so two messages from one person
handled at once by two processes take turns instead of trampling each other's state.
"""

from datetime import timedelta

from sqlmodel import Session, select

from bot.models import Conversation
from core.clock import utcnow
from core.database import upsert

# A dialog left alone this long is forgotten: the next message starts afresh.
TIMEOUT = timedelta(minutes=30)


def load(session: Session, *, openid: str) -> tuple[Conversation, bool]:
    """The person's conversation, locked; and whether a dialog in it had timed out."""
    conversation = _locked(session, openid)
    if conversation is None:  # a first message: make the row, then lock it like any other
        session.execute(upsert(session, Conversation)
                        .values(openid=openid, data={}, updated_at=utcnow())
                        .on_conflict_do_nothing())
        conversation = _locked(session, openid)
    expired = conversation.dialog is not None and conversation.updated_at < utcnow() - TIMEOUT
    if expired:
        finish(session, conversation)
    return conversation, expired


def _locked(session: Session, openid: str) -> Conversation | None:
    return session.exec(
        select(Conversation).where(Conversation.openid == openid).with_for_update()
    ).one_or_none()


def start(session: Session, conversation: Conversation, dialog: str, step: str,
          **data: object) -> None:
    conversation.dialog, conversation.step, conversation.data = dialog, step, dict(data)
    _save(session, conversation)


def advance(session: Session, conversation: Conversation, step: str, **data: object) -> None:
    conversation.step = step
    conversation.data = {**conversation.data, **data}
    _save(session, conversation)


def finish(session: Session, conversation: Conversation) -> None:
    conversation.dialog, conversation.step, conversation.data = None, None, {}
    _save(session, conversation)


def remember_listing(session: Session, conversation: Conversation, listing_id: int) -> None:
    conversation.listing_id = listing_id
    _save(session, conversation)


def _save(session: Session, conversation: Conversation) -> None:
    conversation.updated_at = utcnow()
    session.add(conversation)
    session.flush()
