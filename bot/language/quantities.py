"""Amounts with a unit (三百斤, 1.5吨, 一斤半, 3斤2两, 二三十斤) and stated packs (每箱10斤)."""

import re
from decimal import Decimal
from typing import NamedTuple

from bot.language.numbers import (
    CN_CHARS,
    DIGIT,
    NUMERAL,
    STARTS,
    Amount,
    digit_value,
    read_amount,
)
from bot.language.reading import Pack
from bot.language.units import COUNT_UNIT, UNIT, WEIGHT_UNIT, canonical, to_jin

_HALF = Decimal("0.5")
UNNAMED_PACK = "份"  # 10斤装 names no container
_TENTH = Decimal("0.1")

_AMOUNT_AND_UNIT = (
    rf"(?P<num>{NUMERAL})"
    rf"(?:\s*(?:-|~|到|至)\s*(?P<num2>{NUMERAL}))?"
    rf"(?P<adj>[大小])?(?P<unit>{UNIT})"
    rf"(?P<half>半)?(?:(?P<liang>{DIGIT})两)?"
)
QUANTITY = re.compile(rf"{STARTS}{_AMOUNT_AND_UNIT}")
# 个把冬瓜, 斤把香菜: a unit followed by 把 is "about one" of it, too loose to fill an order.
_ABOUT_ONE = re.compile(
    rf"(?<![\d{CN_CHARS}几])(?P<unit>个|斤|公斤|箱|袋|件|只|担|吨)把(?![手握刀柄子门锁])"
)
_PACK_FIRST = re.compile(
    rf"(?<![元块毛角钱]){STARTS}(?:每|一|1)(?P<unit>{COUNT_UNIT})(?:净重|毛重|重约|约重|装|重|约|大约|大概|有|是|:)?\s*"
    rf"(?P<num>{NUMERAL})(?P<inner>{UNIT})(?P<half>半)?"
)
_PACK_AFTER = re.compile(
    rf"{STARTS}(?P<num>{NUMERAL})(?P<inner>{UNIT})(?P<half>半)?\s*(?:/|一|每)(?P<unit>{COUNT_UNIT})"
)
# 150元一袋(50斤): the size in brackets after the unit it sizes; only the bracket is taken,
# so that the price keeps its 一袋.
_PACK_BRACKET = re.compile(
    r"(?P<unit>[箱袋件筐盒份包板桶篮篓提])\s*(?P<size>\(\s*(?:约|大约|净重|毛重|重|每.)?\s*"
    r"(?P<num>\d{1,4}(?:\.\d{1,2})?|[一二两三四五六七八九十百]{1,4})"
    r"(?P<inner>公斤|千克|斤|克|两)(?P<half>半)?(?:装|左右)?\s*\))"
)
# 要一袋米 五十斤的, 鸭子要一只 杀好的 三斤左右, 鱼 要一条 两斤左右的, 菜籽油留一桶 十斤装的:
# the size said after the goods, as 的, 左右 or 装 marks; only the size is taken, so that 一袋
# stays the amount.
_PACK_SAID_AFTER = re.compile(
    rf"(?:一|1)(?P<unit>{COUNT_UNIT})(?:[^\s\d,，。]{{0,4}}[\s,，]+){{1,2}}(?:大概|大约|约)?"
    rf"(?P<size>(?P<num>{NUMERAL})(?P<inner>{WEIGHT_UNIT})(?P<half>半)?(?:的|左右的?|装的?))(?=$|[\s,，。])"
)
_PACK_SIZE = re.compile(rf"{STARTS}(?P<num>{NUMERAL})(?P<inner>{WEIGHT_UNIT})(?P<half>半)?装")
_PACK_HINT = re.compile(rf"{COUNT_UNIT}|装")
_BRACKET_HINT = "("
_MULTIPLIER_TAIL = re.compile(r"[十百千万亿]+$")


class Quantity(NamedTuple):
    amount: Amount
    unit: str
    start: int
    end: int
    text: str

    @property
    def value(self) -> Decimal | None:
        return self.amount.exact


class StatedPack(NamedTuple):
    pack: Pack
    start: int
    end: int


def find(text: str) -> list[Quantity]:
    found = []
    for match in QUANTITY.finditer(text):
        amount = _amount(match)
        unit = canonical(match.group("unit"))
        if unit == "克" and match.group("num").endswith("千"):
            # 二十千克: the 千 belongs to the unit, not to the number.
            amount, unit = read_amount(match.group("num")[:-1]), "千克"
        if amount is not None:
            found.append(Quantity(amount, unit, match.start(), match.end(), match.group()))
    if "把" in text:
        for match in _ABOUT_ONE.finditer(text):
            if not any(q.start < match.end() and match.start() < q.end for q in found):
                about = Amount(Decimal(1), None, vague=True)
                unit = match.group("unit")
                found.append(Quantity(about, unit, match.start(), match.end(), match.group()))
        found.sort(key=lambda q: q.start)
    return found


def find_packs(text: str) -> list[StatedPack]:
    found: list[StatedPack] = []
    if not _PACK_HINT.search(text):
        return found
    # A size marked by 的 or 左右 (一条 两斤左右的) is taken before 一条两斤 would read as a pack.
    for pattern in (_PACK_SAID_AFTER, _PACK_FIRST, _PACK_AFTER, _PACK_SIZE):
        for match in pattern.finditer(text):
            start, end = match.span("size" if "size" in pattern.groupindex else 0)
            if any(start < p.end and p.start < end for p in found):
                continue
            pack = _pack(match)
            if pack is not None:
                found.append(StatedPack(pack, start, end))
    if _BRACKET_HINT in text:
        for match in _PACK_BRACKET.finditer(text):
            start, end = match.span("size")
            pack = _pack(match)
            if pack is not None and not any(start < p.end and p.start < end for p in found):
                found.append(StatedPack(pack, start, end))
        found.sort(key=lambda p: p.start)
    return found


def _pack(match: re.Match[str]) -> Pack | None:
    amount = read_amount(match.group("num"))
    if amount is None or amount.exact is None:
        return None
    size = amount.exact + (_HALF if match.group("half") else 0)
    inner = canonical(match.group("inner"))
    outer = match.groupdict().get("unit") or UNNAMED_PACK
    if outer == inner:
        return None
    return Pack(unit=outer, jin=to_jin(size, inner), quantity=size, of_unit=inner)


def _amount(match: re.Match[str]) -> Amount | None:
    first = read_amount(match.group("num"))
    if first is None:
        return None
    if match.group("num2"):
        return _range(match.group("num"), first, read_amount(match.group("num2")), match)
    if first.exact is None:
        return first
    value = first.exact
    if match.group("half"):
        value += _HALF
    liang = match.group("liang")
    if liang and match.group("unit") == "斤":
        value += (digit_value(liang) or 0) * _TENTH
    return Amount(value, value)


def _range(text: str, low: Amount, high: Amount | None, match: re.Match[str]) -> Amount | None:
    if high is None or low.exact is None or high.exact is None:
        return None
    start = low.exact
    tail = _MULTIPLIER_TAIL.search(match.group("num2"))
    if tail and not _MULTIPLIER_TAIL.search(text):
        # 2-3万斤: the 万 belongs to both ends.
        scaled = read_amount(text + tail.group())
        if scaled is not None and scaled.exact is not None:
            start = scaled.exact
    if start >= high.exact:
        return None
    return Amount(start, high.exact)
