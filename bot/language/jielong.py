"""接龙 lists: a header (product, price, cut-off) and numbered lines, one person each."""

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.language import noise, notes, products, quantities, restarts
from bot.language.numbers import read_amount, read_exact
from bot.language.reading import JielongLine, Pack
from bot.language.units import to_jin

# One person's line: a name, an amount and perhaps a phone number or a place.
LINE_CHARS = 200
MAX_LINES = 200
_HEADER = re.compile(r"^#?\s*接龙")
# 1. 张三, 2、李四, 3) 王五, 4-赵六; but not 1.5吨, which is an amount.
_ENTRY = re.compile(r"^\(?(?P<number>\d{1,3})\s*(?:[、)]|\.(?!\d)|-(?!\d))\s*(?P<body>.*)$")
# #接龙 红薯 1元一斤 1.王芳 5斤: the first entry typed on the title line.
_FIRST_ENTRY_ON_TITLE = re.compile(r"\s+(?=1\s*(?:[、)]|\.(?!\d))\s*[^\d\s])")
# 【王芳】30个: a name in brackets at the start of a line is the name, not a remark.
_BRACKETED_NAME = re.compile(r"^[【\[]([^】\]]{1,12})[】\]]")
# What may be typed between a name and its amount (王芳+5斤, 王芳-5斤).
_NAME_MARKS = " -+:：~"
# 李四-3斤 is not a range from 四: a mark between a name and its digits only separates them.
_MARK_BEFORE_AMOUNT = re.compile(r"(?<=[^\x00-\x7f])[-+](?=\d)")
# Under a 接龙 title a number and a space is enough (1 张三 3把; ① reads as 1 once cleaned).
_SPACED_ENTRY = re.compile(r"^(?P<number>\d{1,3})\s+(?P<body>[^\s\d.].*)$")
_PLUS = re.compile(r"^\+\s*(?P<count>\d{1,3})(?!\d)\s*(?P<body>.*)$")
_BARE_NUMBER = re.compile(
    r"(?:^|\s)\+?\s*(\d{1,5}(?:\.\d{1,3})?|[一二两三四五六七八九十百]{1,4})(?:\s|$)"
)
# 周老师(二中): a remark in brackets says where or for whom, and is not part of the name.
_REMARK = re.compile(r"[(\[【][^)\]】]{0,12}[)\]】]")
# 王五2斤, 张三10斤: a name that ends in a numeral, typed right against the amount.
_NAME_THEN_DIGITS = re.compile(r"(?<=[一二三四五六七八九十])(?=\d)")
PIECE = "块"
_PIECES = re.compile(r"(?<![\d.])(?P<num>\d{1,4}|[一二两三四五六七八九十]{1,3})块(?!钱)")
_EXAMPLE = re.compile(r"^(?:例|例如|格式|示例)\s*[:：]?")
_LONGEST_UNNUMBERED_NAME = 6
_HAS_PRICE = re.compile(r"\d\s*(?:元|块)|[元块]\s*/|毛钱?[一每/]")


@dataclass(frozen=True, slots=True)
class Entry:
    number: int | None
    body: str


@dataclass(frozen=True, slots=True)
class Split:
    header: str
    entries: tuple[Entry, ...]


def split(clean: str) -> Split | None:
    """The header and the entries, or None when the message is not a 接龙."""
    lines = clean.split("\n")
    plus = _PLUS.match(lines[0])
    if plus and len(lines) == 1:
        return Split("", (Entry(None, f"+{plus.group('count')} {plus.group('body')}".strip()),))
    title = _HEADER.match(lines[0])
    titled = title is not None
    # The topic may share the title line: #接龙 韭菜 1元一把; so may the first entry.
    if title:
        lines[:1] = _FIRST_ENTRY_ON_TITLE.split(lines[0], maxsplit=1)
    header: list[str] = [lines[0][title.end() :].strip()] if title else []
    entries: list[Entry] = []
    for line in (lines[1:] if titled else lines)[:MAX_LINES]:
        match = _ENTRY.match(line) or (_SPACED_ENTRY.match(line) if titled else None)
        if match and not _EXAMPLE.match(match.group("body")):
            if match.group("body").strip():  # 4. left empty for the next person
                entries.append(Entry(int(match.group("number")), match.group("body").strip()))
        elif titled and (header or entries) and _unnumbered_entry(line):
            entries.append(Entry(None, line))
        elif not entries and not _EXAMPLE.match(line):
            header.append(line)
    if not titled and (
        not entries
        or (header and len(entries) < 2)
        or any(_HAS_PRICE.search(entry.body) for entry in entries)
        or all(_names_goods_first(entry.body) for entry in entries)
    ):
        return None
    return Split("\n".join(line for line in header if line), tuple(entries))


