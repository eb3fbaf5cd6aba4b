"""Handing a stored message to the bot within WeChat's 5-second budget.

The bot runs in a worker thread. If its answer is ready before the deadline it goes back in the
HTTP response (a passive reply); otherwise WeChat gets "success" at once and the answer follows
as a customer-service message. The two sides race for that decision and exactly one wins.
"""

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from anyio import CapacityLimiter, to_thread
from sqlalchemy import bindparam, update
from starlette.concurrency import run_in_threadpool

from bot.dispatch import respond
from bot.incoming import Incoming
from core import outage, outbound
from core.clock import utcnow
from core.database import Database
from core.logs import short
from core.statements import prepared
from core.templates import render
from webhooks import inbox, throttle, translate
from webhooks.models import InboundMessage, InboundStatus, ReplyMode

log = logging.getLogger("zhunong.webhooks")
POLL_SECONDS = 0.05
# How long a stored message's handler waits for the database to come back before giving up.
RIDE_OUT = 25.0
# A message still unhandled this long after its last handler let go has outlived WeChat's
# retries (three, 5 seconds apart): nobody will deliver it again, so the worker handles it.
STRANDED = timedelta(minutes=1)
RESCUED_AT_ONCE = 20


class ReplyRace:
    """Whoever settles first decides how the reply travels: passive or deferred."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mode: ReplyMode | None = None
        self.stalled: Exception | None = None  # the outage the handler met, if it met one
        self.stored: inbox.Stored | None = None  # set once the message is in the database
        self.handling = False  # whether the bot answers it in this visit to a worker thread

    def arrived(self, stored: inbox.Stored, *, handling: bool) -> None:
        self.handling = handling
        self.stored = stored  # last: whoever sees it set sees `handling` too

    def stall(self, error: Exception) -> None:
        self.stalled = error

    def settle(self, mode: ReplyMode) -> ReplyMode:
        with self._lock:
            if self._mode is None:
                self._mode = mode
            return self._mode


class AlreadyHandled(Exception):
    """Another handler recorded its reply to this message first; this one must not act."""


def arrive(db: Database, parsed: translate.Parsed, limit: int, race: ReplyRace) -> str | None:
    """Store a message and, when it is new and within the rate limit, let the bot answer it;
    returns the passive reply. Both in one visit to a worker thread: a visit costs about as much
    as storing the message does. `race` tells the caller which it was."""
    stored = inbox.store(db, parsed.record, counting=limit > 0)
    fresh = stored.fresh and not throttle.over(stored.message, stored.recent, limit)
    race.arrived(stored, handling=fresh)
    if not fresh:
        return None
    return process(db, translate.incoming(parsed, stored.message.id), race)


def process(db: Database, incoming: Incoming, race: ReplyRace) -> str | None:
    """Run the bot and record its reply, all in one transaction; returns a passive reply."""
    try:
        return _handle(db, incoming, race)
    except AlreadyHandled:  # another handler answered first: repeat its passive reply
        row = _load(db, incoming.inbound_id)
        return row.reply if row.reply_mode == ReplyMode.passive else None


def _handle(db: Database, incoming: Incoming, race: ReplyRace) -> str | None:
    try:
        # The message is stored: a database outage that begins now is waited out rather than
        # dropping it, since WeChat may have been told "success" by then and will not retry.
        return outage.ride_out(lambda: _respond(db, incoming, race), seconds=RIDE_OUT,
                               waiting=race.stall)
    except AlreadyHandled:
        raise
    except Exception as error:  # the message stays stored, and the user hears back
        if outage.kind(error):
            log.error("message %s from %s not handled: the database stayed out of reach",
                      incoming.inbound_id, short(incoming.openid))
            raise
        log.exception("handling message %s from %s failed", incoming.inbound_id,
                      short(incoming.openid))
        with db.transaction() as session:
            return _finish(session, incoming, race, render("bot/error.txt"), error=repr(error))


def _respond(db: Database, incoming: Incoming, race: ReplyRace) -> str | None:
    with db.transaction() as session:
        reply = respond(session, incoming)
        return _finish(session, incoming, race, reply, error=None)


def _finish(session, incoming: Incoming, race: ReplyRace, reply: str | None, error) -> str | None:
    mode = race.settle(ReplyMode.passive) if reply else ReplyMode.none
    if mode == ReplyMode.deferred:
        target = outbound.Target(outbound.TargetKind.user, incoming.openid)
        outbound.enqueue(session, target, reply)
    outcome = InboundStatus.failed if error else InboundStatus.handled
    recorded = _record_reply(session, message=incoming.inbound_id, outcome=outcome,
                             answer=reply, mode=mode, failure=error, at=utcnow())
    if recorded.rowcount != 1:  # a retry took it over and answered first: undo all of this
        raise AlreadyHandled(incoming.inbound_id)
    return reply if mode == ReplyMode.passive else None


@prepared
def _record_reply(dialect):
    return update(InboundMessage).where(
        InboundMessage.id == bindparam("message"),
        InboundMessage.status == InboundStatus.received,
    ).values(status=bindparam("outcome"), reply=bindparam("answer"), reply_mode=bindparam("mode"),
             error=bindparam("failure"), handled_at=bindparam("at"))


async def reply_in_time(
    work: Callable[[], str | None], race: ReplyRace, deadline: float,
    pending: set[asyncio.Task], handlers: CapacityLimiter,
) -> str | None:
    """Run `work` (arrive, or process a stored message) in a worker thread, once one of the
    `handlers` is free: its passive reply if it comes before `deadline` (a monotonic time), else
    None and the reply goes deferred."""
    task = asyncio.ensure_future(to_thread.run_sync(work, limiter=handlers))
    try:
        return await asyncio.wait_for(asyncio.shield(task), max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        if race.settle(ReplyMode.deferred) == ReplyMode.passive:
            return await task  # the bot finished just now and is committing its reply
        # "success" acknowledges the message, so never before it is stored.
        while race.stored is None and not task.done():
            await asyncio.sleep(POLL_SECONDS)
        if not race.handling:  # a retry or over the limit: the caller goes on from the stored
            return await task
        pending.add(task)  # keeps the task alive until it has sent the deferred reply
        task.add_done_callback(pending.discard)
        if race.stalled is not None:
            # The handler waits out a database outage: "success" would end WeChat's deliveries
            # while it may yet give up. A 503 brings the next one, which finds the answer or,
            # should the handler have given up, takes the message over.
            raise race.stalled from None
        return None


async def earlier_reply(db: Database, message_id: int, deadline: float) -> str | None:
    """For a retry: wait for the first attempt's outcome and repeat its passive reply."""
    while True:
        row = await run_in_threadpool(_load, db, message_id)
        if row.status != InboundStatus.received:
            return row.reply if row.reply_mode == ReplyMode.passive else None
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(POLL_SECONDS)


def _load(db: Database, message_id: int) -> InboundMessage:
    with db.session() as session:
        return session.get(InboundMessage, message_id)


def rescue(db: Database) -> int:
    """Handle the messages WeChat gave up delivering before any handler finished them (the
    database was out longer than its retries last); the answers go as customer-service
    messages. Returns how many were handled."""
    rescued = 0
    for message_id in inbox.stranded(db, idle=STRANDED, limit=RESCUED_AT_ONCE):
        if not inbox.take_over(db, message_id):
            continue  # a handler or another worker has it
        row = _load(db, message_id)
        log.warning("handling message %s from %s, received %s and left unhandled", message_id,
                    short(row.openid), row.received_at)
        race = ReplyRace()
        race.settle(ReplyMode.deferred)  # WeChat stopped waiting long ago
        process(db, translate.incoming(translate.parse(row.raw), message_id), race)
        rescued += 1
    return rescued
