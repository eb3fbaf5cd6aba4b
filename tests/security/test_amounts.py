"""Absurd amounts in chat: each is answered with a polite sentence and nothing is stored.

Through the real /wechat callback, on listing 1 (5000斤 of 西蓝花 at 2.5元) with the
villager's order D1 of 10斤: orders above the stock, zero, negative, finer than the ledger
keeps, absurdly large or written as 1e30; listings at no price or over ¥1000 a 斤; restocks,
weighed deliveries and payments of the same kinds.
"""

import pytest
from sqlmodel import select

from catalog.models import Listing
from orders.models import LedgerEntry, Order
from tests.api.conftest import place, publish
from tests.bot.conftest import CANTEEN, FARMER, OFFICIAL, VILLAGER
from webhooks.models import InboundMessage

FAILED = "系统刚才出了点问题"  # templates/bot/error.txt: what a crashed handler answers
TOO_MANY = "太多了"
ZERO = "数量要大于0"
NEGATIVE = "不能是负数"

# (who writes, what, a phrase the answer must hold)
CASES = [
    (CANTEEN, "订1 一亿斤", TOO_MANY),
    (CANTEEN, "订1 99999999999斤", TOO_MANY),
    (CANTEEN, "订1 99999999999", "要多少斤"),
    (CANTEEN, "订1 0斤", ZERO),
    (CANTEEN, "订1 零斤", ZERO),
    (CANTEEN, "订1 0.0001斤", ZERO),
    (CANTEEN, "订1 -5斤", NEGATIVE),
    (CANTEEN, "订1 负五斤", NEGATIVE),
    (CANTEEN, "订1 1e30斤", "要多少斤"),
    (CANTEEN, "要一亿斤西蓝花", TOO_MANY),
    (VILLAGER, "D1改成0斤", ZERO),
    (VILLAGER, "D1改成-3斤", NEGATIVE),
    (VILLAGER, "D1改成0.0001斤", ZERO),
    (VILLAGER, "D1改成一亿斤", TOO_MANY),
    (VILLAGER, "D1改成6000斤", "最多能加4990斤"),
    (OFFICIAL, "补货 1 0斤", ZERO),
    (OFFICIAL, "补货 1 -100斤", NEGATIVE),
    (OFFICIAL, "补货 1 负100斤", NEGATIVE),
    (OFFICIAL, "补货 1 0.0001斤", ZERO),
    (OFFICIAL, "补货 1 一亿斤", TOO_MANY),
    (OFFICIAL, "补货 1 1e9斤", "补多少"),
    (OFFICIAL, "送达 D1 实收0斤", ZERO),
    (OFFICIAL, "送达 D1 实收-1斤", NEGATIVE),
    (OFFICIAL, "送达 D1 实收一亿斤", TOO_MANY),
    (OFFICIAL, "送达 D1 实收100斤", "多了2倍以上"),
    (OFFICIAL, "收款 D1 0元", "收款金额要大于0"),
    (OFFICIAL, "收款 D1 0.001元", "收款金额要大于0"),
    (OFFICIAL, "收款 D1 -5元", NEGATIVE),
    (OFFICIAL, "收款 D1 负5元", NEGATIVE),
    (OFFICIAL, "收款 D1 26元", "D1应收25元，收款不能超过这个数"),
    (OFFICIAL, "收款 D1 99999999999元", "D1应收25元"),
    (OFFICIAL, "收款 D1 1e9元", "收了多少钱"),
    (OFFICIAL, "帮李佰飞发布 白菜 100斤 0元一斤 自提", "价格要大于0"),
    (OFFICIAL, "帮李佰飞发布 白菜 100斤 0.001元一斤 自提", "价格要大于0"),
    (OFFICIAL, "帮李佰飞发布 白菜 100斤 2000元一斤 自提", "2000元一斤太贵了"),
    (OFFICIAL, "帮李佰飞发布 白菜 100斤 200元一两 自提", "太贵了"),
    (OFFICIAL, "帮李佰飞发布 白菜 0斤 2元一斤 自提", ZERO),
    (OFFICIAL, "帮李佰飞发布 白菜 0.0001斤 2元一斤 自提", ZERO),
    (OFFICIAL, "帮李佰飞发布 白菜 -5斤 2元一斤 自提", NEGATIVE),
    (OFFICIAL, "帮李佰飞发布 白菜 一亿斤 2元一斤 自提", TOO_MANY),
    (FARMER, "我要卖白菜 一亿斤 2元一斤", TOO_MANY),
    (FARMER, "我要卖白菜 100斤 5000元一斤", "太贵了"),
    (OFFICIAL, "#接龙 1号西蓝花\n1. 张三 0.0001斤\n2. 李四 一亿斤\n3. 王五 -2斤",
     "接龙里没有读到能下单的行"),
]