def _unnumbered_entry(line: str) -> bool:
    """刘姐 5斤 under a 接龙 title: a name and an amount, without the number."""
    if _EXAMPLE.match(line) or _HAS_PRICE.search(line) or _names_goods_first(line):
        return False
    words = line.split()
    if len(words) < 2 or len(words[0]) > _LONGEST_UNNUMBERED_NAME:
        return False
    masked = noise.mask(line, noise.not_amounts(line))
    found = quantities.find(masked)
    return bool(found) and found[0].start >= len(words[0]) and found[0].unit is not None


def _names_goods_first(body: str) -> bool:
    """1. 土豆 200斤 lists goods, as a canteen's shopping list does; a 接龙 line names a person."""
    found = products.find(body)
    return bool(found) and found[0].start == 0


def read_line(
    entry: Entry,
    pack: Pack | None,
    list_unit: str | None = None,
    list_product: str | None = None,
) -> JielongLine:
    """One line; a bare number (李四 20) counts in the list's unit, as +1 does."""
    body = _NAME_THEN_DIGITS.sub(" ", entry.body[:LINE_CHARS])
    if "-" in body or "+" in body:
        body = _MARK_BEFORE_AMOUNT.sub(" ", body)
    if body[:1] in "【[":
        body = _BRACKETED_NAME.sub(r"\1 ", body)
    plus = _PLUS.match(body)
    if plus:
        body = plus.group("body")
    found_notes = notes.find(body)
    spans = [(start, end) for start, end, _ in found_notes] + noise.not_amounts(body)
    if "(" in body or "[" in body or "【" in body:
        spans += [match.span() for match in _REMARK.finditer(body)]
    masked = noise.mask(body, spans)
    # 老谭 3斤 改成4斤, 龚 6块 不对 8块: a line changed in place counts its last amount.
    amounts = restarts.amounts(quantities.find(masked), masked)
    mentions = [m for m in products.find(masked) if m.name]
    if list_product and _nickname_is_produce(masked, mentions, amounts):
        # 1. 小白菜 3斤 under a list that already says what is sold: 小白菜 is who wrote it.
        mentions = mentions[1:]
    quantity, unit, jin = _amount(amounts, pack)
    if quantity is None and list_unit == PIECE:
        quantity, unit, jin = _pieces(masked)
    bare = _BARE_NUMBER.search(masked) if quantity is None else None
    if bare:
        quantity, unit = read_exact(bare.group(1)), list_unit
        jin = to_jin(quantity, unit) if quantity is not None and unit else None
    if quantity is None and plus:
        quantity = Decimal(plus.group("count"))
    return JielongLine(
        name=_name(masked, amounts, mentions, plus is not None),
        quantity=quantity,
        unit=unit,
        jin=jin,
        notes=tuple(phrase for _, _, phrase in found_notes),
        product=mentions[0].name if mentions else None,
        number=entry.number,
    )


def _pieces(masked: str) -> tuple[Decimal | None, str | None, Decimal | None]:
    """王 5块 under a list priced by the 块 (of tofu) asks for pieces, not yuan."""
    match = None
    for found in _PIECES.finditer(masked):
        if match is not None and not restarts.taken_back(masked, match.end(), found.start()):
            break
        match = found
    amount = read_amount(match.group("num")) if match else None
    if amount is None or amount.exact is None:
        return None, None, None
    return amount.exact, PIECE, None


def _amount(
    amounts: list[quantities.Quantity], pack: Pack | None
) -> tuple[Decimal | None, str | None, Decimal | None]:
    exact = next((q for q in amounts if q.value is not None), None)
    if exact is None or exact.value is None:
        return None, None, None
    jin = to_jin(exact.value, exact.unit)
    if jin is None and pack is not None and pack.unit == exact.unit and pack.jin is not None:
        jin = exact.value * pack.jin
    return exact.value, exact.unit, jin


def _name(
    masked: str,
    amounts: list[quantities.Quantity],
    mentions: list[products.Mention],
    plus: bool,
) -> str | None:
    if plus:
        return None
    parts = masked.split()
    if len(parts) > 1 and not _starts_with_amount_or_product(masked, amounts, mentions):
        return parts[0].strip(_NAME_MARKS) or None
    ends = [q.start for q in amounts] + [m.start for m in mentions] + [len(masked)]
    name = masked[: min(ends)].strip(_NAME_MARKS)
    return name or None


def _nickname_is_produce(
    masked: str, mentions: list[products.Mention], amounts: list[quantities.Quantity]
) -> bool:
    words = masked.split()
    if len(words) < 2 or not mentions or not amounts:
        return False
    first = mentions[0]
    return first.start == 0 and first.end == len(words[0]) and amounts[0].start >= first.end


def _starts_with_amount_or_product(
    masked: str, amounts: list[quantities.Quantity], mentions: list[products.Mention]
) -> bool:
    first_word_end = len(masked.split()[0])
    return any(q.start < first_word_end for q in amounts) or any(
        m.start < first_word_end for m in mentions
    )
