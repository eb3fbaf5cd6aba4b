"""Dialog state in the database: any process can carry on where another left off.

The conversation row is locked for the length of a message, so two messages from one person
handled at once by two processes take turns instead of trampling each other's state. Every
message reads it and most write it, so both are prepared statements: the Conversation handed out
is a plain copy of the row, saved here and nowhere else.
"""

from datetime import timedelta

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from bot.models import Conversation
from core import statements
from core.clock import utcnow
from core.statements import prepared

# A dialog left alone this long is forgotten: the next message starts afresh.
TIMEOUT = timedelta(minutes=30)


def load(session: Session, *, openid: str) -> tuple[Conversation, bool]:
    """The person's conversation, locked; and whether a dialog in it had timed out."""
    conversation = _locked(session, openid)
    if conversation is None:  # a first message: make the row, then lock it like any other
        _create(session, openid=openid, now=utcnow())
        conversation = _locked(session, openid)
    expired = conversation.dialog is not None and conversation.updated_at < utcnow() - TIMEOUT
    if expired:
        finish(session, conversation)
    return conversation, expired


def _locked(session: Session, openid: str) -> Conversation | None:
    row = _select(session, openid=openid).one_or_none()
    return None if row is None else statements.construct(Conversation, **row)


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
    _update(session, row=conversation.id, **{
        field: getattr(conversation, field) for field in SAVED})


SAVED = ("dialog", "step", "data", "listing_id", "updated_at")
TABLE = Conversation.__table__


@prepared
def _select(dialect):
    return select(TABLE).where(TABLE.c.openid == bindparam("openid")).with_for_update()


@prepared
def _create(dialect):
    return (dialect.insert(TABLE).values(openid=bindparam("openid"), data={},
                                         updated_at=bindparam("now"))
            .on_conflict_do_nothing())


@prepared
def _update(dialect):  # sets the columns it is given
    return update(TABLE).where(TABLE.c.id == bindparam("row"))
