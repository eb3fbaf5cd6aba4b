"""Numerals read back exactly, whichever way they were written."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.language import parse
from bot.language.numbers import cn_int, read_amount, read_exact

DIGITS = "零一二三四五六七八九"


def section(number: int, *, liang: bool, short_ten: bool) -> str:
    """0 < number < 10000 in Chinese, the way it is written inside a larger numeral."""
    text, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            gap = gap or bool(text)
            continue
        if gap:
            text, gap = text + "零", False
        if digit == 2 and liang and unit in ("千", "百"):
            text += "两"
        elif not (digit == 1 and unit == "十" and not text and short_ten):
            text += DIGITS[digit]
        text += unit
    return text


def to_chinese(number: int, *, liang: bool = False, short_ten: bool = True) -> str:
    if number == 0:
        return "零"
    groups = ((number // 10**8, "亿"), (number // 10**4 % 10**4, "万"), (number % 10**4, ""))
    text, gap = "", False
    for group, unit in groups:
        if group == 0:
            gap = gap or bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += section(group, liang=liang, short_ten=short_ten and not text) + unit
        gap = False
    return text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一万", 10000),
        ("两千五", 2500),
        ("一万二千", 12000),
        ("一万二", 12000),
        ("二十", 20),
        ("两百", 200),
        ("三百五", 350),
        ("三百零五", 305),
        ("十五", 15),
        ("一百一", 110),
        ("一千零五十", 1050),
        ("一亿二千万", 120000000),
        ("二〇二四", 2024),
    ],
)
def test_chinese_integers(text: str, value: int) -> None:
    assert cn_int(text) == value


@pytest.mark.parametrize("text", ["二三", "百", "千五", "十十", "万", "五五五"])
def test_malformed_chinese_is_not_a_number(text: str) -> None:
    assert cn_int(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5万", "15000"), ("3千", "3000"), ("41.6万", "416000"), ("2.5", "2.5"), ("一点五", "1.5")],
)
def test_mixed_numerals(text: str, value: str) -> None:
    assert read_exact(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("二三十", 20, 30), ("一两百", 100, 200), ("三五", 3, 5), ("二三千", 2000, 3000)],
)
def test_ranges(text: str, low: int, high: int) -> None:
    amount = read_amount(text)
    assert amount is not None and amount.is_range
    assert (amount.low, amount.high) == (low, high)


@pytest.mark.parametrize("text", ["几", "十来", "十几", "几十", "50多", "数百", "上千", "50多万"])
def test_vague_amounts_are_not_exact(text: str) -> None:
    amount = read_amount(text)
    assert amount is not None and amount.vague and amount.exact is None


@given(
    st.integers(min_value=0, max_value=10**12 - 1),
    st.booleans(),
    st.booleans(),
)
def test_any_integer_in_chinese_reads_back(number: int, liang: bool, short_ten: bool) -> None:
    text = to_chinese(number, liang=liang, short_ten=short_ten)
    assert cn_int(text) == number


@given(st.integers(min_value=1, max_value=10**9), st.booleans())
def test_any_amount_in_chinese_reads_back_from_a_message(number: int, liang: bool) -> None:
    reading = parse(f"要{to_chinese(number, liang=liang)}斤土豆")
    assert (reading.quantity, reading.unit, reading.product) == (number, "斤", "土豆")


@given(st.integers(min_value=1, max_value=10**9))
def test_any_amount_in_digits_reads_back_from_a_message(number: int) -> None:
    assert parse(f"订西兰花{number}斤").quantity == number


FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


@given(st.integers(min_value=1, max_value=9999))
def test_financial_numerals_read_as_plain_ones(number: int) -> None:
    written = to_chinese(number, short_ten=False).translate(FINANCIAL)
    assert parse(f"要{written}斤").quantity == number


def test_financial_numerals_in_a_price() -> None:
    reading = parse("红薯 贰仟斤 壹元贰角一斤")
    assert (reading.quantity, reading.price_fen, reading.price_unit) == (2000, 120, "斤")


def test_a_lone_financial_character_in_a_name_stays_a_name() -> None:
    reading = parse("#接龙 土豆\n1. 伍德 10斤\n2. 陆大姐 5斤")
    assert [line.name for line in reading.lines] == ["伍德", "陆大姐"]


@pytest.mark.parametrize(("text", "unit"), [("要百把斤", "斤"), ("千把斤红薯", "斤")])
def test_hundred_or_so_is_vague(text: str, unit: str) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit, reading.ask and reading.ask.kind) == (
        None,
        unit,
        "vague",
    )


def test_a_jin_homophone_after_a_number_is_jin() -> None:
    assert (parse("要20近").quantity, parse("要20近").unit) == (20, "斤")
    assert parse("最近有土豆吗").intent == "query"


@pytest.mark.parametrize(("text", "quantity"), [("土豆要十8斤", 18), ("要二00个鸡蛋", 200)])
def test_a_numeral_begun_in_one_script_and_ended_in_the_other(text: str, quantity: int) -> None:
    assert parse(text).quantity == quantity


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [("鸡蛋要三十各", 30, "个"), ("猕猴桃要六近", 6, "斤"), ("土豆要五今", 5, "斤")],
)
def test_a_unit_typed_by_its_sound_after_a_chinese_numeral(
    text: str, quantity: int, unit: str
) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit) == (quantity, unit)


def test_each_and_everyone_are_no_pieces() -> None:
    assert parse("各位早上好").quantity is None
    assert parse("三个村各要五斤").quantity == 5
