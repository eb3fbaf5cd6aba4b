"""What the bot understood from one message."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

INTENTS = ("offer", "order", "cancel", "query", "jielong", "help", "unknown")


@dataclass(frozen=True, slots=True)
class Ask:
    """A question to send back instead of guessing; `kind` names templates/ask/<kind>.txt."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Pack:
    """A stated pack: 每箱10斤 is Pack("箱", jin=10, quantity=10, of_unit="斤")."""

    unit: str
    jin: Decimal | None
    quantity: Decimal
    of_unit: str


@dataclass(frozen=True, slots=True)
class JielongLine:
    """One numbered line of a 接龙 list."""

    name: str | None
    quantity: Decimal | None
    unit: str | None
    jin: Decimal | None
    notes: tuple[str, ...] = ()
    product: str | None = None
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    intent: str = "unknown"
    product: str | None = None
    products: tuple[str, ...] = ()
    quantity: Decimal | None = None
    unit: str | None = None
    jin: Decimal | None = None
    grams: int | None = None
    price_fen: int | None = None
    price_unit: str | None = None
    listing: int | None = None
    order_code: str | None = None
    notes: tuple[str, ...] = ()
    pack: Pack | None = None
    lines: tuple[JielongLine, ...] = ()
    ask: Ask | None = None
    # Who an official posts for (帮李佰飞发布), what a query is about (orders, price, stock),
    # and whether an order replaces an earlier quantity (2号改成30斤) rather than adds to it.
    on_behalf_of: str | None = None
    topic: str | None = None
    change: bool = False
