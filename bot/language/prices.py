"""Prices as integer fen per unit: 2.5元/斤, 两块五一斤, 三毛五, 每斤2元, 十块钱三斤."""

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from bot.language.numbers import (
    DIGIT,
    NUMERAL,
    STARTS,
    Amount,
    cn_int,
    digit_value,
    read_amount,
    read_exact,
)
from bot.language.units import UNIT, canonical

_NOT_MORE_DIGITS = rf"(?![大小]?{UNIT}|块|\d|[十百千万])"
# 10元/3斤 prices three 斤 at once; 3元一块, once money is named, prices a piece (of tofu),
# as 80一块 does for a brick of tea.
_PER_UNIT = (
    rf"(?:\s*(?:/|每)\s*(?P<per_unit>{UNIT})"
    rf"|(?:\s*/\s*)?(?P<per_count>{NUMERAL})(?:[大小])?(?P<per_count_unit>{UNIT})"
    r"|(?<=[元钱\d])\s*(?:/|每|一)\s*(?P<per_piece>块)(?!钱|[\d零〇一二两三四五六七八九十半]))"
)
_PREFIX = (
    r"(?:(?<![\d.零〇一二两三四五六七八九十百千万])(?:每|一|1)\s*"
    rf"(?P<pre_unit>{UNIT})(?:[^\d\s,.;:!?，。；：！？、元块毛角]{{0,6}}?)\s*)"
)
_YUAN = (
    rf"(?:(?<![\d.])(?P<low>\d{{1,12}}(?:\.\d{{1,6}})?)\s*(?:元|块)?\s*(?:-|~|到|至)\s*)?"
    rf"{STARTS}(?P<yuan>{NUMERAL})\s*(?:元|块)钱?"
    rf"(?:零(?P<yuan_cents>{DIGIT})分|(?P<yuan_jiao>{DIGIT})(?:[毛角]钱?(?:(?P<yuan_fen>{DIGIT})(?:分|{_NOT_MORE_DIGITS}))?"
    rf"|{_NOT_MORE_DIGITS}))?"
)
_JIAO = (
    rf"{STARTS}(?P<jiao>{NUMERAL})\s*[毛角]钱?"
    rf"(?:(?P<jiao_fen>{DIGIT})(?:分钱?|{_NOT_MORE_DIGITS}))?"
)
_FEN = rf"{STARTS}(?P<fen>{NUMERAL})分钱"
# 35一件: a bare number directly priced per unit.
# 六十五一斤, 一百二一只: the same in words, when the words and the 一 make no number together
# (五十一斤 is 51斤, a quantity).
_BARE = (
    rf"(?<![\d.])(?P<bare>\d{{1,12}}(?:\.\d{{1,6}})?)(?=\s*(?:/|一|每)(?:{UNIT}|块(?!钱|[\d零〇一二两三四五六七八九十半])))"
    rf"|{STARTS}(?P<bare_cn>[零〇一二两三四五六七八九十百千]{{2,8}}?)(?=一{UNIT})"
)

