"""The database: migrations on SQLite and PostgreSQL, fixed constraint names, SQLite pragmas."""

import threading
import time

from sqlalchemy import inspect, text

import migrations
from core.database import Database, FairLock, metadata


def test_migrations_build_exactly_the_models_tables(db):
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set(metadata.tables)


def test_constraints_follow_the_naming_convention(db):
    inspector = inspect(db.engine)
    uniques = {u["name"] for u in inspector.get_unique_constraints("inbound_message")}
    assert uniques == {"uq_inbound_message_dedupe_key"}
    foreign = {f["name"] for f in inspector.get_foreign_keys("person")}
    assert "fk_person_village_id_village" in foreign


def test_migrations_go_down_and_up_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'cycle.db'}"
    migrations.upgrade(url)
    migrations.downgrade(url, "base")
    database = Database(url)
    assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
    migrations.upgrade(url)
    assert "person" in inspect(database.engine).get_table_names()
    database.dispose()


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    database.dispose()


def test_the_database_creates_the_folder_of_an_sqlite_file(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'var' / 'zhunong.db'}")
    assert database.ping() and (tmp_path / "var" / "zhunong.db").exists()
    database.dispose()


def test_the_writers_lock_goes_to_its_waiters_in_the_order_they_came():
    lock, order = FairLock(), []

    def write(name: str) -> None:
        with lock, lock:  # a transaction may open another
            order.append(name)

    with lock:
        waiters = []
        for name in "ABCD":
            waiter = threading.Thread(target=write, args=(name,))
            waiter.start()
            waiters.append(waiter)
            while len(lock._queue) < len(waiters):  # queued before the next one comes
                time.sleep(0.001)
        order.append("owner")
    for waiter in waiters:
        waiter.join(timeout=5)
    assert order == ["owner", "A", "B", "C", "D"]
    with lock:  # free again, and taken at once
        assert lock._owner == threading.get_ident() and not lock._queue
