"""Buyers order by replying; stock is reserved; short stock, voice and newcomers are handled."""

import time
from decimal import Decimal

from catalog.models import ListingStatus
from orders.models import OrderStatus
from tests.bot.conftest import CANTEEN, OFFICIAL, VILLAGER, publish
from webhooks.courier import text_xml


async def test_a_canteen_orders_by_listing_code(chat, records):
    await publish(chat)
    reply = await chat(CANTEEN)("订1 200斤")
    assert "下单成功！订单号 D1" in reply and "200斤 × 2.5元 = 500元" in reply
    [order] = records.orders()
    assert order.quantity == Decimal(200) and order.amount_fen == 50000
    assert records.listings()[0].remaining == Decimal(4800)
    [entry] = records.entries()
    assert entry.kind == "ordered" and entry.ordered_fen == 50000


async def test_the_ways_people_write_an_order(chat, records):
    await publish(chat)
    canteen = chat(CANTEEN)
    assert "D1" in await canteen("1号要200斤")
    assert "D2" in await canteen("要100斤西蓝花")  # the one open listing of that product
    assert "D3" in await canteen("再要二十斤")  # the listing last ordered from
    assert "D4" in await canteen("订1号 三百斤，明天上午送到食堂")
    quantities = [o.quantity for o in records.orders()]
    assert quantities == [Decimal(200), Decimal(100), Decimal(20), Decimal(300)]
    assert "送到食堂" in records.orders()[3].note


async def test_a_weight_in_gongjin_is_converted_to_jin(chat, records):
    await publish(chat)
    assert "D1" in await chat(CANTEEN)("订1 100公斤")
    assert records.orders()[0].quantity == Decimal(200)


async def test_an_unclear_amount_is_asked_back_not_guessed(chat, records):
    await publish(chat)
    canteen = chat(CANTEEN)
    assert "？" in await canteen("订1 二三十斤")
    assert "要多少斤" in await canteen("订1")
    assert records.orders() == []


async def test_when_less_is_left_the_buyer_is_asked(chat, records):
    await publish(chat, "帮李佰飞发布 西蓝花 300斤 2.5元一斤 村部自提")
    canteen = chat(CANTEEN)
    assert "只剩300斤了，要300斤吗？回复「是」" in await canteen("订1 500斤")
    assert "D1" in await canteen("是")
    assert records.orders()[0].quantity == Decimal(300)
    assert records.listings()[0].status == ListingStatus.sold_out
    assert "卖完了" in await chat(VILLAGER)("订1 2斤")


async def test_a_retried_order_message_is_one_order(chat, records, wechat):
    await publish(chat)
    replies = [await chat(CANTEEN)("订1 200斤", msg_id=9001) for _ in range(3)]
    assert replies[0] == replies[1] == replies[2]
    assert len(records.orders()) == 1 and records.listings()[0].remaining == Decimal(4800)


async def test_a_newcomer_orders_at_once_and_is_asked_once_who_they_are(chat, records):
    await publish(chat)
    newcomer = chat("o_new_villager")
    first = await newcomer("订1 10斤")
    assert "D1" in first and "怎么称呼" in first  # the stock is theirs before any questions
    assert records.listings()[0].remaining == Decimal(4990)
    assert "哪个村" in await newcomer("李秀英")
    assert "没找到这个村" in await newcomer("火星村")
    assert "手机号" in await newcomer("麻城")
    assert "11位" in await newcomer("12345")
    assert "登记好了，李秀英" in await newcomer("138 0000 9999")
    person = records.person("李秀英")
    assert person.phone == "13800009999" and person.openid == "o_new_villager"
    assert person.village_id == records.person("颜昌琪").village_id
    second = await newcomer("订1 5斤")
    assert "D2" in second and "怎么称呼" not in second  # asked once only
    assert {o.buyer_id for o in records.orders()} == {person.id}


async def test_a_newcomer_who_orders_again_instead_of_answering_is_not_held_up(chat, records):
    await publish(chat)
    newcomer = chat("o_busy_buyer")
    await newcomer("订1 10斤")
    assert "D2" in await newcomer("订1 5斤")
    assert "怎么称呼" not in await newcomer("订1 1斤")


async def test_a_voice_order_is_read_back_before_it_is_placed(chat, records, wechat):
    await publish(chat)
    xml = text_xml(CANTEEN, "", 5150, int(time.time())).replace(
        "<MsgType><![CDATA[text]]></MsgType><Content></Content>",
        "<MsgType><![CDATA[voice]]></MsgType><MediaId>m</MediaId><Format>amr</Format>"
        "<Recognition>订1号两百斤</Recognition>",
    )
    heard = (await wechat.deliver(xml)).reply
    assert "我听到的是：订1号 西兰花 200斤，对吗？" in heard
    assert records.orders() == []
    assert "D1" in await chat(CANTEEN)("是")


async def test_buyers_see_cancel_and_change_their_orders(chat, records):
    await publish(chat)
    canteen = chat(CANTEEN)
    await canteen("订1 200斤")
    await canteen("订1 50斤")
    mine = await canteen("我的订单")
    assert "D1" in mine and "D2" in mine and "待送" in mine
    assert "已取消" in await canteen("取消 D1")
    assert records.orders()[0].status == OrderStatus.cancelled
    assert records.listings()[0].remaining == Decimal(4950)
    assert "改好了" in await canteen("D2改成30斤")
    assert records.listings()[0].remaining == Decimal(4970)
    kinds = [e.kind for e in records.entries()]
    assert kinds == ["ordered", "ordered", "cancelled", "changed"]


async def test_nobody_cancels_anothers_order(chat, records):
    await publish(chat)
    await chat(CANTEEN)("订1 200斤")
    assert "没找到订单D1" in await chat(VILLAGER)("取消 D1")
    assert "已取消" in await chat(OFFICIAL)("取消 D1")  # the village's official may


async def test_what_is_for_sale(chat, records):
    await publish(chat)
    answer = await chat("o_curious")("还有西兰花吗")
    assert "1号 西兰花 2.5元/斤，还剩5000斤" in answer


async def test_scanning_a_listings_qr_code_opens_the_chat_on_it(chat, records, wechat):
    await publish(chat)
    welcome = (await wechat.event("o_scanner", "subscribe", "qrscene_L1")).reply
    assert "【1号】西兰花" in welcome
    assert "D1" in await chat("o_scanner")("要10斤")


async def test_a_newcomer_who_finds_it_sold_out_is_not_asked_to_register(chat, records):
    await publish(chat, "帮李佰飞发布 西蓝花 10斤 2.5元一斤 村部自提")
    await chat(CANTEEN)("订1 10斤")
    reply = await chat("o_too_late")("订1 5斤")
    assert "卖完了" in reply and "怎么称呼" not in reply
