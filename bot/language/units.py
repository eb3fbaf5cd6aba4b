"""Units of sale: weights convert exactly to 斤 and grams, count units only through a pack."""

from decimal import ROUND_HALF_UP, Decimal

from bot.language.numbers import tidy

GRAMS_PER_JIN = 500

# 1 斤 = 500 g = 10 两; 1 公斤 = 1 千克 = 2 斤; 1 吨 = 2000 斤; 1 担 = 100 斤.
WEIGHTS_IN_JIN = {
    "斤": Decimal(1),
    "市斤": Decimal(1),
    "公斤": Decimal(2),
    "千克": Decimal(2),
    "吨": Decimal(2000),
    "担": Decimal(100),
    "两": Decimal("0.1"),
    "克": Decimal("0.002"),
}

# 饼 counts pressed tea (白茶饼 每饼357克); 打 is a dozen (鸡蛋要一打); 朵 counts dried
# white fungus and mushrooms (银耳要两朵); 节 counts lotus root and sugar cane by the joint.
COUNT_UNITS = frozenset("箱袋件筐把个板瓶桶只份包盒捆扎颗棵根串条头篮篓车罐株束枚兜网提饼打朵节")

_SPELLINGS = {"市斤": "斤"}

# Longest first so 公斤 wins over 斤. Some count words are also ordinary words
# (3个月, 2车间, 网上), so they are refused when followed by what makes them so.
WEIGHT_UNIT = r"(?:市斤|公斤|千克|斤|吨|担|两|克)"
COUNT_UNIT = (
    r"(?:个(?!月|人|村|小时|星期|礼拜|工作日|多月|点)"
    r"|车(?!间|站)|网(?!上|购|店|点|络)|头(?!发)"
    # 一打听, 两打电话 are no dozens: 打 is counted only when no verb's object follows.
    r"|打(?![听电扰折工算开包错农药款钱字卡车架理扫了过给到个一的我你他她招])"
    # 莲藕要两节 counts joints; 五一节, 十一节 and 两节课 are holidays and lessons.
    r"|(?<!五一)(?<!十一)(?<!八一)节(?![日目约省课假气前后快])"
    r"|[箱袋件筐把板瓶桶只份包盒捆扎颗棵根串条篮篓罐壶株束枚兜提饼朵])"
)
UNIT = rf"(?:{WEIGHT_UNIT}|{COUNT_UNIT})"


def canonical(unit: str) -> str:
    return _SPELLINGS.get(unit, unit)


def is_weight(unit: str | None) -> bool:
    return unit in WEIGHTS_IN_JIN


def is_count(unit: str | None) -> bool:
    return unit is not None and unit not in WEIGHTS_IN_JIN


def to_jin(quantity: Decimal, unit: str) -> Decimal | None:
    factor = WEIGHTS_IN_JIN.get(unit)
    return None if factor is None else tidy(quantity * factor)


def to_grams(jin: Decimal | None) -> int | None:
    if jin is None:
        return None
    return int((jin * GRAMS_PER_JIN).to_integral_value(rounding=ROUND_HALF_UP))
