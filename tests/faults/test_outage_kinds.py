"""Which database errors are an outage (503, wait it out) and which are not (a bug stays a 500),
told from errors the real databases raise."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from core import outage
from tests.live import free_port


def error_of(url: str, *statements: str) -> DBAPIError:
    engine = create_engine(url)
    try:
        with pytest.raises(DBAPIError) as raised, engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        return raised.value
    finally:
        engine.dispose()


def test_a_server_nobody_answers_at_is_unavailable():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/zhunong"
    assert outage.kind(error_of(url, "SELECT 1")) == outage.UNAVAILABLE


def test_sqlite_out_of_room_is_full(tmp_path):
    url = f"sqlite:///{tmp_path / 'small.db'}"
    error = error_of(url, "CREATE TABLE t (x TEXT)", "PRAGMA max_page_count = 3",
                     "INSERT INTO t VALUES (zeroblob(100000))")
    assert outage.kind(error) == outage.FULL


def test_an_sqlite_lock_held_too_long_is_busy(tmp_path):
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    holder = create_engine(url)
    with holder.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        connection.commit()
        connection.exec_driver_sql("BEGIN EXCLUSIVE")  # and never lets go in time
        waiting = create_engine(url, connect_args={"timeout": 0.1})
        try:
            with pytest.raises(DBAPIError) as raised, waiting.begin() as other:
                other.execute(text("SELECT * FROM t"))
        finally:
            waiting.dispose()
        connection.rollback()
    holder.dispose()
    assert outage.kind(raised.value) == outage.BUSY


def test_errors_of_the_work_itself_are_no_outage(tmp_path):
    url = f"sqlite:///{tmp_path / 'bugs.db'}"
    assert outage.kind(error_of(url, "SELECT * FROM no_such_table")) is None
    unique = error_of(url, "CREATE TABLE u (x INTEGER UNIQUE)", "INSERT INTO u VALUES (1)",
                      "INSERT INTO u VALUES (1)")
    assert outage.kind(unique) is None
    assert outage.kind(ValueError("not a database error")) is None
