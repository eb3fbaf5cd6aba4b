"""The 5-second rule: a reply that is not ready in time follows as a customer-service message."""

import asyncio
import threading
import time

import httpx
from sqlalchemy import text
from sqlmodel import select

from core import outbound
from core.app import create_app
from core.database import Database
from core.outbound import OutboundMessage
from tests.conftest import APP_ID, TOKEN, make_settings
from webhooks.courier import Courier
from webhooks.handling import ReplyRace
from webhooks.models import InboundMessage, ReplyMode


async def test_a_late_answer_is_sent_afterwards_exactly_once(db):
    app = create_app(make_settings(db.url, wechat_reply_budget=0.0), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        delivery = await Courier(c, token=TOKEN, app_id=APP_ID).text("o_late", "帮助", msg_id=55)
        assert (delivery.body, delivery.reply) == ("success", None)
        await asyncio.gather(*app.state.pending)
        assert outbound.drain(db) == 1
        again = await Courier(c, token=TOKEN, app_id=APP_ID).text("o_late", "帮助", msg_id=55)

    with db.session() as session:
        [sent] = session.exec(select(OutboundMessage)).all()
        [row] = session.exec(select(InboundMessage)).all()
    assert sent.target_address == "o_late" and "订12 20斤" in sent.text
    assert sent.status == outbound.Status.sent
    assert row.reply_mode == ReplyMode.deferred and row.reply == sent.text
    # WeChat's retry must not bring the answer a second time.
    assert (again.body, again.reply) == ("success", None)


async def test_no_message_is_acknowledged_before_it_is_stored(db):
    """The message is stored and answered in one visit to a worker thread; when storing it
    outlasts the reply budget, "success" still waits for it to be stored."""
    app = create_app(make_settings(db.url, wechat_reply_budget=0.05), db)
    holding, other = threading.Event(), Database(db.url)  # another process's writer

    def hold_the_table() -> None:
        with other.transaction() as session:
            session.connection()  # on SQLite, BEGIN IMMEDIATE takes the write lock
            if not other.is_sqlite:
                session.execute(text("LOCK TABLE inbound_message IN SHARE MODE"))
            holding.set()
            time.sleep(0.5)

    holder = threading.Thread(target=hold_the_table)
    holder.start()
    holding.wait()
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://t") as c:
            started = time.monotonic()
            delivery = await Courier(c, token=TOKEN, app_id=APP_ID).text("o_slow", "帮助",
                                                                        msg_id=56)
            waited = time.monotonic() - started
            with db.session() as session:
                [row] = session.exec(select(InboundMessage)).all()
            await asyncio.gather(*app.state.pending)
    finally:
        holder.join()
        other.dispose()
    assert (delivery.body, delivery.reply) == ("success", None)
    assert waited >= 0.4 and row.dedupe_key == "msg:56"
    assert outbound.drain(db) == 1


def test_the_first_to_settle_decides_how_the_reply_travels():
    race = ReplyRace()
    assert race.settle(ReplyMode.passive) == ReplyMode.passive
    assert race.settle(ReplyMode.deferred) == ReplyMode.passive
    other = ReplyRace()
    assert other.settle(ReplyMode.deferred) == ReplyMode.deferred
    assert other.settle(ReplyMode.passive) == ReplyMode.deferred
