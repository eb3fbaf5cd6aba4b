"""Officials run a listing from chat: orders, close, restock, deliver by weight, payments, 接龙."""

from datetime import timedelta
from decimal import Decimal

from sqlmodel import select

from catalog.models import ListingStatus
from core import outbound
from core.channels.dispatch import Dispatcher
from core.clock import utcnow
from core.outbound import OutboundMessage
from orders.models import OrderStatus
from roster.models import Group
from tests.bot.conftest import CANTEEN, FARMER, OFFICIAL, OTHER_OFFICIAL, VILLAGER, publish
from tests.conftest import make_settings


async def test_orders_so_far_and_what_is_left(chat, records):
    await publish(chat)
    await chat(CANTEEN)("订1 200斤")
    await chat(VILLAGER)("订1 3斤")
    summary = await chat(OFFICIAL)("订单 1")
    assert "共5000斤，还剩4797斤" in summary
    assert "D1 刘友良 200斤 500元 待送" in summary and "D2 王桂兰 3斤 7.5元 待送" in summary


async def test_closing_stops_orders_and_restocking_reopens(chat, records):
    await publish(chat, "帮李佰飞发布 西蓝花 100斤 2.5元一斤 村部自提")
    official = chat(OFFICIAL)
    assert "已截单" in await official("截单 1")
    assert "不能下单" in await chat(CANTEEN)("订1 10斤")
    assert any("已截单" in t for t in records.sent_to("石桥村村民群"))
    assert records.orders() == []

    await publish(chat, "帮李佰飞发布 土豆 100斤 1元一斤 自提")
    await chat(CANTEEN)("订2 100斤")
    assert records.listings()[1].status == ListingStatus.sold_out
    assert "还剩500斤" in await official("补货 2 500斤")
    assert records.listings()[1].status == ListingStatus.open


async def test_delivery_by_weighed_amount_and_payment(chat, records):
    await publish(chat)
    await chat(VILLAGER)("订1 10斤")
    official = chat(OFFICIAL)
    delivered = await official("送达 D1 实收9.6斤")
    assert "9.6斤，应收24元" in delivered
    [order] = records.orders()
    assert order.status == OrderStatus.delivered and order.amount_fen == 2400
    assert any("已送达，实收9.6斤，共24元" in t for t in records.sent_to(VILLAGER))

    assert "收款24元（微信）" in await official("收款 D1 24元 微信")
    kinds = [(e.kind, e.ordered_fen, e.delivered_fen, e.paid_fen) for e in records.entries()]
    assert kinds == [("ordered", 2500, 0, 0), ("delivered", 0, 2400, 0), ("paid", 0, 0, 2400)]
    assert "不能再改" in await chat(VILLAGER)("取消 D1")


async def test_unclear_weights_and_amounts_are_asked_again(chat, records):
    await publish(chat)
    await chat(VILLAGER)("订1 10斤")
    official = chat(OFFICIAL)
    assert "实收多少没看明白" in await official("送达 D1 实收好多")
    assert "收了多少钱" in await official("收款 D1 很多")
    assert records.orders()[0].status == OrderStatus.open


async def test_another_villages_official_cannot_touch_the_listing(chat, records):
    await publish(chat)
    await chat(CANTEEN)("订1 200斤")
    other = chat(OTHER_OFFICIAL)
    assert "没找到1号" in await other("截单 1")
    assert "没找到订单D1" in await other("送达 D1")
    assert records.listings()[0].status == ListingStatus.open


async def test_the_farmer_and_officials_hear_of_orders_in_one_message(chat, records, township):
    await publish(chat, "帮周秋生发布 西蓝花 100斤 2.5元一斤 村部自提")
    for _ in range(3):
        await chat(CANTEEN)("订1 20斤")
    with township.transaction() as session:  # a minute has passed
        for message in session.exec(select(OutboundMessage)):
            message.send_after = utcnow() - timedelta(seconds=1)
            session.add(message)
    news = [t for t in records.sent_to(FARMER) if "新订单" in t]
    assert len(news) == 1 and "新订单3笔" in news[0] and "还剩40斤" in news[0]
    assert len([t for t in records.sent_to(OFFICIAL) if "新订单" in t]) == 1


