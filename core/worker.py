"""The outbox worker: sends what is pending, in the background of `zhunong serve`."""

import asyncio
import contextlib
import logging

from starlette.concurrency import run_in_threadpool

from core import outbound
from core.database import Database

log = logging.getLogger("zhunong.worker")
IDLE_SECONDS = 0.5


async def run(db: Database, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            sent = await run_in_threadpool(outbound.drain, db)
        except Exception:  # a bad moment of the database must not end the worker
            log.exception("sending from the outbox failed; trying again")
            sent = 0
        if not sent:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), IDLE_SECONDS)
