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


# A few names and synonyms from every category the dictionary was grown by.
GROWN = [
    # leafy, stem and wild greens
    ("冬苋菜", "冬苋菜"),
    ("冬寒菜", "冬苋菜"),
    ("牛皮菜", "牛皮菜"),
    ("萝卜菜", "萝卜菜"),
    ("红薯尖", "红薯叶"),
    ("白菜薹", "菜心"),
    ("藜蒿", "藜蒿"),
    ("黎蒿", "藜蒿"),
    ("马齿苋", "马齿苋"),
    ("清明菜", "清明菜"),
    ("野葱", "野葱"),
    ("蒲公英", "蒲公英"),
    # roots, tubers and aquatic vegetables
    ("葛根", "葛根"),
    ("洋姜", "菊芋"),
    ("大头菜", "大头菜"),
    ("慈姑", "慈姑"),
    ("茨菇", "慈姑"),
    ("芋荷", "芋荷"),
    ("磨芋", "魔芋"),
    # melons, beans and alliums
    ("瓠子", "瓠子"),
    ("葫芦瓜", "瓠子"),
    ("胡豆", "蚕豆"),
    ("刀豆", "刀豆"),
    ("黑豆", "黑豆"),
    ("火葱", "红葱头"),
    # mushrooms and fungi
    ("枞菌", "枞菌"),
    ("寒菌", "枞菌"),
    ("猴头菇", "猴头菇"),
    ("地皮菜", "地皮菜"),
    ("雷公菌", "地皮菜"),
    ("白木耳", "银耳"),
    # fruits, Hunan's varieties, wild fruit
    ("冰糖橙", "橙子"),
    ("椪柑", "橘子"),
    ("碰柑", "橘子"),
    ("柰李", "李子"),
    ("琵琶", "枇杷"),
    ("金桔", "金桔"),
    ("甘蔗", "甘蔗"),
    ("八月炸", "八月瓜"),
    ("柿饼", "柿饼"),
    # nuts and seeds
    ("锥栗", "板栗"),
    ("白果", "白果"),
    ("瓜子", "葵花籽"),
    ("油茶籽", "油茶籽"),
    ("南瓜子", "南瓜子"),
    # grains, flours and rice products
    ("谷子", "稻谷"),
    ("薏米", "薏米"),
    ("米粉", "米粉"),
    ("红薯粉", "红薯粉"),
    ("葛根粉", "葛根粉"),
    ("糯米粉", "糯米粉"),
    ("挂面", "面条"),
    # oils, tea and honey
    ("花生油", "花生油"),
    ("猪油", "猪油"),
    ("擂茶", "擂茶"),
    ("莓茶", "莓茶"),
    ("蜂王浆", "蜂王浆"),
    # medicinal plants
    ("玉竹", "玉竹"),
    ("杜仲", "杜仲"),
    ("茯苓", "茯苓"),
    ("栀子", "栀子"),
    ("何首乌", "何首乌"),
    ("山苍子", "木姜子"),
    # pickles, sauces and tofu
    ("酸菜", "酸菜"),
    ("坛子菜", "酸菜"),
    ("鲊辣椒", "鲊辣椒"),
    ("扎辣椒", "鲊辣椒"),
    ("辣椒粉", "辣椒粉"),
    ("梅干菜", "梅干菜"),
    ("霉豆腐", "豆腐乳"),
    ("油豆腐", "油豆腐"),
    ("豆豉", "豆豉"),
    ("腐竹", "腐竹"),
    ("血粑", "猪血丸子"),
    # cured and dried goods
    ("蜡肉", "腊肉"),
    ("腊鸭", "腊鸭"),
    ("腊猪脚", "腊猪脚"),
    ("火焙鱼", "火焙鱼"),
    ("红薯干", "红薯干"),
    ("笋干", "竹笋"),
    # sweets and local snacks
    ("糍粑", "糍粑"),
    ("甜酒", "甜酒"),
    ("酒酿", "甜酒"),
    ("米酒", "米酒"),
    ("谷酒", "谷酒"),
    ("红糖", "红糖"),
    ("麦芽糖", "麦芽糖"),
    ("叮叮糖", "麦芽糖"),
    ("艾粑粑", "艾粑粑"),
    # eggs, poultry, livestock and cuts
    ("鸽子蛋", "鸽子蛋"),
    ("乌骨鸡", "乌鸡"),
    ("鸡公", "公鸡"),
    ("鹌鹑", "鹌鹑"),
    ("精肉", "瘦肉"),
    ("五花肉", "五花肉"),
    ("筒子骨", "筒子骨"),
    ("猪脚", "猪蹄"),
    ("黑山羊肉", "羊肉"),
    ("鸡爪", "鸡爪"),
    # fish, shrimp, crabs, frogs and other aquatic animals
    ("黄鸭叫", "黄鸭叫"),
    ("黄辣丁", "黄鸭叫"),
    ("财鱼", "黑鱼"),
    ("桂鱼", "鳜鱼"),
    ("武昌鱼", "鳊鱼"),
    ("虾公", "河虾"),
    ("大闸蟹", "螃蟹"),
    ("牛蛙", "牛蛙"),
    ("田螺", "田螺"),
    ("花鲢", "鱼"),
    # seedlings and young animals
    ("辣椒苗", "辣椒苗"),
    ("红薯秧", "红薯苗"),
    ("秧苗", "秧苗"),
    ("鸡苗", "鸡苗"),
    ("鸭苗", "鸭苗"),
    ("鱼苗", "鱼苗"),
    ("猪崽", "猪崽"),
]


