"""`zhunong parse --jsonl`: one {"text": ...} object a line in, one reading a line out."""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from bot.language.reader import parse
from bot.language.rendering import as_json


def parse_jsonl(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Results in input order; a line that is not a {"text": str} object gives {"error": ...}."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _one(number, line)


def _one(number: int, line: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except ValueError as error:
        return {"error": f"line {number}: not JSON ({error.msg})"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {"error": f'line {number}: expected an object with a "text" string'}
    return as_json(parse(item["text"]))