PRICE = re.compile(rf"{_PREFIX}?(?:{_YUAN}|{_JIAO}|{_FEN}|{_BARE}){_PER_UNIT}?")
# A number right after a price word is a price even without 元: 批发价2.2，零售2.5; so is one
# after a grade (大的1.5 小的8毛, 统货2.5), which prices that grade.
WORD_PRICE = re.compile(
    rf"(?:批发价|零售价|收购价|保底价|售价|单价|价格|价钱|报价|批发|零售|价|每(?P<each>{UNIT})"
    r"|大的|小的|[大中小][果虾蟹]|统货|[大小]个的?|[一二三特]级果?)"
    r"(?:是|为|:|在)?\s*"
    rf"(?P<word>\d+(?:\.\d+)?)(?![\d.]|\s*(?:[大小]?{UNIT}|元|块|毛|角|分|万|千))"
)
# 大虾四十块一斤 中虾三十: a whole number in words after a grade prices that grade too.
GRADE_WORD_PRICE = re.compile(
    r"(?:大的|小的|[大中小][果虾蟹]|统货|[一二三特]级果?)\s*"
    r"(?P<word>[一二两三四五六七八九十]{1,3})(?=\s|$|[,，。;；])"
)
# 一吨一千六, 一车八千: a wholesale price said after its unit, a bare number with nothing after
# it (a 两 at the end would be a weight, as in 一担三两).
BULK_PRICE = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万])(?:一|每|1)\s*(?P<unit>吨|车|担)\s*"
    r"(?P<word>[零〇一二两三四五六七八九十百千万]*[零〇一二三四五六七八九十百千万]|\d{2,6})"
    r"(?=\s|$|[,，。;；!！])"
)
# Every price needs one of these; a message without them is not scanned at all.
_HINT = re.compile(
    r"[元块毛角价批零分每]|\d\s*[/一]|[二两三四五六七八九十百千]一|[大中小][果虾蟹]|统货|级"
    r"|[吨车担]\s*[零〇一二两三四五六七八九十百千\d]"
)
# 两块到两块五一斤: two prices joined into one range.
_RANGE_JOIN = re.compile(r"\s*(?:-|~|到|至)\s*")
# 三百斤 1.2: a lone decimal after the stock is the price, as nobody sells 1.2 of nothing.
_LONE_DECIMAL = re.compile(r"(?<![\d.])(?P<lone>\d{1,3}\.\d{1,2})(?=\s*$|\s*[,，;；。!！])")
CHANGE = re.compile(
    r"降价到|降价为|降到|降为|降至|跌至|跌到|涨到|涨至|涨了到|变成|改成|改为|调到|调为|现在"
)

_AMOUNT_GROUPS = ("low", "yuan", "jiao", "fen", "bare", "bare_cn")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_MOST_UNITS_PER_PRICE = 20
# 一吨一千六 prices a ton; 一车十 is no price anybody asks for a truckload.
_LEAST_BULK_YUAN = 100


class Price(NamedTuple):
    low_fen: int | None
    high_fen: int | None
    unit: str | None
    start: int
    end: int
    vague: bool = False
    stated_unit: bool = True
    # Named a price (单价2.3, 到货价2.3): the price of one unit, never of a bundle.
    worded: bool = False

    @property
    def fen(self) -> int | None:
        if self.vague or self.low_fen != self.high_fen:
            return None
        return self.low_fen

    @property
    def is_range(self) -> bool:
        return not self.vague and self.low_fen is not None and self.low_fen != self.high_fen


def find(text: str) -> list[Price]:
    if not _HINT.search(text):
        return []
    found = [price for m in PRICE.finditer(text) if (price := _price(m)) is not None]
    taken = [(p.start, p.end) for p in found]
    for match in WORD_PRICE.finditer(text):
        start, end = match.span("word")
        if not any(s < end and start < e for s, e in taken):
            fen = _fen(Decimal(match.group("word")))
            each = match.group("each")
            unit = canonical(each) if each else None
            found.append(
                Price(fen, fen, unit, match.start(), end, stated_unit=each is not None, worded=True)
            )
    for match in GRADE_WORD_PRICE.finditer(text):
        start, end = match.span("word")
        yuan = cn_int(match.group("word"))
        if yuan and not any(s < end and start < e for s, e in taken):
            fen = yuan * 100
            found.append(Price(fen, fen, None, match.start(), end, stated_unit=False, worded=True))
    for match in BULK_PRICE.finditer(text):
        start, end = match.span()
        yuan = read_exact(match.group("word"))
        if yuan and yuan >= _LEAST_BULK_YUAN and not any(s < end and start < e for s, e in taken):
            fen = _fen(yuan)
            found.append(Price(fen, fen, match.group("unit"), start, end, worded=True))
    return _joined_ranges(text, sorted(found, key=lambda p: p.start))