@pytest.mark.parametrize(("word", "name"), GROWN)
def test_grown_names_are_read_in_orders(word: str, name: str) -> None:
    reading = parse(f"要两斤{word}")
    assert (reading.intent, reading.product, reading.quantity, reading.unit) == (
        "order",
        name,
        2,
        "斤",
    )


@pytest.mark.parametrize(("word", "name"), GROWN)
def test_grown_names_are_read_in_offers(word: str, name: str) -> None:
    reading = parse(f"{word} 3块一斤 有200斤")
    assert (reading.intent, reading.product, reading.quantity, reading.price_fen) == (
        "offer",
        name,
        200,
        300,
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a longer name wins over the name inside it; a misspelling names its goods
        ("辣椒苗 两毛一棵 有500棵", "辣椒苗"),
        ("红薯粉 十二块一斤 有50斤", "红薯粉"),
        ("花生油 三十五一斤 有100斤", "花生油"),
        ("洋姜 2块一斤 有80斤", "菊芋"),
        ("要5斤韭菜花", "韭菜花"),
        ("南瓜子要三斤", "南瓜子"),
        ("要两斤豆付", "豆腐"),
    ],
)
def test_a_longer_name_or_a_misspelling_is_read_right(text: str, name: str) -> None:
    assert parse(text).product == name


@pytest.mark.parametrize(
    "text",
    [
        "花生日快乐",
        "明白果然是这样",
        "她是瓜子脸 20岁",
        "大肠杆菌检测 3天出结果",
        "小米手机多少钱",
        "青梅竹马 认识20年了",
        "五花八门的 有10种",
        "我明白了 明天10点到",
        "今天白天在家 下午3点来",
        "青年志愿者明天到 20个人",
        "菜花坪镇的 明天8点到",
        "鸡精两包",
    ],
)
def test_everyday_words_with_a_produce_name_inside_are_not_produce(text: str) -> None:
    assert parse(text).product is None


def test_an_everyday_word_is_no_start_of_a_name() -> None:
    assert [m.name for m in find("花生日 花生 瓜子脸 瓜子")] == ["花生", "葵花籽"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("我要一百斤糯米 过年打糍粑", "糯米"), ("要十斤糯米 包粽子用", "糯米")],
)
def test_goods_a_purchase_is_made_into_are_not_bought(text: str, name: str) -> None:
    reading = parse(text)
    assert (reading.product, reading.ask) == (name, None)


