"""Numerals as people type them: Arabic, Chinese, mixed (1.5万), ranges and vague amounts."""

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10**4, "亿": 10**8}
MULTIPLIERS = {**SMALL_UNITS, **LARGE_UNITS}

CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
# 百把斤 and 千把块 are "about a hundred", "about a thousand".
VAGUE_MARKS = frozenset("几多来余把")

# One numeral as a regex fragment, reused by the quantity and price patterns.
# Arabic digits may carry Chinese multipliers (1.5万, 50多万); Chinese numerals may carry
# vague marks (十来, 十几, 几十, 一百多) and a decimal written with 点 (一点五).
# Runs are bounded so that a long string of digits cannot make a pattern backtrack for long.
NUMERAL = (
    r"(?:\d{1,12}(?:\.\d{1,6})?(?:[多余来]?[十百千万亿]{1,3})?[多余来]?"
    r"|[百千万]把(?=\s*(?:[斤吨担两克元块]|公斤|千克))"
    rf"|(?:数|上|好|小(?=[一两]?[十百千万]))?[{CN_CHARS}几]{{1,24}}(?:点[零〇一二三四五六七八九]{{1,6}})?"
    r"(?:[多余来][十百千万亿]{0,3})?"
    r"|半)"
)

# Where a numeral may begin: not inside another one. Without this every position of a long run
# of digits would be tried as a start, and the patterns would slow down on noise.
STARTS = rf"(?<![\d.{CN_CHARS}几])"

# A single digit, as used for 角 and 分 (两块五, 三毛五).
DIGIT = r"[0-9一二两三四五六七八九]"

