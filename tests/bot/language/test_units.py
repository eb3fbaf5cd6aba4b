"""Weights convert exactly; count units weigh only what a pack says."""

from decimal import Decimal

import pytest

from bot.language import parse
from bot.language.units import to_grams, to_jin


@pytest.mark.parametrize(
    ("quantity", "unit", "jin", "grams"),
    [
        ("1", "斤", "1", 500),
        ("1", "公斤", "2", 1000),
        ("1", "千克", "2", 1000),
        ("1.5", "吨", "3000", 1500000),
        ("3", "两", "0.3", 150),
        ("2", "担", "200", 100000),
        ("500", "克", "1", 500),
    ],
)
def test_weights(quantity: str, unit: str, jin: str, grams: int) -> None:
    assert to_jin(Decimal(quantity), unit) == Decimal(jin)
    assert to_grams(Decimal(jin)) == grams


@pytest.mark.parametrize("unit", ["箱", "袋", "件", "筐", "把", "个", "板", "瓶", "桶", "只", "份"])
def test_count_units_have_no_weight_of_their_own(unit: str) -> None:
    assert to_jin(Decimal(2), unit) is None
    reading = parse(f"要两{unit}")
    assert (reading.quantity, reading.unit, reading.jin) == (2, unit, None)


@pytest.mark.parametrize(
    ("text", "jin"),
    [("土豆10袋，每袋50斤", 500), ("苹果 3箱 每箱10斤", 30), ("10斤一箱，要5箱", 50)],
)
def test_a_stated_pack_gives_the_weight(text: str, jin: int) -> None:
    assert parse(text).jin == jin


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "jin"),
    [
        ("要一斤半", "1.5", "斤", "1.5"),
        ("要3斤2两", "3.2", "斤", "3.2"),
        ("要半斤", "0.5", "斤", "0.5"),
        ("要500g", "500", "克", "1"),
        ("要2kg", "2", "公斤", "4"),
        ("要3KG", "3", "公斤", "6"),
    ],
)
def test_written_weights(text: str, quantity: str, unit: str, jin: str) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit, reading.jin) == (Decimal(quantity), unit, Decimal(jin))


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("西红柿 斤20", 20, "斤"),
        ("冬瓜 斤数：40 明早送", 40, "斤"),
        ("订620号 斤数8", 8, "斤"),
        ("鸡蛋 个数 50", 50, "个"),
        ("白菜20 萝卜15 单位：斤", 20, "斤"),
        ("要🔟斤土豆", 10, "斤"),
        ("银耳要两朵", 2, "朵"),
    ],
)
def test_a_unit_out_of_its_place_still_counts(text: str, quantity: int, unit: str) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit) == (quantity, unit)


def test_a_jin_after_one_or_each_is_still_priced() -> None:
    reading = parse("每斤20 要10斤")
    assert (reading.quantity, reading.price_fen, reading.price_unit) == (10, 2000, "斤")


@pytest.mark.parametrize(("text", "quantity"), [("甘蔗要三节", 3), ("五一节 要三斤土豆", 3)])
def test_a_joint_counts_and_a_holiday_does_not(text: str, quantity: int) -> None:
    reading = parse(text)
    assert reading.quantity == quantity and (reading.unit == "节") == text.startswith("甘蔗")


def test_a_party_of_guests_is_no_amount() -> None:
    reading = parse("明天来了两个考察团 要鸡蛋两百个")
    assert (reading.quantity, reading.unit) == (200, "个")


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("#接龙 白菜 1元/斤\n1. 张 3斤 改为5斤\n2. 李 4斤", [5, 4]),
        ("接龙 豆腐 1元一块\n1、易 4块 不对 6块\n2、石 2块", [6, 2]),
    ],
)
def test_a_jielong_line_changed_in_place_counts_its_last_amount(
    text: str, amounts: list[int]
) -> None:
    assert [line.quantity for line in parse(text).lines] == amounts


def test_a_pack_size_said_after_with_zhuang_sizes_one_pack() -> None:
    reading = parse("菜籽油给我留一桶 十斤装的")
    assert (reading.quantity, reading.unit, reading.jin) == (Decimal(1), "桶", Decimal(10))
