"""Engines and sessions for SQLite (the default) and PostgreSQL."""

import sqlite3
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import BigInteger, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine

from core import running

# Fixed before the first table exists, so every migration names constraints the same way.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata = SQLModel.metadata


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A network that drops packets instead of refusing them would hang a connect without
        # end; three seconds fits inside WeChat's five, and then the outage answer is a 503.
        # Named, so that a restore can see zhunong is running (core/running.py).
        return create_engine(url, pool_pre_ping=True, connect_args={
            "connect_timeout": 3, "application_name": running.APPLICATION})
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see _begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection) -> None:
    # A deferred transaction that reads and then writes can deadlock against another writer
    # ("database is locked" despite busy_timeout); taking the write lock up front cannot.
    # Straight to the driver: every transaction begins here, and SQLAlchemy's execution costs
    # ten times SQLite's own work for this statement. Its errors are raised as SQLAlchemy's.
    driver = connection.connection.driver_connection
    try:
        driver.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise DBAPIError.instance("BEGIN IMMEDIATE", (), error, sqlite3.Error,
                                  dialect=connection.dialect) from error


class FairLock:
    """A reentrant lock handed to its waiters in the order they came.

    Python's own locks let whoever asks at the right moment overtake the threads already
    waiting: under a burst of orders some waited many turns while others went straight
    through, so the slowest replies took several times the typical one."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._queue: deque[tuple[int, threading.Lock]] = deque()
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> None:
        me = threading.get_ident()
        with self._guard:
            if self._owner == me:
                self._depth += 1
                return
            if self._owner is None:
                self._owner, self._depth = me, 1
                return
            turn = threading.Lock()
            turn.acquire()
            self._queue.append((me, turn))
        turn.acquire()  # the owner before us hands the lock over (see __exit__)

    def __exit__(self, *_) -> None:
        with self._guard:
            self._depth -= 1
            if self._depth:
                return
            if not self._queue:
                self._owner = None
                return
            self._owner, turn = self._queue.popleft()
            self._depth = 1
            turn.release()


class Database:
    """The one engine of a process, and the sessions made from it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        # SQLite has one writer at a time, and a writer kept waiting polls with sleeps that
        # grow to 100 ms: under a burst some threads lost every race for seconds. The
        # threads of a process queue here instead and take turns at once; other processes
        # still wait on SQLite's own lock. Reentrant: a transaction may open another.
        self._writer = FairLock() if self.is_sqlite else nullcontext()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together at the end, or not at all."""
        with self._writer, self.session() as session, session.begin():
            yield session

    def ping(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar() == 1

    def dispose(self) -> None:
        self.engine.dispose()


def upsert(session: Session, model):
    """An INSERT in the session's own dialect, which can say ON CONFLICT (both databases do)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


class Thousandths(TypeDecorator):
    """An exact Decimal stored as an integer count of thousandths.

    SQLite has no exact decimal type (NUMERIC degrades to a float), so quantities such as
    9.6 斤 are kept as 9600 on both databases and compared and summed as integers.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return int((Decimal(value) * 1000).to_integral_value(ROUND_HALF_UP))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value) / 1000