def state(db) -> tuple:
    """Everything an amount could change: listings, orders and the ledger."""
    with db.session() as session:
        return (
            [(x.id, x.status, x.quantity, x.remaining, x.price_fen)
             for x in session.exec(select(Listing).order_by(Listing.id))],
            [(x.id, x.status, x.quantity, x.delivered_quantity, x.amount_fen)
             for x in session.exec(select(Order).order_by(Order.id))],
            len(session.exec(select(LedgerEntry)).all()),
        )


@pytest.fixture
def stocked(township):
    """Listing 1 and the villager's order D1, made through the services: the chat is for the
    amounts under test."""
    place(township, publish(township, product="西兰花", quantity="5000"), "王桂兰", "10")
    return township


@pytest.mark.parametrize(("who", "text", "answer"), CASES,
                         ids=[f"{who}:{text.splitlines()[0]}" for who, text, _ in CASES])
async def test_an_absurd_amount_is_answered_and_not_stored(chat, stocked, who, text, answer):
    before = state(stocked)
    reply = await chat(who)(text)
    assert answer in reply, reply
    assert FAILED not in reply
    # A dialog left open by the refusal must not store anything on a 「确认」 either.
    assert FAILED not in await chat(who)("确认")
    assert state(stocked) == before
    with stocked.session() as session:
        failed = session.exec(select(InboundMessage).where(
            InboundMessage.status == "failed")).all()
    assert failed == []


async def test_a_refused_price_is_asked_again_and_the_listing_goes_out_when_corrected(
        chat, township, records):
    official = chat(OFFICIAL)
    assert "太贵了" in await official("帮李佰飞发布 白菜 100斤 2000元一斤 自提")
    assert "请核对" in await official("2元一斤")
    assert "已发布" in await official("确认")
    [listing] = records.listings()
    assert (listing.quantity, listing.price_fen) == (100, 200)


async def test_more_than_the_stock_is_offered_what_is_left_and_nothing_is_taken_yet(
        chat, stocked):
    before = state(stocked)
    assert "只剩4990斤了，要4990斤吗" in await chat(CANTEEN)("订1 6000斤")
    assert state(stocked) == before


async def test_another_amount_while_asked_about_the_stock_replaces_the_order(chat, stocked,
                                                                             records):
    canteen = chat(CANTEEN)
    assert "只剩4990斤了" in await canteen("订1 6000斤")
    assert "下单成功" in await canteen("订1 100斤")
    assert [order.quantity for order in records.orders()] == [10, 100]


async def test_a_payment_up_to_what_is_due_is_taken(chat, stocked, records):
    official = chat(OFFICIAL)
    assert "收款10元" in await official("收款 D1 10元")
    assert "D1应收15元" in await official("收款 D1 20元")
    assert "收款15元" in await official("收款 D1 15元")
    assert "已经收齐了" in await official("收款 D1 1元")
    assert [entry.paid_fen for entry in records.entries()][-2:] == [1000, 1500]


@pytest.mark.parametrize("typed", ["1e1000000", "0.0001", "-5", "99999999999999", "1e-30"])
async def test_an_absurd_amount_in_a_console_form_is_refused(browsers, stocked, typed):
    """「1e1000000」 is a valid decimal whose fen would take minutes to compute: unclear."""
    admin = await browsers("镇管理员")
    before = state(stocked)
    for url, form in (("/console/listings/1/edit", {"product": "西兰花", "price": typed}),
                      ("/console/listings/1/restock", {"amount": typed}),
                      ("/console/orders/1/pay", {"amount": typed}),
                      ("/console/orders/1/deliver", {"weight": typed})):
        await admin.get(url.rsplit("/", 1)[0])
        response = await admin.post(url, form)
        assert response.status_code == 303 and "problem=" in response.headers["location"], url
    assert state(stocked) == before


async def test_a_console_payment_above_what_is_owed_is_refused(browsers, stocked):
    admin = await browsers("镇管理员")
    await admin.get("/console/orders/1")
    response = await admin.post("/console/orders/1/pay", {"amount": "26"})  # D1 owes 25元
    assert response.headers["location"].endswith("problem=more_than_due")
    assert "收款不能超过" in (await admin.get(response.headers["location"])).text
    assert (await admin.post("/console/orders/1/pay", {"amount": "25"})).headers[
        "location"].endswith("done=paid&n=1")
