"""Prices in every form people type read back as integer fen per unit."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language import parse
from bot.language.prices import per_unit
from tests.bot.language.test_numbers import to_chinese

DIGIT = "零一二三四五六七八九"
COUNTS = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def yuan(fen: int) -> str:
    return format(Decimal(fen) / 100, "f").rstrip("0").rstrip(".") if fen % 100 else str(fen // 100)


def spoken(fen: int) -> str:
    """两块五, 1块2, 三毛五, 七毛五分, 八毛: how a price is said rather than written."""
    whole, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    if whole:
        text = f"{to_chinese(whole, liang=True)}块"
        if jiao:
            text += DIGIT[jiao] + ("毛" if cents else "")
        elif cents:
            text += "零"
        return text + (f"{DIGIT[cents]}分" if cents else "")
    if not jiao:
        return f"{DIGIT[cents]}分钱"  # a bare 五分 could be minutes or marks
    return f"{to_chinese(jiao, liang=True)}毛" + (f"{DIGIT[cents]}分" if cents else "")


FORMS = {
    "元/斤": (lambda f: f"{yuan(f)}元/斤", "斤"),
    "元一斤": (lambda f: f"{yuan(f)}元一斤", "斤"),
    "元1斤": (lambda f: f"{yuan(f)}元1斤", "斤"),
    "块钱一斤": (lambda f: f"{yuan(f)}块钱一斤", "斤"),
    "每斤元": (lambda f: f"每斤{yuan(f)}元", "斤"),
    "每公斤元": (lambda f: f"每公斤{yuan(f)}元", "公斤"),
    "元一箱": (lambda f: f"{yuan(f)}元一箱", "箱"),
    "spoken一斤": (lambda f: f"{spoken(f)}一斤", "斤"),
    "spoken/斤": (lambda f: f"{spoken(f)}/斤", "斤"),
    "bare spoken": (lambda f: f"，{spoken(f)}", "斤"),
}


@pytest.mark.parametrize(
    ("text", "fen", "unit"),
    [
        ("2.5元/斤", 250, "斤"),
        ("两块五一斤", 250, "斤"),
        ("1块2", 120, "斤"),
        ("八毛", 80, "斤"),
        ("三毛五", 35, "斤"),
        ("7毛5分", 75, "斤"),
        ("每斤2元", 200, "斤"),
        ("每公斤4元", 400, "公斤"),
        ("十块钱两斤", 500, "斤"),
        ("十块钱三斤", 333, "斤"),
        ("45元一箱", 4500, "箱"),
        ("2元三小把", 67, "把"),
        ("3角钱一斤", 30, "斤"),
        ("1.2元一个", 120, "个"),
    ],
)
def test_price_forms(text: str, fen: int, unit: str) -> None:
    reading = parse(f"西兰花{text}")
    assert (reading.price_fen, reading.price_unit) == (fen, unit)


@pytest.mark.parametrize(
    ("text", "fen", "count"),
    [("茶砖 80一块 有100块", 8000, 100), ("香干 1块5一块 有两百块", 150, 200)],
)
def test_a_price_per_piece_without_money_words_counts_the_bare_pieces(
    text: str, fen: int, count: int
) -> None:
    reading = parse(text)
    assert (reading.price_fen, reading.price_unit) == (fen, "块")
    assert (reading.quantity, reading.unit) == (count, "块")


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("老板 你家大蒜几块一斤 别家3块", None),
        ("鸡蛋比街上贵两毛 还是要两百个", None),
        ("白菜 市场价2块 我们卖1块5", 150),
        ("超市卖3块 我这2块一斤 有500斤", 200),
    ],
)
def test_a_price_told_of_another_seller_is_not_this_one(text: str, fen: int | None) -> None:
    assert parse(text).price_fen == fen


def test_a_bare_price_after_a_quantity_is_per_that_unit() -> None:
    reading = parse("土豆3万斤 批发价0.8元")
    assert (reading.price_fen, reading.price_unit) == (80, "斤")


def test_a_fraction_of_a_fen_is_rounded_half_up() -> None:
    assert per_unit(1000, Decimal(3)) == 333
    assert per_unit(200, Decimal(3)) == 67
    assert per_unit(250, Decimal(2)) == 125
    assert per_unit(5, Decimal(2)) == 3


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(sorted(FORMS)))
def test_any_price_reads_back_as_its_fen(fen: int, form: str) -> None:
    write, unit = FORMS[form]
    reading = parse(f"西兰花 5000斤 {write(fen)}")
    assert (reading.price_fen, reading.price_unit) == (fen, unit)


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(sorted(COUNTS)))
def test_a_price_for_several_units_reads_back_per_unit(fen: int, count: int) -> None:
    reading = parse(f"生姜{yuan(fen)}元{COUNTS[count]}斤")
    expected = int((Decimal(fen) / count).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert (reading.price_fen, reading.price_unit) == (expected, "斤")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("西兰花 两块到两块五一斤", 200, 250),
        ("土豆 8毛到1块", 80, 100),
        ("西兰花 2元-3元一斤", 200, 300),
    ],
)
def test_two_prices_joined_by_to_are_a_range(text: str, low: int, high: int) -> None:
    ask = parse(text).ask
    assert ask is not None and ask.kind == "range"
    assert (ask.params["low"] * 100, ask.params["high"] * 100) == (low, high)


def test_a_unit_before_a_price_that_names_its_own_unit_is_the_stock() -> None:
    reading = parse("大米 1吨 2.8元一斤")
    assert (reading.quantity, reading.unit, reading.price_fen, reading.price_unit) == (
        1,
        "吨",
        280,
        "斤",
    )


def test_a_lone_decimal_after_the_stock_is_the_price() -> None:
    reading = parse("卖黄瓜 三百斤 1.2")
    assert (reading.quantity, reading.price_fen, reading.price_unit) == (300, 120, "斤")
    assert parse("订12号 1.5吨").price_fen is None


@pytest.mark.parametrize("text", ["卖南瓜 两吨 5毛", "大米 2担 3块"])
def test_stock_in_tons_is_still_priced_by_the_jin(text: str) -> None:
    assert parse(text).price_unit == "斤"
