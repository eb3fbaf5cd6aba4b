"""References to things the bot already knows: listings (订12, 12号, #12) and orders (D35)."""

import re
from typing import NamedTuple

from bot.language.numbers import cn_int
from bot.language.units import UNIT

# 订12 200斤 names listing 12; 订50斤 is an amount. 12号 is a listing unless it is a
# building, a gate or a line of a route, or a house in an address (仙井村5组18号, 南路18号).
# People say the number in Chinese too (订十二号).
_CN_DIGITS = "一二两三四五六七八九十百零〇"
_CN_NUMBER = rf"[{_CN_DIGITS}]{{1,6}}"
_NOT_A_LISTING = r"(?!楼|院|门|线|车间|床|地铁|食堂)"
_IN_AN_ADDRESS = r"(?<![组路街巷弄村])"
_LISTING = re.compile(
    r"#\s*(?P<hash>\d{1,5})(?![\d.])"
    rf"|(?:订|定|编号|第)\s*(?P<numbered>\d{{1,5}}|{_CN_NUMBER})\s*号{_NOT_A_LISTING}"
    rf"|(?:订|定)\s*(?P<bare>\d{{1,5}})"
    rf"(?![\d.]|[大小]?{UNIT}|\s+[大小]?(?!两){UNIT}|\s*号|\s*[元块毛角十百千万])"
    rf"|(?<![\d.月]){_IN_AN_ADDRESS}(?P<hao>\d{{1,5}})\s*号{_NOT_A_LISTING}(?!之?前|以前)"
    rf"|(?<![\d.月{_CN_DIGITS}几]){_IN_AN_ADDRESS}(?P<cn_hao>{_CN_NUMBER})号{_NOT_A_LISTING}"
    r"(?!之?前|以前)"
    # 第12个, 编号12, 12#: the same listing said the way a numbered list is read out.
    rf"|第\s*(?P<ordinal>\d{{1,5}}|{_CN_NUMBER})\s*个(?!月|人|小时|星期|礼拜|工作日)"
    r"|编号\s*(?P<coded>\d{1,5})(?![\d.])"
    r"|(?<![\d.#])(?P<postfix>\d{1,5})\s*#(?!\s*\d)"
)
# 要870号的: the verb right before a listing says it is the one wanted.
_BOUGHT = re.compile(r"(?:要|买|来|留|拿)\s*$")
# Quick looks for the characters each pattern needs, so most messages skip the patterns.
_LISTING_HINT = re.compile(r"[#号订定第]")
_BEHALF_HINT = re.compile(r"[帮替代]")
_CHANGE_HINT = re.compile(r"[改换修只错减加]|不是")
# D35号订单: the 号 belongs to the order code, not to a listing.
_ORDER_CODE = re.compile(r"(?<![A-Za-z0-9])[Dd]\s*-?(?P<code>\d{1,8})(?!\d)(?:号)?")
_ON_BEHALF = re.compile(
    r"(?:帮|替|代)(?:我们|咱们|咱)?(?P<name>[^\s我你他她忙,，:：]{1,9}?)(?:发布|发一下|发个|挂|上架|卖)"
)
# 帮村里王秋菊发布, 帮贫困户李满秀卖, 代六组谭桂英发布: where the person lives or what they
# are comes first.
_DESCRIBED = re.compile(r"^.*(?:村里|组里|村的|组的|本村|户|村民|老乡|大爷家|大妈家|组)")
_LONGEST_NAME = 5
# 刚才说错了 是二十斤: a correction replaces the amount as 改成 does.
_CHANGE = re.compile(
    r"改成|改为|改到|换成|改一下|修改|只要|(?<![莫别不没])(?:说|搞|打|写|弄|订|报)错了"
    # D45 减到10斤, 加到二十斤, 改10斤: the new amount itself.
    r"|减到|减为|加到|增加到|改(?=\s*[\d一二两三四五六七八九十半])"
    # 不是 是20斤: the bot's reading is taken back and the amount given again.
    r"|(?<!是)不是[\s,，]*是(?=\s*[\d一二两三四五六七八九十半])"
)


class References(NamedTuple):
    listing: int | None
    order_code: str | None
    on_behalf_of: str | None
    change: bool
    spans: tuple[tuple[int, int], ...]


def find(text: str) -> References:
    spans = []
    code = _ORDER_CODE.search(text) if "D" in text or "d" in text else None
    if code:
        spans.append(code.span())
        text = text[: code.start()] + " " * (code.end() - code.start()) + text[code.end() :]
    matches = list(_LISTING.finditer(text)) if _LISTING_HINT.search(text) else []
    spans += [match.span() for match in matches]
    behalf = _ON_BEHALF.search(text) if _BEHALF_HINT.search(text) else None
    return References(
        listing=_chosen(text, matches),
        order_code=f"D{code.group('code')}" if code else None,
        on_behalf_of=_person(behalf.group("name")) if behalf else None,
        change=_CHANGE_HINT.search(text) is not None and _CHANGE.search(text) is not None,
        spans=tuple(spans),
    )


def _chosen(text: str, matches: list[re.Match[str]]) -> int | None:
    """The listing meant: the first named, or, when several are, the one a buying verb points
    at (865号的桃子和870号的比 … 要870号的六斤)."""
    numbers = [_number(next(g for g in m.groups() if g is not None)) for m in matches]
    if len(set(numbers)) > 1:
        for match, number in zip(matches, numbers, strict=True):
            if match.group().startswith(("订", "定")) or _BOUGHT.search(text, 0, match.start()):
                return number
    return numbers[0] if numbers else None


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_int(text)


def _person(words: str) -> str | None:
    name = _DESCRIBED.sub("", words)
    return name if 0 < len(name) <= _LONGEST_NAME else None
