"""The database out of reach for a while: telling it from a bug, waiting it out, saying so.

PostgreSQL restarting, a connection cut, SQLite's disk full or a lock held too long: the same
work may succeed a moment later. Such an error is not a bug and not the caller's fault, so an
HTTP request that meets it is answered 503 with the reason, never 500. For the WeChat callback
the status matters: WeChat delivers a message again (three times) after a 5xx or a timeout, while
a 200 would end its retries with nothing done. 503 is the honest answer: not now, try again.
"""

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc

log = logging.getLogger("zhunong.outage")
T = TypeVar("T")

UNAVAILABLE, FULL, BUSY = "unavailable", "full", "busy"
DETAIL = {
    UNAVAILABLE: "the database is unavailable, try again later",
    FULL: "the database's disk is full, try again later",
    BUSY: "the database is busy, try again later",
}
# PostgreSQL's SQLSTATEs of a server going away or out of room; the rest are errors of the work.
_PG_GONE = ("08", "57P01", "57P02", "57P03")
_PG_FULL = "53100"
_PG_SHORT = "53"  # out of memory, too many connections
ERRORS = (exc.DBAPIError, exc.TimeoutError)  # what `kind` may name; anything else is no outage


def kind(error: BaseException) -> str | None:
    """UNAVAILABLE, FULL or BUSY when `error` says the database cannot do the work just now;
    None for any other error (a bug, a constraint, a missing table), which retrying won't fix."""
    if isinstance(error, exc.TimeoutError):  # no connection free in the pool
        return BUSY
    if not isinstance(error, exc.DBAPIError):
        return None
    if error.connection_invalidated or isinstance(error, exc.InterfaceError):
        return UNAVAILABLE
    if isinstance(error.orig, sqlite3.Error):
        return _sqlite_kind(getattr(error.orig, "sqlite_errorname", ""))
    state = getattr(error.orig, "sqlstate", None)
    if state is None:  # the driver's own error: no connection could be made
        return UNAVAILABLE if isinstance(error, exc.OperationalError) else None
    if state.startswith(_PG_GONE):
        return UNAVAILABLE
    if state == _PG_FULL:
        return FULL
    return BUSY if state.startswith(_PG_SHORT) else None


def _sqlite_kind(name: str) -> str | None:
    if name == "SQLITE_FULL":
        return FULL
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return BUSY
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
        return UNAVAILABLE
    return None


def ride_out(work: Callable[[], T], *, seconds: float,
             waiting: Callable[[Exception], None] | None = None) -> T:
    """Do `work`, and again while the database is out of reach, for up to `seconds`.

    For work that must not be dropped once begun: `work` is one transaction, which an outage
    rolls back whole, so doing it again cannot do it twice. `waiting` hears of each outage
    error before the pause. Raises the last error when the database is not back in time, and
    any other error at once."""
    deadline = time.monotonic() + seconds
    pause = 0.1
    while True:
        try:
            return work()
        except ERRORS as error:
            what = kind(error)
            if what is None or time.monotonic() + pause > deadline:
                raise
            log.warning("the database is %s; trying again in %.1f s", what, pause)
            if waiting is not None:
                waiting(error)
        time.sleep(pause)
        pause = min(pause * 2, 2.0)


async def http_answer(request: Request, error: Exception) -> JSONResponse:
    """An HTTP request that met an outage: 503 with the reason (and no internals), or the
    error goes on to be a 500 when it is not an outage after all."""
    what = kind(error)
    if what is None:
        raise error
    log.warning("%s %s: the database is %s", request.method, request.url.path, what)
    return JSONResponse({"error": f"database_{what}", "detail": DETAIL[what]}, status_code=503,
                        headers={"Retry-After": "5"})
