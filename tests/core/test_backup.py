"""`zhunong backup` while orders pour in, `zhunong restore` into a fresh database: the same
orders, ledger and balances. A restore never overwrites data unless forced, and a missing or
damaged backup is refused with its reason. On SQLite and, with ZHUNONG_TEST_DATABASE_URL, on
PostgreSQL (restoring into databases made for the test and dropped after it).
"""

import os
import random
import threading
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import select

from catalog.models import Listing
from core import backup
from core.database import Database
from orders import service as orders
from orders.balances import balances
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Person, Role
from tests.faults import market
from tests.live import environment, server, zhunong


@pytest.fixture
def fresh(database_url, tmp_path) -> Iterator[Callable[[], str]]:
    """Makes empty databases (not migrated) of the suite's kind; PostgreSQL ones are dropped."""
    made: list[str] = []
    server = os.environ.get("ZHUNONG_TEST_DATABASE_URL")
    admin = create_engine(server, isolation_level="AUTOCOMMIT") if server else None

    def make() -> str:
        name = f"zhunong_restore_{uuid.uuid4().hex[:12]}"
        if admin is None:
            return f"sqlite:///{tmp_path / name}.db"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(server).set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def ordering(db: Database, stop: threading.Event, placed: list[int]) -> None:
    """Buyers order 1 to 5 斤 one after another until told to stop."""
    chooser = random.Random(7)
    with db.session() as session:
        buyers = [p.id for p in session.exec(select(Person).where(Person.role == Role.villager))]
    while not stop.is_set():
        with db.transaction() as session:
            listing = session.exec(select(Listing)).one()
            buyer = session.get(Person, chooser.choice(buyers))
            order = orders.place(session, listing=listing, buyer=buyer,
                                 quantity=Decimal(chooser.randint(1, 5)))
            if chooser.random() < 0.1:
                orders.cancel(session, order=order)
        placed.append(order.id)


def fields(row) -> dict:
    return {column.name: getattr(row, column.name) for column in type(row).__table__.columns}


def books(url: str) -> dict:
    """Orders, ledger, stock and balances, as comparable values."""
    database = Database(url)
    try:
        with database.session() as session:
            return {
                "orders": [fields(o) for o in session.exec(select(Order).order_by(Order.id))],
                "ledger": [fields(e) for e in session.exec(
                    select(LedgerEntry).order_by(LedgerEntry.id))],
                "stock": [(x.id, x.quantity, x.remaining) for x in session.exec(select(Listing))],
                "balances": balances(session),
            }
    finally:
        database.dispose()


def consistent(state: dict) -> None:
    """A snapshot's books agree with themselves: stock, ledger and balances follow the orders."""
    live = [o for o in state["orders"] if o["status"] != OrderStatus.cancelled]
    [(_, quantity, remaining)] = state["stock"]
    assert quantity - remaining == sum(o["quantity"] for o in live)
    assert {e["order_id"] for e in state["ledger"]} == {o["id"] for o in state["orders"]}
    assert sum(b.ordered_fen for b in state["balances"].buyers) == sum(
        o["amount_fen"] for o in live)


def restore_into(url: str, path: Path) -> None:
    backup.restore(url, path)


def test_backups_taken_while_orders_pour_in_restore_to_the_same_books(db, fresh, tmp_path):
    market.open_listing(db)
    env = environment(db.url)
    stop, placed = threading.Event(), []
    writer = threading.Thread(target=ordering, args=(db, stop, placed))
    writer.start()
    try:
        taken = []
        for n in range(2):
            while len(placed) < 20 * (n + 1):
                stop.wait(0.05)
            path = tmp_path / f"during-{n}.backup"
            result = zhunong("backup", str(path), env=env)
            assert result.returncode == 0, result.stderr
            assert "backed up to" in result.stdout
            taken.append(path)
    finally:
        stop.set()
        writer.join()
    final = books(db.url)
    assert len(final["orders"]) > 40

    for path in taken:  # each a moment of the traffic, whole
        url = fresh()
        restore_into(url, path)
        restored = books(url)
        consistent(restored)
        assert 20 <= len(restored["orders"]) <= len(final["orders"])
        assert restored["orders"] == final["orders"][:len(restored["orders"])]
        assert restored["ledger"] == final["ledger"][:len(restored["ledger"])]

    after = tmp_path / "after.backup"
    assert zhunong("backup", str(after), env=env).returncode == 0
    assert oct(after.stat().st_mode & 0o777) == "0o600"  # people's names, phones and money
    url = fresh()
    restored_by_command = zhunong("restore", str(after), env=environment(url))
    assert restored_by_command.returncode == 0, restored_by_command.stderr
    assert books(url) == final


def restored_copy(db: Database, fresh, tmp_path: Path) -> tuple[str, Path]:
    """A backup of the market, and a fresh database restored from it."""
    market.open_listing(db)
    path = tmp_path / "zhunong.backup"
    backup.backup(db.url, path)
    url = fresh()
    restore_into(url, path)
    return url, path


def test_a_restore_replaces_data_only_when_forced(db, fresh, tmp_path):
    url, path = restored_copy(db, fresh, tmp_path)
    target = Database(url)
    with target.transaction() as session:  # written after the backup was taken
        listing = session.exec(select(Listing)).one()
        buyer = session.exec(select(Person).where(Person.role == Role.villager)).first()
        orders.place(session, listing=listing, buyer=buyer, quantity=Decimal(3))
    target.dispose()
    with_order = books(url)

    refused = zhunong("restore", str(path), env=environment(url))
    assert refused.returncode == 1
    assert "already holds" in refused.stderr and "--force" in refused.stderr
    assert books(url) == with_order

    forced = zhunong("restore", "--force", str(path), env=environment(url))
    assert forced.returncode == 0, forced.stderr
    assert books(url) == books(db.url)  # as at the backup: the later order is gone


def test_a_missing_foreign_or_damaged_backup_is_refused_with_its_reason(db, fresh, tmp_path):
    market.open_listing(db)
    good = tmp_path / "good.backup"
    backup.backup(db.url, good)
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"not a backup at all\n" * 100)
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    url = fresh()
    env = environment(url)

    for path, reason in ((tmp_path / "missing.backup", "no backup at"),
                         (garbage, "is not a"), (truncated, "")):
        result = zhunong("restore", str(path), env=env)
        assert result.returncode == 1, path
        assert result.stderr.startswith("restore refused: ") and reason in result.stderr
        assert "Traceback" not in result.stderr
    assert backup._rows(url) == 0  # nothing was written


@pytest.mark.skipif(not os.environ.get("ZHUNONG_TEST_DATABASE_URL"),
                    reason="pg_dump is what backs up PostgreSQL")
def test_without_pg_dump_a_postgresql_backup_says_what_to_install(db, tmp_path):
    env = environment(db.url) | {"PATH": str(tmp_path)}
    result = zhunong("backup", str(tmp_path / "zhunong.backup"), env=env)
    assert result.returncode == 1
    assert "pg_dump is not on PATH" in result.stderr and "postgresql-client" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_restore_is_refused_while_zhunong_runs_on_the_database(db, fresh, tmp_path):
    url, path = restored_copy(db, fresh, tmp_path)
    restored = books(url)

    with server(environment(url)):
        refused = zhunong("restore", "--force", str(path), env=environment(url))
    assert refused.returncode == 1
    assert "zhunong is running on this database" in refused.stderr
    assert books(url) == restored

    stopped = zhunong("restore", "--force", str(path), env=environment(url))
    assert stopped.returncode == 0, stopped.stderr
