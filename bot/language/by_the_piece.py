"""Goods bought by the 块 (tofu, 香干, konjac), where 块 is also the word for yuan: when a bare
N块 counts pieces rather than naming a price."""

import re
from collections.abc import Callable

from bot.language import jielong
from bot.language.numbers import read_amount
from bot.language.prices import Price
from bot.language.quantities import Quantity

_COUNT = re.compile(r"\s*([\d零〇一二两三四五六七八九十百千]{1,6})\s*块")
# 要豆腐50块 counts pieces when no other price or amount is named, and so does 魔芋要两块,
# konjac set in blocks as tofu is.
SOLD_BY_THE_PIECE = ("豆腐", "香干", "魔芋")
# 豆腐要四十块 千张十斤: a bare N块 said right after tofu, or after tofu and a buying word, counts
# its pieces whatever else the message counts.
_AFTER_GOODS = re.compile(rf"(?:{'|'.join(SOLD_BY_THE_PIECE)})\s*(?:我?要|来|买|留|给我来?)?\s*$")

Split = tuple[list[Price], list[Quantity]]  # the prices kept, and the pieces taken from them


def counted(found: list[Price], clean: str) -> Split:
    """香干 1块钱一块 有三百块: once a price per 块 is named, a bare 三百块 counts pieces."""
    if len(found) < 2 or not any(p.unit == jielong.PIECE for p in found):
        return found, []
    return _split(found, clean, lambda price: True)


def after_goods(found: list[Price], clean: str) -> Split:
    """豆腐要四十块 千张十斤: a bare N块 right after goods bought by the 块 counts them."""
    return _split(found, clean, lambda price: _AFTER_GOODS.search(
        clean, max(0, price.start - 8), price.start) is not None)


def alone(found: list[Price], clean: str) -> Split:
    """豆腐我要五块: pieces of tofu, when every price found is a bare N块."""
    pieces = [_pieces(price, clean) for price in found]
    if None in pieces:
        return found, []
    return [], pieces


def _split(found: list[Price], clean: str, where: Callable[[Price], bool]) -> Split:
    """The bare N块 among `found` for which `where` holds, taken out as N pieces."""
    kept: list[Price] = []
    taken: list[Quantity] = []
    for price in found:
        pieces = _pieces(price, clean) if where(price) else None
        if pieces is None:
            kept.append(price)
        else:
            taken.append(pieces)
    return kept, taken


def _pieces(price: Price, clean: str) -> Quantity | None:
    """A price that is only a bare N块, read as N pieces; None for any other."""
    words = clean[price.start : price.end]
    count = _COUNT.fullmatch(words) if price.unit is None else None
    amount = read_amount(count.group(1)) if count else None
    if amount is None or amount.exact is None:
        return None
    return Quantity(amount, jielong.PIECE, price.start, price.end, words)
