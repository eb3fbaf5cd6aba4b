"""Whether zhunong is running on a database: a restore must not replace a database under the
processes writing to it.

On SQLite, every `zhunong serve` and `zhunong worker` holds a shared lock on a file beside the
database for as long as it runs, and a restore takes that lock alone or refuses. On PostgreSQL,
whose processes may run on other machines, every connection zhunong opens names itself in its
application_name, and a restore refuses while the database has any such connection.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

APPLICATION = "zhunong"


class Running(Exception):
    """zhunong is running on the database; the text says so."""


@contextmanager
def marked(database_url: str) -> Iterator[None]:
    """Held by a running process. Waits while a restore replaces the database."""
    lock = _lock_file(make_url(database_url))
    if lock is None:
        yield
        return
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield


@contextmanager
def stopped(database_url: str) -> Iterator[None]:
    """Held while the database is replaced; raises Running when zhunong runs on it."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        _no_connections(url)
        yield
        return
    lock = _lock_file(url)
    if lock is None:
        yield
        return
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Running("zhunong is running on this database: stop `zhunong serve` and "
                          "`zhunong worker` first") from None
        yield


def _lock_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(path.name + ".lock")


def _no_connections(url: URL) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = :name AND pid <> pg_backend_pid()"),
                {"name": APPLICATION}).scalar_one()
    finally:
        engine.dispose()
    if found:
        raise Running(f"zhunong is running on this database ({found} connections): stop "
                      f"`zhunong serve` and `zhunong worker` first")
