"""Render the sentences people read: every one of them lives in templates/."""

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

import templates

TEMPLATES_DIR = Path(templates.__file__).resolve().parent


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a missing value is a bug, not an empty gap in a reply
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: object) -> str:
    """Render a template; chat texts come back without surrounding blank lines."""
    text = environment().get_template(name).render(**context)
    return text.strip() if name.endswith(".txt") else text
