"""Prepared statements: values go in and come out as SQLAlchemy would convert them, errors are
SQLAlchemy's, and they run in the session's transaction, on SQLite and PostgreSQL alike."""

import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError, MultipleResultsFound

import migrations
from bot.models import Conversation
from catalog.models import Listing
from core.clock import utcnow
from core.counters import Counter
from core.database import Database
from core.statements import Rows, construct, first, insert, prepared
from tests.live import ROOT

CONVERSATION = Conversation.__table__


@prepared
def by_openid(dialect):
    return select(CONVERSATION).where(CONVERSATION.c.openid == bindparam("who"))


@prepared
def all_conversations(dialect):
    return select(CONVERSATION.c.openid).order_by(CONVERSATION.c.openid)


@prepared
def save(dialect):  # SET takes the columns it is given
    return update(CONVERSATION).where(CONVERSATION.c.id == bindparam("row"))


@prepared
def take(dialect):
    amount = bindparam("amount", type_=Listing.__table__.c.remaining.type)
    return (update(Listing).where(Listing.id == bindparam("listing"), Listing.remaining >= amount)
            .values(remaining=Listing.remaining - amount).returning(Listing.remaining))


def test_values_round_trip_through_their_columns_types(db):
    when = utcnow() - timedelta(minutes=3)
    with db.transaction() as session:
        record = Conversation(openid="o_round", data={"步": "数量", "n": [1, 2]}, updated_at=when)
        insert(session, record)
        row = by_openid(session, who="o_round").one_or_none()
    assert row["id"] == record.id and row["data"] == {"步": "数量", "n": [1, 2]}
    assert row["updated_at"] == when and row["updated_at"].tzinfo is not None
    assert row["dialog"] is None


def test_an_update_sets_what_it_is_given_and_counts_its_rows(db):
    with db.transaction() as session:
        record = Conversation(openid="o_update", data={}, updated_at=utcnow())
        insert(session, record)
        assert save(session, row=record.id, dialog="register", data={"a": 1}).rowcount == 1
        assert save(session, row=record.id + 1000, dialog="confirm").rowcount == 0
    with db.session() as session:
        stored = session.get(Conversation, record.id)
    assert stored.dialog == "register" and stored.data == {"a": 1} and stored.step is None


def test_exact_decimals_go_in_and_come_back_as_thousandths(db, township):
    from catalog import service as catalog
    from roster.models import Person

    with db.transaction() as session:
        people = {p.name: p for p in session.scalars(select(Person))}
        listing = catalog.create(session, author=people["颜昌琪"], farmer=people["李佰飞"],
                                 product="西兰花", unit="斤", quantity=Decimal("10"), price_fen=250)
        left = take(session, listing=listing.id, amount=Decimal("2.345")).scalar()
        refused = take(session, listing=listing.id, amount=Decimal("7.656")).scalar()
    assert left == Decimal("7.655") and refused is None


def test_a_broken_constraint_is_sqlalchemys_integrity_error_and_rolls_back(db):
    with pytest.raises(IntegrityError), db.transaction() as session:
        insert(session, Conversation(openid="o_twice", data={}, updated_at=utcnow()))
        insert(session, Conversation(openid="o_twice", data={}, updated_at=utcnow()))
    with db.session() as session:
        assert session.scalars(select(Conversation).where(
            Conversation.openid == "o_twice")).all() == []


def test_pending_orm_changes_are_flushed_before_a_statement(db):
    with db.transaction() as session:
        session.add(Conversation(openid="o_pending", data={}, updated_at=utcnow()))
        assert by_openid(session, who="o_pending").one_or_none()["openid"] == "o_pending"


def test_an_inserted_record_is_in_the_session_and_later_changes_are_updates(db):
    with db.transaction() as session:
        counter = Counter(scope=1, name="test", value=5)
        insert(session, counter)
        counter.value = 6
        session.flush()
    with db.session() as session:
        assert session.get(Counter, counter.id).value == 6


def test_rows_answer_one_or_none_and_scalar():
    assert Rows(("a",), [], 0).one_or_none() is None and Rows(("a",), [], 0).scalar() is None
    assert Rows(("a", "b"), [(1, 2)], 1).one_or_none() == {"a": 1, "b": 2}
    with pytest.raises(MultipleResultsFound):
        Rows(("a",), [(1,), (2,)], 2).one_or_none()


def test_several_rows_come_back_in_order(db):
    with db.transaction() as session:
        for openid in ("o_b", "o_a"):
            insert(session, Conversation(openid=openid, data={}, updated_at=utcnow()))
        assert all_conversations(session).rows == [("o_a",), ("o_b",)]


def test_a_constructed_record_has_its_values_and_the_models_defaults(db):
    built = construct(Conversation, openid="o_built", updated_at=utcnow())
    plain = Conversation(openid="o_built", updated_at=built.updated_at)
    assert built.model_dump() == plain.model_dump() and built.data == {} and built.id is None
    with pytest.raises(TypeError, match="openid"):
        construct(Conversation, updated_at=utcnow())
    with db.transaction() as session:
        insert(session, built)
        built.step = "数量"  # a change after the insert is an UPDATE, as for a read object
    with db.session() as session:
        assert session.get(Conversation, built.id).step == "数量"


def test_first_reads_a_record_into_the_session_as_the_orm_would(db):
    with db.transaction() as session:
        insert(session, Conversation(openid="o_first", data={"a": 1}, updated_at=utcnow()))
    with db.transaction() as session:
        found = first(session, by_openid, Conversation, who="o_first")
        assert found in session and found.data == {"a": 1}
        assert session.get(Conversation, found.id) is found  # one object per row
        assert first(session, by_openid, Conversation, who="o_first") is found
        assert first(session, by_openid, Conversation, who="o_nobody") is None
        found.dialog = "register"
    with db.session() as session:
        assert session.get(Conversation, found.id).dialog == "register"


def test_one_statement_runs_on_both_databases_in_one_process(db, tmp_path):
    """Compiled once per dialect: psycopg's named placeholders and casts never reach SQLite."""
    other = Database(f"sqlite:///{tmp_path}/other.db")
    migrations.upgrade(other.url)
    try:
        for turn, database in enumerate((db, other, db)):
            with database.transaction() as session:
                openid = f"o_both{turn}"
                insert(session, Conversation(openid=openid, data={}, updated_at=utcnow()))
                assert by_openid(session, who=openid).one_or_none()["openid"] == openid
    finally:
        other.dispose()


def test_a_record_built_first_thing_in_a_fresh_process_has_working_attributes():
    """Before any query the mappers are not set up, and an object built then had no working
    attributes: a script that starts by building a record must not need a query first."""
    code = ("import time; from webhooks import translate; from webhooks.courier import text_xml; "
            "record = translate.parse(text_xml('o_fresh', '订1 2斤', 1, int(time.time()))).record; "
            "print(record.openid, record.content)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["o_fresh", "订1", "2斤"]
