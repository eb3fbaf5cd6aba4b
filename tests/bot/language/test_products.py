"""Produce names: synonyms from the editable dictionary, and names it does not know."""

from pathlib import Path

import pytest

from bot.language import parse
from bot.language.products import DICTIONARY_FILE, dictionary, find, load, unknown_near


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("西蓝花", "西兰花"),
        ("青花菜", "西兰花"),
        ("绿花菜", "西兰花"),
        ("马铃薯", "土豆"),
        ("洋芋", "土豆"),
        ("地蛋", "土豆"),
        ("山药蛋", "土豆"),
        ("地瓜", "红薯"),
        ("番薯", "红薯"),
        ("红苕", "红薯"),
        ("番茄", "西红柿"),
        ("卷心菜", "包菜"),
        ("圆白菜", "包菜"),
        ("甘蓝", "包菜"),
        ("菜花", "花菜"),
    ],
)
def test_synonyms_share_one_name(word: str, name: str) -> None:
    assert dictionary().names[word] == name
    assert parse(f"{word} 500斤 2元一斤").product == name


def test_the_longest_name_wins() -> None:
    assert [m.name for m in find("紫甘蓝和山药蛋还有小番茄")] == ["紫甘蓝", "土豆", "圣女果"]


def test_a_bare_cauliflower_word_is_ambiguous() -> None:
    (mention,) = find("花椰菜")
    assert mention.name is None and set(mention.candidates) == {"花菜", "西兰花"}


@pytest.mark.parametrize(
    ("text", "name"),
    [("小臭菜2元三小把", "小臭菜"), ("24萬斤稜角菜", "棱角菜"), ("卖龙须菜 50斤", "龙须菜")],
)
def test_produce_the_dictionary_lacks_is_still_captured(text: str, name: str) -> None:
    assert parse(text).product == name


@pytest.mark.parametrize("text", ["第一食堂要五十斤", "李家村要20斤", "这里400箱"])
def test_places_next_to_an_amount_are_not_produce(text: str) -> None:
    assert parse(text).product is None


def test_an_official_can_add_a_name(tmp_path: Path) -> None:
    edited = tmp_path / "produce.yaml"
    text = DICTIONARY_FILE.read_text(encoding="utf-8")
    edited.write_text(text.replace("  娃娃菜: []", "  娃娃菜: [小娃菜]"), encoding="utf-8")
    assert load(edited).names["小娃菜"] == "娃娃菜"


def test_every_synonym_names_one_product() -> None:
    book = load(DICTIONARY_FILE)
    assert set(book.names.values()) <= set(book.names)
    assert not set(book.ambiguous) & set(book.names)


@pytest.mark.parametrize(("text", "name"), [("红糖来两斤", "红糖"), ("米酒要五斤", "米酒")])
def test_a_verb_between_an_unknown_name_and_its_amount(text: str, name: str) -> None:
    mention = unknown_near(text, text.index(name) + len(name) + 1, len(text))
    assert mention is not None and (mention.word, text[mention.start : mention.end]) == (name, name)
    assert parse(text).product == name


@pytest.mark.parametrize("text", ["红糖要三斤 熬粥", "米酒要两斤 煮汤圆"])
def test_a_cooking_word_after_the_amount_is_no_product(text: str) -> None:
    assert parse(text).product == text[:2]


@pytest.mark.parametrize(
    ("text", "name"),
    [("枸杞来两斤", "枸杞"), ("灵芝 三百块一斤 有十斤", "灵芝"), ("黑枸杞要一斤", "黑枸杞")],
)
def test_goods_the_dictionary_lacks_by_how_their_names_end(text: str, name: str) -> None:
    assert parse(text).product == name


@pytest.mark.parametrize(("text", "name"), [("🐟要两条", "鱼"), ("要🦆两只", "鸭子")])
def test_a_picture_of_an_animal_names_its_meat(text: str, name: str) -> None:
    assert parse(text).product == name
