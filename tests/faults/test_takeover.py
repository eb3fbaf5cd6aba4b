"""A stored message nobody is finishing is taken over by WeChat's next delivery, and two
handlers of one message never both act.

WeChat delivers a message again 5 seconds after an attempt it got no answer to, and gives up
after three. A handler may die, or lose its answer to a database restart after its message was
stored; the next delivery must then handle it, so the lease is shorter than WeChat's pace.
Taking over can meet a handler that was only slow: only the first to record its reply commits.
"""

import threading
from datetime import timedelta

from sqlmodel import func, select

from core.clock import utcnow
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
