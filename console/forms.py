"""Reading what officials type into forms: exact numbers, yuan into fen, ids of chosen rows."""

from decimal import Decimal, InvalidOperation

from core.deps import MAX_ID

MAX_DIGITS = 12


class Unclear(ValueError):
    """Not a number we can take as meant."""


def decimal(text: str | None) -> Decimal:
    cleaned = (text or "").strip().replace(",", "").replace("，", "")
    for suffix in ("斤", "元", "公斤"):
        cleaned = cleaned.removesuffix(suffix)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise Unclear(text) from error
    # 1e1000000 is a valid Decimal, and turning it into fen (an int) takes minutes: no amount
    # anyone types is beyond a trillion or finer than a trillionth.
    if not value.is_finite() or (value and abs(value.adjusted()) > MAX_DIGITS):
        raise Unclear(text)
    return value


def optional_decimal(text: str | None) -> Decimal | None:
    return decimal(text) if text and text.strip() else None


def fen(yuan_text: str | None) -> int:
    """'2.5' (yuan) → 250; more than two decimals is a slip, not a price."""
    value = decimal(yuan_text) * 100
    if value != value.to_integral_value():
        raise Unclear(yuan_text)
    return int(value)


def ids(values: list[str]) -> list[int]:
    """Chosen row ids; anything that is not a whole number is ignored, not trusted."""
    return sorted({number for v in values if (number := row_id(v)) is not None})


def row_id(text: str) -> int | None:
    """A row's id, or None: not digits, or beyond the ids a database holds (an id of 5,000
    digits is not even an int Python will read from a string)."""
    if not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
