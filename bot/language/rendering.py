"""Readings as people and programs see them: the JSON of `zhunong parse` and chat replies."""

from decimal import Decimal
from typing import Any

from bot.language.reading import Ask, Reading

ROLES = ("admin", "official", "farmer", "buyer", "villager", "unknown")
JSON_KEYS = (
    "intent",
    "product",
    "quantity",
    "unit",
    "jin",
    "price_fen",
    "price_unit",
    "listing",
    "lines",
    "ask",
)


def as_json(reading: Reading) -> dict[str, Any]:
    """The ten keys of `zhunong parse`, always present, null where absent."""
    lines = None
    if reading.intent == "jielong":
        lines = [
            {
                "name": line.name,
                "quantity": number(line.quantity),
                "unit": line.unit,
                "jin": number(line.jin),
            }
            for line in reading.lines
        ]
    return {
        "intent": reading.intent,
        "product": reading.product,
        "quantity": number(reading.quantity),
        "unit": reading.unit,
        "jin": number(reading.jin),
        "price_fen": reading.price_fen,
        "price_unit": reading.price_unit,
        "listing": reading.listing,
        "lines": lines,
        "ask": ask_text(reading.ask) if reading.ask else None,
    }


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: whole amounts as int, others as float (1.5)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def ask_text(ask: Ask) -> str:
    """The polite question for an ask, from templates/ask/<kind>.txt."""
    from core.templates import render  # jinja2 is loaded only when a reply is written

    params = {key: _shown(value) for key, value in ask.params.items()}
    return render(f"ask/{ask.kind}.txt", **params)


def not_understood(role: str) -> str:
    """A reply to a message the bot could not read, with examples that fit the sender."""
    from core.templates import render

    return render("bot/not_understood.txt", role=role if role in ROLES else "unknown")


def _shown(value: Any) -> Any:
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value
