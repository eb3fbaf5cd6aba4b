"""Which of the goods a message names are the ones bought or sold.

Goods are named for other reasons too: to compare a price (跟萝卜一个价), to take a slip back
(不是土豆 是红薯), to refuse them (要姜 不要蒜), to say what the others are for (莲藕25斤 炖排骨,
腌菜用) or where they come from (自家鸭子下的), which kind is meant (草鱼的) or what they become
(辣椒要八斤 剁辣椒); goods the village hands out are neither bought nor sold.
"""

import re

from bot.language.products import Mention
from bot.language.quantities import Quantity

# 跟萝卜一个价: goods named to say what the others cost, as much as them.
_COMPARISON_BEFORE = re.compile(r"(?:跟|和|同|比)$")
_COMPARISON_AFTER = re.compile(r"一个价|一样|差不多|的价")
# 不是土豆 是红薯: the produce taken back is not the one meant (是不是土鸡 still asks about it).
_TAKEN_BACK = re.compile(r"(?<!是)不是\s*$")
# 要姜 不要蒜: goods refused beside goods wanted are not the product (我不要红薯了 still names it).
_NOT_WANTED = re.compile(r"不要\s*$")
# 村部发放鸡苗 每户限领10只: goods handed out by the village are not sold or bought.
_HANDED_OUT = re.compile(r"(?:发放|免费发|免费领|领取)\s*$")
# 莲藕25斤 炖排骨, 这周改吃鱼: goods after a cooking word say what the others are for, as
# they do after 打 or 包 (糯米 过年打糍粑, 包粽子用), while 两包粽子 still counts them; so do
# goods after a word for putting food by (芥菜 腌酸菜, 糯米 酿甜酒, 猪肉 灌香肠, 五花肉 熏腊肉).
_FOR_A_DISH = re.compile(
    r"(?:炖|煮|熬|蒸|炒|烧|焖|做|吃|打|腌|酿|灌|晒|熏|(?<![\d一二两三四五六七八九十几半每这那])包)\s*$"
)
# 鸭蛋 有六百个 都是自家鸭子下的: the bird that laid the eggs says where they come from.
_LAID_BY = re.compile(r"[下生]的|下蛋")
# 腊鱼来两斤 草鱼的, 腊肉要五斤 五花的: goods named after every amount and closed by 的 say
# which kind is wanted, and are no second purchase.
_WHICH_KIND = re.compile(r"的\s*(?:$|[,，。!！])")
# 大白菜来三颗 腌菜用, 辣椒十斤 剁辣椒用: goods named just before 用 say what the others are
# for, and are not bought.
_FOR_A_USE = re.compile(r"\s*用(?:的|来)?(?=$|[\s,，。!！])")


Span = tuple[int, int]


def meant(
    clean: str, mentions: list[Mention], destinations: list[Span], amounts: list[Quantity]
) -> list[Mention]:
    """The goods bought or sold among those named; where every one is named for another reason,
    the refused or the purposes are kept, as the message names nothing else."""
    mentions = [
        m
        for m in mentions
        if not any(s <= m.start < e for s, e in destinations)
        and not _compared_with(clean, m)
        and not _TAKEN_BACK.search(clean, max(0, m.start - 3), m.start)
        and not _HANDED_OUT.search(clean, max(0, m.start - 3), m.start)
    ]
    wanted = [m for m in mentions if not _NOT_WANTED.search(clean, max(0, m.start - 3), m.start)]
    if wanted:
        mentions = wanted
    bought = [
        m
        for m in mentions
        if not _FOR_A_DISH.search(clean, max(0, m.start - 2), m.start)
        and not _FOR_A_USE.match(clean, m.end)
        and not _LAID_BY.match(clean, m.end)
        and not _which_kind(clean, m, amounts)
    ]
    if bought:
        mentions = bought
    return [m for m in mentions if not _made_from_earlier(m, mentions, amounts)]


def _made_from_earlier(mention: Mention, mentions: list[Mention], amounts: list[Quantity]) -> bool:
    """辣椒要八斤 剁辣椒: goods named after the amount, whose name holds goods named before it,
    say what those become; with an amount of their own (萝卜干两斤) they are bought too."""
    if not amounts or any(q.end > mention.start for q in amounts):
        return False
    return any(
        other.end <= mention.start and other.word != mention.word and other.word in mention.word
        for other in mentions
    )


def _which_kind(clean: str, mention: Mention, amounts: list[Quantity]) -> bool:
    """腊鱼来两斤 草鱼的: a kind named after the amounts, with none of its own."""
    return bool(
        amounts
        and all(q.end <= mention.start for q in amounts)
        and _WHICH_KIND.match(clean, mention.end)
    )


def _compared_with(clean: str, mention: Mention) -> bool:
    """跟萝卜一个价 names another product only to say what this one costs."""
    return bool(
        _COMPARISON_BEFORE.search(clean, 0, mention.start)
        and _COMPARISON_AFTER.match(clean, mention.end)
    )