def lone_decimal(text: str) -> Price | None:
    """The one price-like decimal in a message that has an amount but no stated price."""
    matches = list(_LONE_DECIMAL.finditer(text)) if "." in text else []
    if len(matches) != 1:
        return None
    fen = _fen(Decimal(matches[0].group("lone")))
    return Price(fen, fen, None, *matches[0].span(), stated_unit=False)


def _joined_ranges(text: str, found: list[Price]) -> list[Price]:
    joined: list[Price] = []
    for price in found:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.unit in (None, price.unit)
            and last.fen is not None
            and price.fen is not None
            and last.fen < price.fen
            and _RANGE_JOIN.fullmatch(text, last.end, price.start)
        ):
            joined[-1] = price._replace(low_fen=last.fen, start=last.start)
            continue
        joined.append(price)
    return joined


def per_unit(total_fen: int, units: Decimal) -> int:
    """A price for several units as fen per unit.

    十块钱三斤 is 333.33 fen a 斤: money is whole fen, so the fraction is rounded half up.
    """
    return int((Decimal(total_fen) / units).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _price(match: re.Match[str]) -> Price | None:
    amount = _amount(match)
    if amount is None:
        return None
    unit, count = _unit_and_count(match)
    if count is None or count <= 0:
        return None
    start, end = match.start(), match.end()
    if match.group("pre_unit") and (match.group("per_unit") or match.group("per_count_unit")):
        # 1吨 2.8元一斤: the price names its own unit, so the 1吨 before it is the stock.
        start = min(match.start(g) for g in _AMOUNT_GROUPS if match.group(g))
    if count > _MOST_UNITS_PER_PRICE:
        # 2元 5000斤 typed without a space: the 5000斤 is the stock, not what 2元 buys.
        unit, count, end = None, _ONE, match.start("per_count")
    if amount.vague:
        return Price(None, None, unit, start, end, vague=True)
    low, high = (_fen(v) if v is not None else None for v in (amount.low, amount.high))
    if count != 1 and low is not None and high is not None:
        low, high = per_unit(low, count), per_unit(high, count)
    return Price(low, high, unit, start, end, stated_unit=unit is not None)


def _amount(match: re.Match[str]) -> Amount | None:
    groups = match.groupdict()
    if groups["yuan"]:
        main = read_amount(groups["yuan"])
        extra = _digit(groups["yuan_jiao"], 10) + _digit(groups["yuan_fen"], 1)
        extra += _digit(groups["yuan_cents"], 1)
        scale = _HUNDRED
    elif groups["jiao"]:
        main = read_amount(groups["jiao"])
        extra, scale = _digit(groups["jiao_fen"], 1), Decimal(10)
    elif groups["fen"]:
        main, extra, scale = read_amount(groups["fen"]), 0, Decimal(1)
    elif groups["bare"]:
        main, extra, scale = read_amount(groups["bare"]), 0, _HUNDRED
    else:
        words = groups["bare_cn"]
        if read_exact(words + "一") is not None:
            return None
        main, extra, scale = read_amount(words), 0, _HUNDRED
    if main is None or main.vague or main.low is None or main.high is None:
        return main
    low = main.low * scale + extra
    high = main.high * scale + extra
    if groups["low"]:
        low = Decimal(groups["low"]) * scale
    if low > high:
        return None
    return Amount(low / _HUNDRED, high / _HUNDRED)


def _unit_and_count(match: re.Match[str]) -> tuple[str | None, Decimal | None]:
    per_unit = match.group("per_unit") or match.group("per_piece")
    if per_unit:
        return canonical(per_unit), _ONE
    counted = match.group("per_count_unit")
    if counted:
        count = read_amount(match.group("per_count"))
        if count is None or count.exact is None:
            return None, None
        return canonical(counted), count.exact
    before = match.group("pre_unit")
    return (canonical(before) if before else None), _ONE


def _digit(char: str | None, scale: int) -> int:
    return (digit_value(char) or 0) * scale if char else 0


def _fen(yuan: Decimal) -> int:
    return int((yuan * _HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
