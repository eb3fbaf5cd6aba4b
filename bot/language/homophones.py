"""Produce names typed by sound: a pinyin keyboard offers the wrong character of the same sound.

Only the last character of a name is put right, as it is the one that says what kind of goods
they are (毛套 for 毛桃, 红书 for 红薯, 香焦 for 香蕉); whether the name so put right is produce
is for the dictionary to say. Slips the township types often are listed in the dictionary itself
(百菜, 红署, 辣交); these cover the rest of each kind.
"""

from collections.abc import Iterator

# The character that names a kind of goods, and the characters of its sound typed in its place.
# Characters that are everyday words of their own after a name (有, 了, 的) are left out.
_TYPED_FOR_KIND = {
    "薯": "书署鼠树数属",
    "桃": "套淘逃讨",
    "椒": "交焦叫角胶",
    "蕉": "交焦",
    "瓜": "挂刮",
    "菇": "姑孤咕古",
    "笋": "损孙",
    "蛋": "但旦淡弹",
    "菜": "才彩采财蔡",
    "豆": "斗逗痘",
    "姜": "将江僵",
    "蒜": "算酸",
    "葱": "聪冲",
    "藕": "偶呕",
    "枣": "早找澡",
    "橙": "成城程",
    "柚": "又右",
    "梨": "离里",
    "莓": "梅煤",
    "柿": "是事市式",
    "茶": "查察",
    "菌": "军君",
    "橘": "菊局",
    "桔": "结洁",
    "柑": "甘",
    "薹": "台抬",
    "芹": "琴勤",
    "鸡": "机基",
    "鸭": "压押",
    "鱼": "于余",
}
_KINDS_TYPED_AS: dict[str, str] = {}
for _kind, _typed in _TYPED_FOR_KIND.items():
    for _char in _typed:
        _KINDS_TYPED_AS[_char] = _KINDS_TYPED_AS.get(_char, "") + _kind


def respellings(word: str) -> Iterator[str]:
    """The word with its last character put back to each kind it may have been typed for."""
    if len(word) < 2:
        return
    for kind in _KINDS_TYPED_AS.get(word[-1], ""):
        yield word[:-1] + kind
