"""A stored message nobody is finishing is taken over by WeChat's next delivery, and two
handlers of one message never both act.

WeChat delivers a message again 5 seconds after an attempt it got no answer to, and gives up
after three. A handler may die, or lose its answer to a database restart after its message was
stored; the next delivery must then handle it, so the lease is shorter than WeChat's pace.
Taking over can meet a handler that was only slow: only the first to record its reply commits.
"""

import threading
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import func, select

from core import app, worker
from core.clock import utcnow
from core.outbound import OutboundMessage
from orders.models import Order
from tests.faults import market
from webhooks import handling, inbox, translate
from webhooks.courier import text_xml
from webhooks.models import InboundMessage, InboundStatus, ReplyMode


def orders_of(db) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(Order)).one()


def stored(db, xml: str, claimed_ago: timedelta) -> InboundMessage:
    record = translate.parse(xml).record
    record.claimed_at = utcnow() - claimed_ago
    kept = inbox.store(db, record)
    assert kept.fresh
    return kept.message


async def test_wechats_next_delivery_takes_over_a_message_left_unhandled(wechat, db):
    code = market.open_listing(db)
    xml = text_xml("o_in_doubt", f"订{code} 2斤", 8_800_001, int(utcnow().timestamp()))
    # What a store whose commit lost its answer leaves behind, WeChat's 5 seconds later.
    stored(db, xml, claimed_ago=timedelta(seconds=5))

    delivery = await wechat.deliver(xml)

    assert delivery.status == 200 and "下单成功" in delivery.reply
    assert orders_of(db) == 1


async def test_a_delivery_within_the_lease_waits_for_the_handler_instead(wechat, db):
    code = market.open_listing(db)
    xml = text_xml("o_busy", f"订{code} 2斤", 8_800_002, int(utcnow().timestamp()))
    stored(db, xml, claimed_ago=inbox.LEASE / 2)

    delivery = await wechat.deliver(xml)

    assert (delivery.status, delivery.body) == (200, "success")
    assert orders_of(db) == 0  # left to the handler that holds it


def test_two_handlers_of_one_message_place_one_order(db):
    code = market.open_listing(db)
    xml = text_xml("o_twice", f"订{code} 2斤", 8_800_003, int(utcnow().timestamp()))
    parsed = translate.parse(xml)
    message = stored(db, xml, claimed_ago=timedelta(0))
    incoming = translate.incoming(parsed, message.id)
    replies: list[str | None] = []
    start = threading.Barrier(2)

    def handle() -> None:
        start.wait()
        replies.append(handling.process(db, incoming, handling.ReplyRace()))

    threads = [threading.Thread(target=handle) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert orders_of(db) == 1
    assert len(replies) == 2 and replies[0] == replies[1] and "下单成功" in replies[0]
    with db.session() as session:
        row = session.get(InboundMessage, message.id)
    assert (row.status, row.reply_mode, row.reply) == (
        InboundStatus.handled, ReplyMode.passive, replies[0])


def user_messages(db, openid: str) -> list[str]:
    with db.session() as session:
        return list(session.exec(select(OutboundMessage.text).where(
            OutboundMessage.target_address == openid)))


def test_the_worker_handles_a_message_wechat_stopped_delivering(db):
    # An outage longer than WeChat's three tries: the message was stored, never answered, and
    # no delivery will come again. The answer goes as a customer-service message.
    code = market.open_listing(db)
    now = int(utcnow().timestamp())
    left = stored(db, text_xml("o_stranded", f"订{code} 2斤", 8_800_004, now),
                  claimed_ago=handling.STRANDED * 2)
    recent = stored(db, text_xml("o_in_hand", f"订{code} 2斤", 8_800_005, now),
                    claimed_ago=handling.STRANDED / 2)  # WeChat may still deliver it again

    assert worker.once(db, chores=app.WORKER_CHORES) >= 1
    assert worker.once(db, chores=app.WORKER_CHORES) == 0  # and only once

    assert orders_of(db) == 1
    with db.session() as session:
        row = session.get(InboundMessage, left.id)
        waiting = session.get(InboundMessage, recent.id)
    assert (row.status, row.reply_mode) == (InboundStatus.handled, ReplyMode.deferred)
    [answer] = user_messages(db, "o_stranded")
    assert "下单成功" in answer and answer == row.reply
    assert waiting.status == InboundStatus.received and user_messages(db, "o_in_hand") == []


def test_a_message_too_old_to_answer_is_left_alone(db):
    code = market.open_listing(db)
    now = int(utcnow().timestamp())
    stored(db, text_xml("o_gone", f"订{code} 2斤", 8_800_006, now), claimed_ago=timedelta(0))
    with db.transaction() as session:  # received three days ago: WeChat's window has closed
        session.execute(update(InboundMessage).values(
            received_at=utcnow() - timedelta(days=3), claimed_at=utcnow() - timedelta(days=3)))

    assert handling.rescue(db) == 0 and orders_of(db) == 0
