"""Listing produce in chat: an official for a farmer, a farmer for himself."""

from decimal import Decimal

from sqlmodel import select

from catalog.models import ListingStatus
from core import outbound
from core.outbound import OutboundMessage
from tests.bot.conftest import ADMIN, FARMER, OFFICIAL, OTHER_OFFICIAL, publish


async def test_an_official_lists_for_a_farmer_in_one_message(chat, records):
    official = chat(OFFICIAL)
    summary = await official("帮李佰飞发布 西蓝花 5000斤 2.5元一斤 村部自提")
    assert "农户：李佰飞" in summary and "5000斤" in summary and "2.5元/斤" in summary
    assert "村部自提" in summary
    assert records.listings() == []  # nothing until confirmed

    published = await official("确认")

    [listing] = records.listings()
    assert "已发布：1号 李佰飞的西兰花 5000斤" in published and "29" in published
    assert listing.status == ListingStatus.open and listing.remaining == Decimal(5000)
    assert listing.price_fen == 250 and listing.fulfilment == "村部自提"


async def test_the_broadcast_reaches_every_group_and_canteen_buyer(chat, township):
    await publish(chat)
    assert outbound.drain(township) == 29
    with township.session() as session:
        sent = session.exec(
            select(OutboundMessage).where(OutboundMessage.topic == "listing:1")
        ).all()
    assert {m.status for m in sent} == {outbound.Status.sent}
    assert len({m.target_address for m in sent if m.target_kind == "group"}) == 26
    buyers = {m.target_name for m in sent if m.target_kind == "user"}
    assert buyers == {"刘友良", "陈师傅", "赵经理"}
    text = sent[0].text
    assert "【助农 1号】麻城村 李佰飞 的西兰花" in text and "回复「订1 数量」" in text
    assert "13800000002" not in text  # the farmer's phone stays private


async def test_a_guided_dialog_asks_for_what_is_missing(chat, records):
    official = chat(OFFICIAL)
    assert "帮哪位农户" in await official("发布 西蓝花")
    assert "有多少" in await official("李佰飞")
    assert "多少钱一斤" in await official("五千斤")
    assert "怎么取货" in await official("两块五一斤")
    summary = await official("村部自提")
    assert "5000斤" in summary and "2.5元/斤" in summary
    assert "已发布" in await official("确认")
    assert records.listings()[0].quantity == Decimal(5000)


async def test_cancel_and_help_work_at_any_step(chat, records):
    official = chat(OFFICIAL)
    await official("发布 西蓝花")
    assert "直接回答上面的问题" in await official("帮助")
    assert "已取消" in await official("取消")
    assert "没看明白" in await official("李佰飞")  # the dialog is gone
    assert records.listings() == []


async def test_a_dialog_left_alone_for_half_an_hour_is_forgotten(chat, records, township):
    from datetime import timedelta

    from bot.models import Conversation
    from core.clock import utcnow

    official = chat(OFFICIAL)
    await official("发布 西蓝花")
    with township.transaction() as session:
        state = session.exec(select(Conversation)).one()
        state.updated_at = utcnow() - timedelta(minutes=31)
        session.add(state)
    assert "没看明白" in await official("李佰飞")


async def test_a_new_farmer_named_by_an_official_joins_the_village(chat, records):
    await publish(chat, "帮张大爷发布 红薯 2000斤 1.2元一斤 自提")
    farmer = records.person("张大爷")
    assert farmer.role == "farmer" and farmer.village_id == records.person("颜昌琪").village_id


async def test_a_farmer_lists_and_the_official_approves(chat, records):
    farmer, official = chat(FARMER), chat(OFFICIAL)
    assert "怎么取货" in await farmer("我要卖西蓝花5000斤，2.5元一斤")
    assert "提交给村干部审核" in await farmer("村部自提")
    assert "1号" in await farmer("确认")
    [draft] = records.listings()
    assert draft.status == ListingStatus.draft
    asked = records.sent_to(OFFICIAL)
    assert any("周秋生想卖" in t and "同意 1" in t for t in asked)
    assert records.sent_to("石桥村村民群") == []  # not broadcast yet

    assert "已发布" in await official("同意 1")
    assert records.listings()[0].status == ListingStatus.open
    assert any("已经发布" in t for t in records.sent_to(FARMER))
    assert len(records.sent_to("石桥村村民群")) == 1


async def test_an_official_turns_a_draft_down_with_a_reason(chat, records):
    farmer, official = chat(FARMER), chat(OFFICIAL)
    await farmer("我要卖白菜 两千斤 5毛一斤 自提")
    await farmer("确认")
    assert "已退回" in await official("驳回 1 价格太低了")
    assert records.listings()[0].status == ListingStatus.rejected
    assert any("原因：价格太低了" in t for t in records.sent_to(FARMER))


async def test_an_official_of_another_village_cannot_approve(chat, records):
    await chat(FARMER)("我要卖白菜 两千斤 5毛一斤 自提")
    await chat(FARMER)("确认")
    assert "没找到1号" in await chat(OTHER_OFFICIAL)("同意 1")
    assert "已发布" in await chat(ADMIN)("同意 1")


async def test_buyers_cannot_list_or_run_official_commands(chat, records):
    buyer = chat("demo_liuyouliang")
    assert "找村干部" in await buyer("西蓝花 5000斤 2.5元一斤")
    assert "只有村干部" in await buyer("截单 1")
    assert records.listings() == []


async def test_the_phone_goes_out_only_when_the_official_asks(chat, records):
    await publish(chat, "帮李佰飞发布 西蓝花 500斤 2.5元一斤 村部自提 留电话")
    assert any("电话：13800000002" in t for t in records.sent_to("石桥村村民群"))
