"""Render the sentences people read: every one of them lives in templates/."""

from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

import templates

TEMPLATES_DIR = Path(templates.__file__).resolve().parent


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a missing value is a bug, not an empty gap in a reply
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["amount"] = amount
    env.filters["yuan"] = yuan
    return env


def amount(value: Decimal | int) -> str:
    """5000, 9.6, 0.5: a quantity as people write it, without trailing zeros."""
    return format(Decimal(value).normalize(), "f")


def yuan(fen: int) -> str:
    """Integer fen as yuan: 250 → 2.5, 48000 → 480, 5 → 0.05."""
    return amount(Decimal(fen) / 100)


def render(name: str, /, **context: object) -> str:
    """Render a template; chat texts come back without surrounding blank lines."""
    text = environment().get_template(name).render(**context)
    return text.strip() if name.endswith(".txt") else text
