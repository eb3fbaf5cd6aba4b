"""The language layer: read free Chinese chat text about produce, without I/O."""

from bot.language.jsonl import parse_jsonl
from bot.language.reader import parse
from bot.language.reading import Ask, JielongLine, Pack, Reading
from bot.language.rendering import as_json, ask_text, not_understood

__all__ = [
    "Ask",
    "JielongLine",
    "Pack",
    "Reading",
    "as_json",
    "ask_text",
    "not_understood",
    "parse",
    "parse_jsonl",
]