async def test_a_pasted_jielong_becomes_orders_after_confirmation(chat, records):
    await publish(chat)
    official = chat(OFFICIAL)
    assert "粘贴" in await official("导入接龙 1")
    preview = await official("#接龙\n西蓝花 2.5元/斤\n1. 王桂兰 10斤\n2. 张三 20斤\n3. 李四 两斤半")
    assert "共3笔" in preview and "张三 20斤（新买家）" in preview and "王桂兰 10斤\n" in preview
    assert records.orders() == []
    done = await official("确认")
    assert "已生成3笔订单" in done and "还剩4967.5斤" in done
    buyers = {records.person(n).id for n in ("王桂兰", "张三", "李四")}
    assert {o.buyer_id for o in records.orders()} == buyers
    assert records.person("张三").village_id == records.person("颜昌琪").village_id
    assert any("按接龙帮您下了单：D1" in t for t in records.sent_to(VILLAGER))


async def test_a_jielong_pasted_directly_is_matched_by_product(chat, records):
    await publish(chat)
    preview = await chat(OFFICIAL)("#接龙\n西蓝花 2.5元/斤\n1. 张三 10斤\n2. 李四 20斤")
    assert "导入到1号西兰花" in preview
    assert "已生成2笔订单" in await chat(OFFICIAL)("确认")


async def test_jielong_lines_beyond_the_stock_are_reported_not_placed(chat, records):
    await publish(chat, "帮李佰飞发布 西蓝花 25斤 2.5元一斤 村部自提")
    official = chat(OFFICIAL)
    await official("导入接龙 1")
    await official("#接龙\n1. 张三 10斤\n2. 李四 20斤\n3. 王五 15斤")
    done = await official("确认")
    assert "已生成2笔订单" in done and "货不够，没下单的：李四" in done
    assert sum(o.quantity for o in records.orders()) == Decimal(25)


async def test_a_group_that_could_not_be_reached_is_reported_and_resent_on_request(
        chat, records, township, fake_wechat):
    with township.transaction() as session:
        group = session.exec(select(Group).where(Group.name == "麻城村村民群")).one()
        group.channel, group.robot_key = "wecom_robot", "a-mistyped-key"
        session.add(group)
    await publish(chat)
    send = Dispatcher.from_settings(make_settings(
        township.url, wecom_webhook_base=fake_wechat.base_url), township).send
    while outbound.drain(township, send):
        pass
    report = [t for t in records.sent_to(OFFICIAL) if "发送失败" in t]
    assert len(report) == 1 and "麻城村村民群" in report[0] and "重发 1" in report[0]

    fake_wechat.state.add_robot("a-mistyped-key")  # the key was right after all
    assert "重新发给1个" in await chat(OFFICIAL)("重发 1")
    outbound.drain(township, send)
    assert fake_wechat.state.messages("robot", to="a-mistyped-key")
    assert "没有发送失败" in await chat(OFFICIAL)("重发 1")


async def test_an_official_corrects_a_listings_price_for_the_orders_to_come(chat, records):
    await publish(chat)  # 西蓝花 2.5元一斤
    await chat(VILLAGER)("订1 10斤")
    official = chat(OFFICIAL)
    assert "1号西兰花改为2元一斤（原来2.5元）" in await official("1号价格改成2块一斤")
    await chat(CANTEEN)("订1 10斤")
    assert [order.amount_fen for order in records.orders()] == [2500, 2000]
    assert "1.8元一斤" in await official("更正：1号 每公斤3.6元")
    assert records.listings()[0].price_fen == 180


async def test_a_price_correction_asks_again_or_refuses_what_it_cannot_take(chat, records):
    await publish(chat)
    official = chat(OFFICIAL)
    assert "价格改成2.5元一斤" in await official("1号 库存改成300斤")  # not a price: asks how
    assert "太贵了" in await official("1号价格改成3000元一斤")
    assert "没找到9号" in await official("9号价格改成2元一斤")
    assert "只有村干部" in await chat(OTHER_OFFICIAL)("1号价格改成1元一斤")  # another village
    assert "只有村干部" in await chat(FARMER)("1号价格改成1元一斤")
    assert records.listings()[0].price_fen == 250
