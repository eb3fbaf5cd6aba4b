"""Listing numbers and order codes, however the number is written."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language import parse
from tests.bot.language.test_numbers import to_chinese


@given(st.integers(min_value=1, max_value=199), st.sampled_from(["订{}号 30斤", "{}号要30斤"]))
def test_a_listing_number_in_chinese(number: int, form: str) -> None:
    reading = parse(form.format(to_chinese(number, liang=False)))
    assert (reading.intent, reading.listing, reading.quantity) == ("order", number, 30)


@pytest.mark.parametrize(
    "text", ["三号楼要20斤", "一号食堂要20斤", "3月十二号要50斤", "十二号之前送到 要20斤"]
)
def test_a_building_canteen_or_date_is_not_a_listing(text: str) -> None:
    assert parse(text).listing is None


@pytest.mark.parametrize(
    ("text", "person"),
    [("帮村里王秋菊发布 红薯两千斤", "王秋菊"), ("帮贫困户李满秀卖土豆 两千斤", "李满秀")],
)
def test_who_an_official_posts_for_without_where_they_live(text: str, person: str) -> None:
    assert parse(text).on_behalf_of == person


@pytest.mark.parametrize(
    "text", ["送西兰花200斤到食堂", "帮我送30斤白菜到敬老院", "明天送土豆300斤到二中食堂"]
)
def test_being_told_to_deliver_somewhere_is_an_order(text: str) -> None:
    reading = parse(text)
    assert reading.intent == "order" and reading.notes[-1].startswith("送到")


@pytest.mark.parametrize("text", ["第12个 我要十斤", "12# 二十斤", "要编号12的 20斤"])
def test_a_listing_read_out_as_in_a_numbered_list(text: str) -> None:
    assert parse(text).listing == 12


@pytest.mark.parametrize(
    ("text", "listing"),
    [("865号的桃子和870号的比 要870号的六斤", 870), ("12号和15号 订15号 五斤", 15)],
)
def test_of_two_listings_the_one_a_verb_points_at(text: str, listing: int) -> None:
    assert parse(text).listing == listing


@pytest.mark.parametrize("text", ["给我留的腊肉 什么时候送", "你给我留的那两只鸭 几点来拿"])
def test_goods_kept_for_the_writer_are_an_order_asked_about(text: str) -> None:
    assert parse(text).intent == "query"


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("我刚订的腊鱼 改成三斤", Decimal(3)), ("我订的黄瓜改成十根", Decimal(10))],
)
def test_a_new_amount_for_ones_own_order_changes_it(text: str, quantity: Decimal) -> None:
    reading = parse(text)
    assert (reading.intent, reading.quantity, reading.change) == ("order", quantity, True)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("白菜 五毛一斤 有两千斤 自己来拉", "offer"),
        ("柚子 2元/斤 有3000斤 自己来拉", "offer"),
        ("明天我开车过来拉 红薯两千斤", "order"),
    ],
)
def test_buyers_told_to_fetch_a_sellers_stock(text: str, intent: str) -> None:
    assert parse(text).intent == intent