_RANGE_PAIRS = {(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (3, 5)}
_CN_RANGE = re.compile(rf"^([{CN_CHARS[2:11]}])([{CN_CHARS[3:12]}])([十百千万亿]*)$")
_ARABIC = re.compile(r"^(\d+(?:\.\d+)?)([十百千万亿]*)$")
# 十几二十, 二十几三十: "from the teens to twenty", a range between two round numbers.
_TEENS_TO = re.compile(rf"^([{CN_CHARS}]+?)几([{CN_CHARS}]+)$")


class Amount(NamedTuple):
    """A number as read: exact (low == high), a range, or vague (几, 多, 来)."""

    low: Decimal | None
    high: Decimal | None
    vague: bool = False

    @property
    def exact(self) -> Decimal | None:
        if self.vague or self.low is None or self.low != self.high:
            return None
        return self.low

    @property
    def is_range(self) -> bool:
        return not self.vague and self.low is not None and self.low != self.high


def tidy(value: Decimal) -> Decimal:
    """41.6 * 10000 is Decimal('416000.0'); keep the plain form a person would write."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation:  # beyond 28 digits: nobody sells that much, keep it as is
        return value


def digit_value(char: str) -> int | None:
    if char.isdigit() and char.isascii():
        return int(char)
    return DIGITS.get(char)


def read_amount(token: str) -> Amount | None:
    """Read one numeral token as matched by NUMERAL."""
    if not token:
        return None
    if token.isascii():
        return _plain(token)
    if token == "半":
        half = Decimal("0.5")
        return Amount(half, half)
    # 上百斤, 好几斤 and 小一百斤 ("nearly a hundred") are all loose.
    vague = token[0] in "数上好小" or not VAGUE_MARKS.isdisjoint(token)
    core = token.lstrip("数上好小")
    teens = _TEENS_TO.match(core) if "几" in core else None
    if teens:
        low, high = read_exact(teens.group(1)), read_exact(teens.group(2))
        if low is not None and high is not None and low < high <= low * 2:
            return Amount(low, high)
    if not vague:
        ranged = _cn_range(core)
        if ranged is not None:
            return ranged
    for mark in "多余来把":
        core = core.replace(mark, "")
    if vague:
        return Amount(_vague_estimate(core), None, vague=True)
    value = read_exact(core)
    if value is None and core[:1] in "百千万":
        # 百十斤 is "a hundred or so", said in Hunan as 百把斤 is.
        return Amount(_vague_estimate(core), None, vague=True)
    return None if value is None else Amount(value, value)


def _plain(token: str) -> Amount | None:
    # Most amounts are plain digits (5000, 2.5): no Chinese to read.
    try:
        value = Decimal(token)
    except InvalidOperation:
        return None
    return Amount(value, value)


def read_exact(token: str) -> Decimal | None:
    """An exact numeral: 2500, 2.5, 1.5万, 两千五, 一万二千, 一点五."""
    if not token:
        return None
    arabic = _ARABIC.match(token)
    if arabic:
        try:
            value = Decimal(arabic.group(1))
        except InvalidOperation:
            return None
        for char in arabic.group(2):
            value *= MULTIPLIERS[char]
        return tidy(value)
    if "点" in token:
        whole, _, fraction = token.partition("点")
        integer = cn_int(whole)
        decimals = "".join(str(DIGITS.get(c, "")) for c in fraction)
        if integer is None or len(decimals) != len(fraction):
            return None
        return Decimal(f"{integer}.{decimals}")
    value = cn_int(token)
    return None if value is None else Decimal(value)


def cn_int(text: str) -> int | None:
    """A Chinese integer numeral, including the spoken short forms 两千五 and 一万二."""
    if not text or any(c not in DIGITS and c not in MULTIPLIERS for c in text):
        return None
    if len(text) > 1 and all(c in DIGITS for c in text):
        # Digit by digit only with a zero in it (二〇二四); 二三 is a range, not 23.
        if not any(c in "零〇" for c in text):
            return None
        return int("".join(str(DIGITS[c]) for c in text))
    for big in ("亿", "万"):
        if big in text:
            head, _, tail = text.partition(big)
            return _with_large_unit(head, tail, LARGE_UNITS[big])
    return _section(text)


def _with_large_unit(head: str, tail: str, unit: int) -> int | None:
    front = cn_int(head) if head else None
    if front is None:
        return None
    if not tail:
        return front * unit
    if tail[0] in "零〇":
        rest = cn_int(tail[1:])
        if rest is None or rest >= unit // 10:
            return None
        return front * unit + rest
    if len(tail) == 1 and tail in DIGITS:
        # 一万二 means 12000: a lone trailing digit counts in the next place down.
        return front * unit + DIGITS[tail] * unit // 10
    rest = cn_int(tail)
    if rest is None or rest >= unit:
        return None
    return front * unit + rest


def _section(text: str) -> int | None:
    total = 0
    digit: int | None = None
    last_unit: int | None = None
    zero_seen = False
    for char in text:
        if char in DIGITS:
            if digit is not None:
                return None
            if DIGITS[char] == 0:
                zero_seen = True
                continue
            digit = DIGITS[char]
            continue
        unit = SMALL_UNITS.get(char)
        if unit is None or (last_unit is not None and unit >= last_unit):
            return None
        if digit is None:
            if unit != 10:
                return None
            digit = 1  # 十五 and 一百十 leave out the 一 before 十
        total += digit * unit
        digit, last_unit, zero_seen = None, unit, False
    if digit is not None:
        # 两千五 is 2500 and 三百五 is 350; after a 零 the digit is units (三百零五).
        total += digit if zero_seen or last_unit is None else digit * last_unit // 10
    return total


def _cn_range(token: str) -> Amount | None:
    match = _CN_RANGE.match(token)
    if not match:
        return None
    low, high = DIGITS[match.group(1)], DIGITS[match.group(2)]
    if (low, high) not in _RANGE_PAIRS:
        return None
    scale = Decimal(1)
    for char in match.group(3):
        scale *= MULTIPLIERS[char]
    return Amount(low * scale, high * scale)


def _vague_estimate(core: str) -> Decimal | None:
    # 几十 is "some tens": read the 几 as 一 to keep the order of magnitude for the question.
    if core.startswith("几"):
        core = "一" + core[1:]
    elif core[:1] in "百千万":
        core = "一" + core
    core = core.replace("几", "")
    return read_exact(core) if core else None
