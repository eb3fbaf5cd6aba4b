"""Amounts the bot refuses rather than acts on: negative, nothing, or beyond belief.

The language layer reads numbers, not signs: 「-5斤」 and 「负五斤」 both come out as five, since a
dash is as often a bullet or a range (5-10斤). Where a minus can only be a minus (before a
number, after no digit, and not a time like 「-3点」), the handlers refuse the message instead of
acting on the number. So too a number written as 1e30, which the reader takes for 30.

Every refusal is one sentence of templates/bot/amount_refused.txt, then how to say it right.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from bot.context import say
from catalog.service import MAX_PRICE_FEN, MIN_QUANTITY

# What one person would type for one listing, order or restock: a million units is 500 tonnes of
# 斤, beyond any village's harvest; more is a slip of the keyboard (an extra 万, a few zeros).
PLAUSIBLE_QUANTITY = Decimal(1_000_000)
# A weighed delivery differs from the order by a little; over twice the order is a slip.
WEIGHED_AT_MOST = 2

_DIGIT = r"[\d零〇一二两三四五六七八九十百千万亿]"
MINUS = re.compile(rf"(?<![\d.])[-−－﹣]\s*\d(?![\d.]*\s*[点号月日:：])|负\s*{_DIGIT}")
EXPONENT = re.compile(r"\d\s*[eE]\s*[-+]?\s*\d")


def negative(text: str) -> bool:
    return MINUS.search(text) is not None


def garbled(text: str) -> bool:
    """A number in scientific notation: nobody orders vegetables that way."""
    return EXPONENT.search(text) is not None


def quantity_problem(amount: Decimal) -> str | None:
    """Why a quantity cannot be taken as meant, or None."""
    if amount.quantize(MIN_QUANTITY, ROUND_HALF_UP) <= 0:
        return "zero"
    if amount > PLAUSIBLE_QUANTITY:
        return "too_large"
    return None


def price_problem(price_fen: int) -> str | None:
    if price_fen <= 0:
        return "price_zero"
    if price_fen > MAX_PRICE_FEN:
        return "price_too_high"
    return None


def refused(problem: str, what: str, **values: object) -> str:
    """The polite refusal for `problem`, with an example of `what` the person was doing."""
    values.setdefault("unit", "斤")
    return say("amount_refused", problem=problem, what=what, most=PLAUSIBLE_QUANTITY,
               max_price_fen=MAX_PRICE_FEN, weighed_at_most=WEIGHED_AT_MOST, **values)
