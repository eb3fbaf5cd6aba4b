"""Units written out of their usual place, as a kitchen's late shorthand has them: before the
number (西红柿 斤20, 斤数8, 个数6) or once for a whole list (辣椒30 黄瓜20 都是斤). Both are put
back after their numbers, so that the amounts read as 20斤 and 30斤 do."""

import re

# A count said as what is counted, then the number (斤数：8, 个数6).
_COUNTED_BEFORE = re.compile(r"(斤|个|箱|袋|件|只)数\s*[:：]?\s*(\d+(?:\.\d+)?)(?![\d.])")
# 斤20: the 斤 alone before a number. Not after a numeral, 每 or 一 (一斤20 and 每斤20 price a
# 斤 at 20 yuan), nor before a unit or money (斤 20元 is a price, 斤2两 a weight).
_JIN_BEFORE = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万几半每/公市千])斤\s*(\d+(?:\.\d+)?)"
    r"(?![\d.]|\s*(?:[元块毛角钱号两斤个箱袋件只]|公斤))"
)
# 都是斤, 单位：斤 at the end: the unit of every bare number before it.
_UNIT_FOR_ALL = re.compile(
    r"[\s,，。]*(?:都是|全是|全部是|单位\s*[:：]?)\s*(斤|公斤|个|箱|袋|件|只)\s*$"
)
# A bare number right after goods (辣椒30): not a time, listing, price or anything with a unit.
_BARE_AFTER_GOODS = re.compile(r"(?<=[\u4e00-\u9fff])\s*(\d+(?:\.\d+)?)(?![\d.]|[^\s\d,，。、;；])")
_HINT = re.compile(r"斤\s*\d|[斤个箱袋件只]数|(?:都是|全是|全部是|单位)")


def rewrite(text: str) -> str:
    if not _HINT.search(text):
        return text
    text = _COUNTED_BEFORE.sub(r"\2\1", text)
    text = _JIN_BEFORE.sub(r"\1斤", text)
    for_all = _UNIT_FOR_ALL.search(text)
    if for_all:
        unit = for_all.group(1)
        head = text[: for_all.start()]
        text = _BARE_AFTER_GOODS.sub(lambda m: f"{m.group(1)}{unit}", head)
    return text