def test_goods_handed_out_by_the_village_are_not_sold() -> None:
    assert parse("@所有人 明天上午村部发放鸡苗 每户限领10只").product is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("虎纹蛙 二十块一斤 有50斤", "虎纹蛙"),
        ("要两斤福寿螺", "福寿螺"),
        ("野生鳝 五十一斤 有10斤", "野生鳝"),
        ("油栗来两斤", "油栗"),
        ("紫皮蔗 3块一斤 有200斤", "紫皮蔗"),
        ("香榧要一斤", "香榧"),
        ("牛蹄 二十五一斤 有30斤", "牛蹄"),
    ],
)
def test_frogs_snails_nuts_cane_and_cuts_the_dictionary_lacks(text: str, name: str) -> None:
    assert parse(text).product == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("要五斤毛套", "桃子"),
        ("要十斤红书", "红薯"),
        ("西红是要五斤", "西红柿"),
        ("要两斤香焦", "香蕉"),
        ("青才来三斤", "青菜"),
    ],
)
def test_the_kind_of_goods_typed_by_its_sound(text: str, name: str) -> None:
    assert parse(text).product == name


def test_a_word_typed_by_sound_is_goods_only_when_the_dictionary_knows_it() -> None:
    assert parse("要五斤 刚才忘了说").product is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("芥菜要四斤 腌酸菜", "芥菜"),
        ("萝卜要五十斤 晒萝卜干", "萝卜"),
        ("猪肉要二十斤 灌香肠", "猪肉"),
        ("五花肉要十斤 熏腊肉", "五花肉"),
    ],
)
def test_goods_put_by_from_a_purchase_are_not_bought(text: str, name: str) -> None:
    reading = parse(text)
    assert (reading.product, reading.ask) == (name, None)


@pytest.mark.parametrize(
    ("text", "name"),
    [("大白菜来三颗 腌菜用", "白菜"), ("辣椒要十斤 剁辣椒用", "辣椒")],
)
def test_goods_named_before_yong_say_what_the_purchase_is_for(text: str, name: str) -> None:
    reading = parse(text)
    assert (reading.product, reading.ask) == (name, None)


@pytest.mark.parametrize(
    ("text", "name"),
    [("鸭蛋 一块二一个 有六百个 自家鸭子下的", "鸭蛋"), ("鸡蛋要五十个 土鸡下的", "鸡蛋")],
)
def test_the_bird_that_laid_the_eggs_is_not_sold(text: str, name: str) -> None:
    reading = parse(text)
    assert (reading.product, reading.ask) == (name, None)


@pytest.mark.parametrize("text", ["红薯粉丝要三斤", "苕粉条来两斤"])
def test_noodles_named_by_their_starch_are_noodles(text: str) -> None:
    assert parse(text).product == "粉条"


@pytest.mark.parametrize(
    ("text", "name"), [("辣椒要八斤 剁辣椒", "辣椒"), ("萝卜要十斤 萝卜干", "萝卜")]
)
def test_goods_named_after_the_amount_that_hold_its_name_are_what_it_becomes(
    text: str, name: str
) -> None:
    reading = parse(text)
    assert (reading.product, reading.ask) == (name, None)


def test_goods_made_from_another_with_their_own_amount_are_bought_too() -> None:
    assert parse("萝卜要十斤 萝卜干两斤").products == ("萝卜", "萝卜干")


def test_an_amount_got_elsewhere_is_not_what_a_cancel_cancels() -> None:
    reading = parse("那个杨梅不要了 邻居送了一篮子")
    assert (reading.intent, reading.product, reading.quantity) == ("cancel", "杨梅", None)


@pytest.mark.parametrize(
    ("text", "name"), [("腊鱼来两斤 草鱼的", "腊鱼"), ("腊肉要五斤 五花的", "腊肉")]
)
def test_a_kind_named_after_the_amount_with_de_is_no_second_good(text: str, name: str) -> None:
    reading = parse(text)
    assert (reading.product, reading.ask) == (name, None)


@pytest.mark.parametrize(
    ("text", "name"),
    [("晚稻新米要五十斤", "大米"), ("早稻米来一百斤", "大米"), ("晚稻 有五千斤", "稻谷")],
)
def test_the_rice_of_a_seasons_crop_is_rice_and_the_crop_alone_is_grain(
    text: str, name: str
) -> None:
    assert parse(text).product == name
