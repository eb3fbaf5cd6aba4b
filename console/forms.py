"""Reading what officials type into forms: exact numbers, yuan into fen, ids of chosen rows."""

from decimal import Decimal, InvalidOperation


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
    if not value.is_finite():
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
    return sorted({int(v) for v in values if v.isdigit()})
