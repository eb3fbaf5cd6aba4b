"""News composed when it is due, not on every change that makes it.

Stock left and new orders change with every order, and the groups and the farmer hear of them
a minute later in one message. So an order only marks the topic ("stock:7", "orders:7"): a row
in the outbox that waits for the minute, written once however many orders come. When it is due,
the topic's composer reads the database as it is then and queues the real messages; the mark
goes in the same transaction. The mark is written with the change that caused it, so news is
never lost, and composing it costs once a minute, not once an order.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import bindparam, delete
from sqlmodel import Session, select

from core import outbound
from core.clock import utcnow
from core.database import Database
from core.outbound import IS_MARK, OutboundMessage, Status, Target, TargetKind
from core.statements import prepared

log = logging.getLogger("zhunong.news")
BATCH = 50

# A composer gets the topic's subject (a listing id) and returns what to send to whom.
Composer = Callable[[Session, str], list[tuple[Target, str]]]
_composers: dict[str, Composer] = {}


def composer(kind: str) -> Callable[[Composer], Composer]:
    """Register how news of `kind` ("stock", "orders") is written."""
    def register(compose: Composer) -> Composer:
        _composers[kind] = compose
        return compose
    return register


def later(session: Session, kind: str, subject: object, *, delay: timedelta) -> None:
    """Mark `kind:subject` for news in `delay`; a mark already waiting is kept, or brought
    forward when this news is more urgent. One statement: every order marks two topics."""
    now = utcnow()
    _mark(session, subject=str(subject), topic=f"{kind}:{subject}", due=now + delay, now=now)


@prepared
def _mark(dialect):
    mark = dialect.insert(OutboundMessage).values(
        channel=TargetKind.news, target_kind=TargetKind.news, target_address=bindparam("subject"),
        target_name="", text="", topic=bindparam("topic"), status=Status.pending, attempts=0,
        send_after=bindparam("due"), created_at=bindparam("now"))
    return mark.on_conflict_do_update(
        index_elements=["topic"], index_where=IS_MARK,
        set_={"send_after": mark.excluded.send_after},
        where=mark.excluded.send_after < OutboundMessage.send_after)


def publish_due(db: Database, *, limit: int = BATCH) -> int:
    """Compose the news that is due and queue it; returns how many topics were composed."""
    with db.transaction() as session:
        due = session.exec(
            select(OutboundMessage).where(
                OutboundMessage.target_kind == TargetKind.news,
                OutboundMessage.status == Status.pending, OutboundMessage.send_after <= utcnow())
            .order_by(OutboundMessage.send_after).limit(limit).with_for_update(skip_locked=True)
        ).all()
        composed = [mark for mark in due if _compose(session, mark)]
        if composed:
            session.execute(delete(OutboundMessage).where(
                OutboundMessage.id.in_([mark.id for mark in composed])))
        return len(composed)


def _compose(session: Session, mark: OutboundMessage) -> bool:
    kind = mark.topic.split(":", 1)[0]
    compose = _composers.get(kind)
    if compose is None:  # left waiting, and said loudly: a process that cannot write this news
        log.error("no composer for news %s; is its module imported?", mark.topic)
        return False
    messages = compose(session, mark.target_address)
    outbound.enqueue_coalesced(session, mark.topic, messages, delay=timedelta(0))
    return True
