"""Produce names: the editable synonym dictionary, and names the dictionary does not know."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from bot.language import homophones

DICTIONARY_FILE = Path(__file__).with_name("produce.yaml")

# How names of produce end in Chinese. A word the dictionary lacks is taken as produce only
# when it ends like one, so that 食堂, 村部 or 李家湾 next to an amount are not sold.
_PRODUCE_ENDINGS = frozenset(
    "菜果瓜豆薯笋菇蘑耳椒梨桃枣米茶蛋鸡鸭鹅鱼虾蟹肉苗叶花籽仁蜜姜蒜葱莓橘柑橙柚杏柿藕芋"
    "粉面油酱条干芽芹蕉榴檬麦粱荞糖薹蕻芥苋蒿蓝榄楂椹瓣笋菌参根粑糕酒"
    # 香椿, 桑葚, 枸杞, 灵芝: shoots, berries and herbs whose last character names no kind.
    "椿葚杞芝"
    # 虎纹蛙, 福寿螺, 三角蚌, 野生鳝, 油栗, 紫皮蔗, 香榧, 苦槠, 牛蹄, 血肠: frogs, snails, mussels,
    # eels, nuts, cane and cuts whose kind the dictionary does not list.
    "蛙螺蚌鳝鳅栗蔗榧槠蹄肠"
)
_STOP_CHARS = frozenset(
    "我你他她它这那们了吗呢吧啊哦呀嘛价钱元块毛斤两个要订买卖有在是就还都也再给留称拿"
    "来从由到跌涨降现今去年天每的和或及等左右多少几么啥谁哪送提联系电话号起只共约装批零售"
)
# Words in front of a product that are not part of its name.
_LEAD_WORDS = re.compile(
    r"我要卖|我想卖|我要|要卖|出售|发布|卖|订购|预订|预定|订|买|要|有|还有|收购|求购|新鲜的?|"
    r"新到的?|本地|自家|自种的?|农家|优质|精品|特价|现摘的?|现挖的?|售价|批发价|零售价|价格|的|是"
)
# 枸杞要一斤, 香椿来半斤: the verb between the goods and their amount is no part of the name.
_TRAIL_WORDS = re.compile(r"(?:给我|帮我)?(?:要|来|留|称)$")
# 攸县香干, 麻阳冰糖橙: where it comes from is said first, and is not part of the name.
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,4}?[省市县区镇乡村](?=[\u4e00-\u9fff]{2})")
# 桑葚要三斤 熬酱: a word begun with a cooking verb after the amount says what the goods are for.
_COOKING_VERBS = frozenset("熬炖煮煲炒蒸")
_LONGEST_NAME = 6
_CJK_TAIL = re.compile(r"([\u4e00-\u9fff]+)[\s:]*$")
_CJK_HEAD = re.compile(r"[\s:]*([\u4e00-\u9fff]+)")
# 二十斤米, 两斤肉, 一只鸡: one character names the everyday kind once an amount or a buying
# verb comes right before it, and is not the start of a longer word (米粉, 肉丝, 鸡腿).
_BARE_WORDS = {"米": "大米", "肉": "猪肉", "鸡": "土鸡", "鸭": "鸭子"}
_BARE_HINT = re.compile("[米肉鸡鸭]")
_BARE = re.compile(
    r"(?:[斤两吨担袋包箱只个把件份要买来留称]的?|[这那]种)(?P<word>[米肉鸡鸭])"
    r"(?![粉线酒饭糕面汤丝片末块皮蛋苗精翅爪腿头])"
)
# 鱼塘, 清水鱼塘, 果园: a produce word that runs into one of these names a place, not goods,
# as it does in a village or township's name (菜花坪镇, 茶叶坳, 橘子岭).
_PLACE_AFTER = frozenset("塘池场棚园圈厂坪坳湾岭")
_ASKED_ABOUT = re.compile(
    r"(?:还有没有|有没有|还有|有)([\u4e00-\u9fff]{2,6}?)(?:卖)?(?:吗|么|没有|没|不|\?)"
)


# The name given to an everyday word (花生日) that only looks like produce.
_EVERYDAY = ""


@dataclass(frozen=True, slots=True)
class Dictionary:
    names: dict[str, str]
    ambiguous: dict[str, tuple[str, ...]]
    everyday: frozenset[str]
    longest: int
    first_chars: frozenset[str]


class Mention(NamedTuple):
    """A produce word in the text; `name` is None when the word could mean several."""

    start: int
    end: int
    word: str
    name: str | None
    candidates: tuple[str, ...] = ()


def load(path: Path) -> Dictionary:
    import yaml  # loaded on first use only: importing the language layer stays cheap

    # The C loader reads the grown dictionary in a fraction of the pure Python one's time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    names: dict[str, str] = {}
    for canonical, synonyms in (data.get("products") or {}).items():
        for word in [canonical, *(synonyms or [])]:
            names.setdefault(str(word), str(canonical))
    ambiguous = {
        str(word): tuple(str(c) for c in candidates)
        for word, candidates in (data.get("ambiguous") or {}).items()
    }
    # 花生日, 瓜子脸, 明白: everyday words with a produce name inside, matched so as to be skipped.
    everyday = frozenset(str(word) for word in data.get("everyday") or ())
    words = [*names, *ambiguous, *everyday]
    return Dictionary(
        names=names,
        ambiguous=ambiguous,
        everyday=everyday,
        longest=max((len(w) for w in words), default=1),
        first_chars=frozenset(w[0] for w in words),
    )


@cache
def dictionary() -> Dictionary:
    return load(DICTIONARY_FILE)


def canonical(word: str) -> str | None:
    return dictionary().names.get(word)


def find(text: str) -> list[Mention]:
    """Every dictionary word in the text, longest match first, left to right."""
    book = dictionary()
    found: list[Mention] = []
    position, size = 0, len(text)
    while position < size:
        if text[position] not in book.first_chars:
            position += 1
            continue
        mention = _longest_at(book, text, position)
        if mention is None or text[mention.end : mention.end + 1] in _PLACE_AFTER:
            position += 1
            continue
        if mention.name == _EVERYDAY:
            position = mention.end
            continue
        found.append(mention)
        position = mention.end
    if _BARE_HINT.search(text):
        found = _with_bare_words(text, found)
    return found


def _with_bare_words(text: str, found: list[Mention]) -> list[Mention]:
    bare = [
        Mention(m.start("word"), m.end("word"), m.group("word"), _BARE_WORDS[m.group("word")])
        for m in _BARE.finditer(text)
        if not any(f.start <= m.start("word") < f.end for f in found)
    ]
    return sorted(found + bare) if bare else found


def starts_a_name(text: str, position: int) -> bool:
    """Whether a dictionary word begins at the position."""
    book = dictionary()
    if position >= len(text) or text[position] not in book.first_chars:
        return False
    mention = _longest_at(book, text, position)
    return mention is not None and mention.name != _EVERYDAY


def _longest_at(book: Dictionary, text: str, position: int) -> Mention | None:
    for length in range(min(book.longest, len(text) - position), 0, -1):
        word = text[position : position + length]
        end = position + length
        if word in book.names:
            return Mention(position, end, word, book.names[word])
        if word in book.ambiguous:
            return Mention(position, end, word, None, book.ambiguous[word])
        if word in book.everyday:
            return Mention(position, end, word, _EVERYDAY)
    return None


def unknown_near(text: str, start: int, end: int) -> Mention | None:
    """A name the dictionary lacks, written just before or just after an amount."""
    found = unknown_around(text, start, end)
    return found[0] if found else None


def unknown_around(text: str, start: int, end: int) -> list[Mention]:
    """Names the dictionary lacks just before an amount, then just after it."""
    found = []
    before = _CJK_TAIL.search(text, max(0, start - _LONGEST_NAME * 2), start)
    if before:
        # The verb is cut here too, so that the name's place ends where the name does.
        tail = _TRAIL_WORDS.sub("", before.group(1))
        word = _strip_lead(tail)
        name_end = before.start(1) + len(tail)
        name = _unknown_name(word)
        if name is None:
            # 西红是要五斤: a slip may end in a word (是) that the leading words would cut.
            word, name = _respelled_tail(tail)
        if name:
            found.append(Mention(name_end - len(word), name_end, word, name))
    after = _CJK_HEAD.match(text, end)
    if after:
        word = after.group(1)[:_LONGEST_NAME]
        name = _unknown_name(word) if word[0] not in _COOKING_VERBS else None
        if name:
            found.append(Mention(after.start(1), after.start(1) + len(word), word, name))
    return found


def _respelled_tail(tail: str) -> tuple[str, str | None]:
    """The longest end of the words before an amount that is a name typed by sound."""
    for size in range(min(len(tail), _LONGEST_NAME), 1, -1):
        name = _respelled(tail[-size:])
        if name:
            return tail[-size:], name
    return tail, None


def _unknown_name(word: str) -> str | None:
    """The name a word beside an amount gives the goods: the word itself when it ends as
    produce does, or the dictionary's name when its last character was typed by sound."""
    return word if _looks_like_produce(word) else _respelled(word)


def _respelled(word: str) -> str | None:
    return next(filter(None, map(canonical, homophones.respellings(word))), None)


def asked_about(text: str) -> Mention | None:
    """The unknown produce in a question such as 还有山楂片吗."""
    match = _ASKED_ABOUT.search(text)
    name = _unknown_name(match.group(1)) if match else None
    if match and name:
        return Mention(match.start(1), match.end(1), match.group(1), name)
    return None


def _strip_lead(word: str) -> str:
    cut = 0
    for match in _LEAD_WORDS.finditer(word):
        cut = match.end()
    return _PLACE.sub("", word[cut:])[-6:]


def _looks_like_produce(word: str) -> bool:
    return (
        2 <= len(word) <= 6
        and word[-1] in _PRODUCE_ENDINGS
        and not any(char in _STOP_CHARS for char in word)
    )
