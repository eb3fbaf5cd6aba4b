"""Amounts and prices said twice: a speaker who starts again, or takes the first back, means
the second."""

import itertools
import re
from collections.abc import Callable
from typing import TypeVar

from bot.language.prices import Price
from bot.language.quantities import Quantity

_BETWEEN = re.compile(r"[\s,，.。、…]*")
# 十斤 不 十五斤, 两斤 哦不对 三斤, 五斤苹果 不对 六斤: the speaker takes the first amount back.
_TAKEN_BACK = re.compile(
    r"[^\s\d不]{0,4}[\s,，.。、…]*(?:[哦呃噢啊]\s*)?不(?:对|是)?[\s,，.。、…!！]*"
    # 八斤 算了还是五斤, 三个 哦还是两个吧: a speaker who goes back to an amount means it again.
    r"|[\s,，.。、…]*(?:算了|[哦呃噢啊嗯])\s*还是(?:要)?\s*"
    # 原定200斤改为250斤, a 接龙 line's 3斤 改成4斤: an amount changed in place means the new one.
    r"|[\s,，.。、…]*(?:改成|改为|改到|换成)\s*"
)

T = TypeVar("T", Price, Quantity)


def amounts(found: list[Quantity], masked: str) -> list[Quantity]:
    """要两斤 两斤半: a speaker who starts an amount again means the second, longer one, as
    one who takes it back does (十斤 不 十五斤)."""

    def restarted(here: Quantity, after: Quantity) -> bool:
        if after.text.startswith(here.text) and _next_to(here, after, masked):
            return True
        return after.unit == here.unit and taken_back(masked, here.end, after.start)

    return _second_ones(found, restarted)


def taken_back(masked: str, end: int, start: int) -> bool:
    """Whether what lies between an amount ending at `end` and the next one at `start` takes
    the first back (不对, 算了还是, 改成)."""
    return _TAKEN_BACK.fullmatch(masked, end, start) is not None


def prices(found: list[Price], clean: str, masked: str) -> list[Price]:
    """八毛 八毛钱一斤, 两块 两块五一斤: a price begun and said again in full is one price, the
    full one, as a restarted amount is."""

    def restarted(here: Price, after: Price) -> bool:
        same = (here.low_fen, here.high_fen) == (after.low_fen, after.high_fen) or clean.startswith(
            clean[here.start : here.end], after.start
        )
        return here.unit is None and same and _next_to(here, after, masked)

    return _second_ones(found, restarted)


def _next_to(here: T, after: T, masked: str) -> bool:
    return _BETWEEN.fullmatch(masked, here.end, after.start) is not None


def _second_ones(found: list[T], restarted: Callable[[T, T], bool]) -> list[T]:
    """`found` without each one the next restarts."""
    if len(found) < 2:
        return found
    kept = [here for here, after in itertools.pairwise(found) if not restarted(here, after)]
    return [*kept, found[-1]]
