"""The outbox worker: sends what is due, in the background of `zhunong serve` or on its own
(`zhunong worker`). Several may run on PostgreSQL; they never take the same message.

Other chores that must happen without anyone asking (handling messages WeChat stopped
delivering) are given to it by whoever starts it: the worker knows only that they are work."""

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import Callable, Sequence
from datetime import timedelta

from starlette.concurrency import run_in_threadpool

from core import news, outage, outbound
from core.database import Database
from core.outbound import Sender

log = logging.getLogger("zhunong.worker")
IDLE_SECONDS = 0.5


# A chore does what is due and says how much it did.
Chore = Callable[[Database], int]


async def run(db: Database, stop: asyncio.Event, send: Sender | None = None,
              lease: timedelta = outbound.LEASE, chores: Sequence[Chore] = ()) -> None:
    while not stop.is_set():
        try:
            handled = await run_in_threadpool(
                functools.partial(once, db, send, lease=lease, chores=chores))
        except Exception as error:  # a bad moment of the database must not end the worker
            if outage.kind(error):  # expected while it lasts: one line each time, no trace
                log.warning("the outbox waits: the database is %s", outage.kind(error))
            else:
                log.exception("sending from the outbox failed; trying again")
            handled = 0
        if not handled:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), IDLE_SECONDS)


def once(db: Database, send: Sender | None = None, *, lease: timedelta = outbound.LEASE,
         chores: Sequence[Chore] = ()) -> int:
    """Do the chores, write the news that is due, then send what is due: all count as work."""
    done = sum(chore(db) for chore in chores)
    return done + news.publish_due(db) + outbound.drain(db, send, lease=lease)


async def run_until_signalled(db: Database, send: Sender | None = None,
                              lease: timedelta = outbound.LEASE,
                              chores: Sequence[Chore] = ()) -> None:
    """For `zhunong worker`: stop cleanly on SIGTERM or Ctrl-C, after the batch in hand."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(db, stop, send, lease, chores)
