"""Exact quantities as JSON numbers: 5000 and 9.6, never "5000.000" or a string."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

THOUSANDTH = Decimal("0.001")


def as_number(value: Decimal) -> int | float:
    """Whole amounts as ints; the rest rounded half up to thousandths, as stored."""
    rounded = value.quantize(THOUSANDTH, ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


# Only JSON output is converted; Python code reading the model keeps the exact Decimal.
Quantity = Annotated[
    Decimal,
    PlainSerializer(as_number, return_type=int | float, when_used="json"),
    WithJsonSchema({"type": "number", "examples": [5000, 9.6]}),
]
