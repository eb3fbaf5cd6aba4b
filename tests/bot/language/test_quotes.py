"""A WeChat reply that quotes an earlier message is read as the reply, in the quote's context."""

from decimal import Decimal

from bot.language import parse
from bot.language.quotes import split

RULE = "- - - - - - - - - - - - - - -"


def test_the_quote_and_the_rule_are_taken_apart_from_the_reply() -> None:
    quoted = split(f"「李书记:12号 西兰花 2.5元一斤」\n{RULE}\n给我留30斤")
    assert quoted is not None
    assert (quoted.quoted, quoted.reply) == ("12号 西兰花 2.5元一斤", "给我留30斤")


def test_a_message_without_a_quote_is_not_split() -> None:
    assert split("给我留30斤") is None


def test_the_amount_and_price_come_from_the_reply_not_the_quoted_listing() -> None:
    reading = parse(f"「李书记：12号 西兰花 2.5元一斤 还剩800斤」\n{RULE}\n给我留30斤")
    assert (reading.intent, reading.quantity, reading.unit) == ("order", Decimal(30), "斤")
    assert (reading.product, reading.listing) == ("西兰花", 12)
    assert reading.price_fen is None


def test_a_product_named_in_the_reply_wins_over_the_quoted_one() -> None:
    reading = parse(f"「焦书记：莲藕 3元/斤」\n{RULE}\n我要二十斤红薯")
    assert reading.product == "红薯"


def test_small_talk_under_a_quote_takes_nothing_from_it() -> None:
    reading = parse(f"「焦书记：莲藕 3元/斤 有两千斤」\n{RULE}\n好的 谢谢书记")
    assert (reading.intent, reading.product) == ("unknown", None)


def test_a_quote_of_several_products_does_not_pick_one() -> None:
    reading = parse(f"「李书记：西兰花 土豆 都有」\n{RULE}\n要十斤")
    assert reading.product is None


def test_a_quote_shown_as_its_own_line() -> None:
    reading = parse("引用 王姐 的消息 : 还有土鸡蛋吗\n有的 1块5一个")
    assert (reading.intent, reading.product, reading.price_fen) == ("offer", "鸡蛋", 150)
