"""What `zhunong parse` prints, the questions asked back, and the replies to the unreadable."""

import json
from decimal import Decimal

import pytest

from bot.language import Ask, as_json, ask_text, not_understood, parse, parse_jsonl
from bot.language.reader import _read
from bot.language.rendering import JSON_KEYS, ROLES
from tests.bot.language.cases import own_cases, shared_cases

ASK_EXAMPLES = {
    "range": "要二三十斤",
    "vague": "要几袋",
    "which_product": "花椰菜还有吗",
    "pack_weight": "#接龙\n西红柿 3元/斤\n1. 张三 5斤\n2. 王五 两箱",
    "two_prices": "批发价2.2，零售2.5",
    "deictic": "这几袋我都要了",
    "several_products": "要5把韭菜，2把香菜",
}


def test_every_key_is_always_present() -> None:
    for text in ("", "要20斤", "#接龙\n1. 张三 10斤", "帮助"):
        result = as_json(parse(text))
        assert tuple(result) == JSON_KEYS


def test_an_offer_as_json() -> None:
    result = as_json(parse("帮李佰飞发布 西蓝花 5000斤 2.5元一斤 村部自提"))
    assert result == {
        "intent": "offer",
        "product": "西兰花",
        "quantity": 5000,
        "unit": "斤",
        "jin": 5000,
        "price_fen": 250,
        "price_unit": "斤",
        "listing": None,
        "lines": None,
        "ask": None,
    }


def test_quantities_keep_the_unit_the_message_used() -> None:
    assert as_json(parse("我要两箱"))["quantity"] == 2
    result = as_json(parse("马铃薯要1.5吨"))
    assert (result["quantity"], result["unit"], result["jin"]) == (1.5, "吨", 3000)


def test_jielong_lines_as_json() -> None:
    result = as_json(parse("#接龙\n西蓝花 2.5元/斤\n1. 张三 10斤\n2. 李四 1.5公斤"))
    assert result["lines"] == [
        {"name": "张三", "quantity": 10, "unit": "斤", "jin": 10},
        {"name": "李四", "quantity": 1.5, "unit": "公斤", "jin": 3},
    ]


def test_every_corpus_reading_is_json_serialisable() -> None:
    for case in own_cases() + shared_cases():
        json.dumps(as_json(parse(case.text)), ensure_ascii=False)


@pytest.mark.parametrize(("kind", "text"), sorted(ASK_EXAMPLES.items()))
def test_each_ask_is_a_polite_chinese_question(kind: str, text: str) -> None:
    reading = _read(text, None, None)
    assert reading.ask is not None and reading.ask.kind == kind
    question = as_json(reading)["ask"]
    assert isinstance(question, str) and question
    assert any(mark in question for mark in "？?")


def test_a_count_unit_for_a_listing_sold_by_weight_asks_for_the_pack_weight() -> None:
    reading = parse("我要两箱", sold_by="斤")
    assert reading.ask == Ask("pack_weight", {"unit": "箱", "sold_by": "斤", "person": None})
    assert "每箱" in ask_text(reading.ask)


def test_a_known_pack_gives_the_weight() -> None:
    from bot.language import Pack

    reading = parse("我要两箱", sold_by="斤", pack=Pack("箱", Decimal(10), Decimal(10), "斤"))
    assert (reading.jin, reading.grams, reading.ask) == (20, 10000, None)


def test_the_range_question_names_the_range() -> None:
    assert "20到30斤" in as_json(parse("要二三十斤"))["ask"]


@pytest.mark.parametrize("role", [*ROLES, "somebody else"])
def test_not_understood_gives_two_or_three_examples(role: str) -> None:
    reply = not_understood(role)
    assert 2 <= reply.count("「") <= 3
    for example in reply.split("「")[1:]:
        assert parse(example.split("」")[0]).intent != "unknown"


def test_replies_fit_the_role() -> None:
    assert "发布" in not_understood("official")
    assert "订" in not_understood("buyer")


def test_jsonl_results_come_in_order_and_bad_lines_do_not_stop_the_rest() -> None:
    lines = [
        json.dumps({"text": "订12 200斤"}, ensure_ascii=False),
        "not json",
        "",
        json.dumps({"message": "no text"}),
        json.dumps({"text": "还有西兰花吗"}, ensure_ascii=False),
    ]
    results = list(parse_jsonl(lines))
    assert len(results) == 4
    assert results[0]["listing"] == 12
    assert "error" in results[1] and "error" in results[2]
    assert results[3]["intent"] == "query"


def test_pointing_at_goods_without_an_amount_asks_how_much() -> None:
    ask = parse("那些我全要了").ask
    assert ask is not None and ask.kind == "deictic"
    assert "None" not in ask_text(ask) and ask_text(ask).endswith("。")
