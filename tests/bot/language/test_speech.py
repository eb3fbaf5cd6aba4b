"""How people in the township talk and dictate: Hunan words, loose amounts, voice transcripts."""

from decimal import Decimal

import pytest

from bot.language import parse


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("要俩箱橘子", Decimal(2), "箱"),
        ("我屋里要俩南瓜", Decimal(2), "个"),
        ("给我留俩", Decimal(2), "个"),
        ("订 #9 三十 斤", Decimal(30), "斤"),
        ("要两百 公斤", Decimal(200), "公斤"),
    ],
)
def test_spoken_amounts(text: str, quantity: Decimal, unit: str) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit) == (quantity, unit)


def test_we_two_is_people_not_an_amount() -> None:
    reading = parse("我们俩要十斤")
    assert (reading.quantity, reading.unit) == (Decimal(10), "斤")


@pytest.mark.parametrize(("text", "unit"), [("给我留个把冬瓜", "个"), ("我要斤把香菜", "斤")])
def test_about_one_unit_is_asked_about(text: str, unit: str) -> None:
    reading = parse(text)
    assert reading.quantity is None
    assert reading.unit == unit
    assert reading.ask is not None and reading.ask.kind == "vague"


@pytest.mark.parametrize(
    ("text", "low", "high"), [("要十几二十斤", 10, 20), ("要二十几三十斤", 20, 30)]
)
def test_teens_to_twenty_is_a_range(text: str, low: int, high: int) -> None:
    ask = parse(text).ask
    assert ask is not None and ask.kind == "range"
    assert (ask.params["low"], ask.params["high"]) == (low, high)


@pytest.mark.parametrize(
    ("text", "fen", "unit"),
    [
        ("红薯两千斤 块把钱一斤", 100, "斤"),
        ("茶油二百斤 六十五一斤", 6500, "斤"),
        ("卖土鸡 二十只 一百二一只", 12000, "只"),
    ],
)
def test_prices_said_without_yuan(text: str, fen: int, unit: str) -> None:
    reading = parse(text)
    assert (reading.price_fen, reading.price_unit) == (fen, unit)


@pytest.mark.parametrize("text", ["要五十一斤", "要二十一斤"])
def test_a_number_ending_in_one_before_jin_is_a_quantity(text: str) -> None:
    reading = parse(text)
    assert reading.price_fen is None
    assert reading.unit == "斤"


def test_a_masked_phone_number_is_not_part_of_a_nickname() -> None:
    reading = parse("4. 张三138xxxx 两袋")
    assert [(line.name, line.quantity, line.unit) for line in reading.lines] == [
        ("张三", Decimal(2), "袋")
    ]


def test_a_nickname_may_end_in_digits() -> None:
    reading = parse("#接龙 冰糖橙 2.8元/斤\n1. 兰兰1989 5斤\n2. 李17 2斤")
    assert [line.name for line in reading.lines] == ["兰兰1989", "李17"]


def test_where_it_comes_from_is_not_part_of_the_name() -> None:
    assert parse("#接龙\n攸县腊八豆 10元一斤\n1. 老谭 2斤").product == "腊八豆"


@pytest.mark.parametrize(
    ("text", "product"),
    [("马蹄 800斤 3块5一斤", "荸荠"), ("蕨菜干 40斤", "蕨菜"), ("攸县香干 10元一斤", "香干")],
)
def test_local_produce_names(text: str, product: str) -> None:
    assert parse(text).product == product


def test_a_remark_in_brackets_is_not_part_of_a_name() -> None:
    assert [line.name for line in parse("8. 周老师（二中） 10斤").lines] == ["周老师"]


def test_two_unknown_goods_each_with_an_amount_are_several() -> None:
    ask = parse("来两斤五花肉一斤瘦肉").ask
    assert ask is not None and ask.kind == "several_products"
    assert ask.params["products"] == ["五花肉", "瘦肉"]


def test_next_weeks_day_is_a_note() -> None:
    assert parse("要一百个土鸡蛋 下个礼拜一送").notes == ("下个礼拜一送",)


@pytest.mark.parametrize("text", ["今年的腊肉几钱一斤", "柚子几钱一个"])
def test_the_hunan_jiqian_asks_a_price(text: str) -> None:
    reading = parse(text)
    assert (reading.intent, reading.topic) == ("query", "price")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("好的 下午去村部拿", "unknown"),
        ("晓得了 明天来学校取", "unknown"),
        ("我要五斤腊肉 下午去村部拿", "order"),
    ],
)
def test_going_to_a_place_to_fetch_is_a_note(text: str, intent: str) -> None:
    reading = parse(text)
    assert reading.intent == intent and reading.notes[-1].endswith(("拿", "取"))


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("我要斤半辣椒", Decimal("1.5")), ("卖土豆 2千5百斤", Decimal(2500)), ("要1万2千斤", 12000)],
)
def test_amounts_said_half_in_words(text: str, quantity: Decimal) -> None:
    assert parse(text).quantity == quantity


def test_a_size_per_piece_is_not_the_amount() -> None:
    reading = parse("县一中食堂采购：土豆 规格黄心 单个4两以上 数量300斤")
    assert (reading.intent, reading.quantity, reading.unit) == ("order", Decimal(300), "斤")


def test_a_limit_per_household_is_not_stock() -> None:
    reading = parse("@所有人 明天上午村部发放鸡苗 每户限领10只")
    assert (reading.intent, reading.quantity) == ("unknown", None)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("要二十斤米", "大米"),
        ("给我称两斤肉", "猪肉"),
        ("要一只鸡", "土鸡"),
        ("要五斤米粉", "米粉"),
    ],
)
def test_one_character_names_after_an_amount(text: str, product: str) -> None:
    assert parse(text).product == product


@pytest.mark.parametrize(
    ("text", "listing", "quantity"),
    [("不是12号 是13号 要十斤", 13, 10), ("不是十斤 是二十斤", None, 20)],
)
def test_a_correction_takes_back_what_follows_bu_shi(
    text: str, listing: int | None, quantity: int
) -> None:
    reading = parse(text)
    assert (reading.listing, reading.quantity) == (listing, quantity)


def test_having_said_it_wrong_changes_the_amount() -> None:
    reading = parse("刚才说错了 是二十斤不是十斤")
    assert (reading.intent, reading.quantity, reading.change) == ("order", 20, True)


def test_nearly_a_hundred_is_asked_about() -> None:
    ask = parse("要小一百斤白菜").ask
    assert ask is not None and ask.kind == "vague"


def test_a_named_price_is_per_unit_not_for_the_amount_after_it() -> None:
    reading = parse("西兰花 到货价2.3 要20吨")
    assert (reading.price_fen, reading.price_unit) == (230, "斤")


@pytest.mark.parametrize(("text", "jin"), [("大米 150元一袋(50斤) 100袋", 5000)])
def test_a_pack_size_in_brackets(text: str, jin: int) -> None:
    reading = parse(text)
    assert (reading.jin, reading.price_fen, reading.price_unit) == (jin, 15000, "袋")


def test_a_name_that_ends_in_a_numeral_keeps_its_amount() -> None:
    lines = parse("#接龙\n红薯 1元一斤\n1.王五2斤\n2.李四10斤").lines
    assert [(line.name, line.quantity) for line in lines] == [("王五", 2), ("李四", 10)]


def test_a_restarted_amount_is_the_second_one() -> None:
    assert parse("嗯嗯嗯 好 那我要两斤 两斤半 姜").quantity == Decimal("2.5")


@pytest.mark.parametrize(
    ("text", "fen"), [("土豆 块五一斤 三千斤", 150), ("黄豆 三块5毛钱一斤 两百斤", 350)]
)
def test_spoken_yuan_and_jiao(text: str, fen: int) -> None:
    assert parse(text).price_fen == fen


@pytest.mark.parametrize(("text", "unit"), [("南瓜 百十斤 五毛一斤", "斤")])
def test_a_hundred_or_so_is_asked_about(text: str, unit: str) -> None:
    reading = parse(text)
    assert reading.unit == unit and reading.ask is not None and reading.ask.kind == "vague"


def test_kilograms_after_a_chinese_numeral() -> None:
    reading = parse("要二十千克大米")
    assert (reading.quantity, reading.unit, reading.jin) == (20, "千克", 40)


@pytest.mark.parametrize(
    ("text", "quantity", "fen", "unit"),
    [
        ("黄瓜 3斤10元 有300斤", 300, 333, "斤"),
        ("辣椒 10元/3斤 两百斤", 200, 333, "斤"),
        ("土豆 7毛5 两吨", 2, 75, "斤"),
    ],
)
def test_a_price_for_several_is_not_the_stock(
    text: str, quantity: int, fen: int, unit: str
) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.price_fen, reading.price_unit) == (quantity, fen, unit)


def test_tofu_is_priced_and_counted_by_the_piece() -> None:
    reading = parse("#接龙\n豆腐 3元一块\n1. 王 5块\n2. 李 3块")
    assert (reading.price_fen, reading.price_unit) == (300, "块")
    assert [(line.quantity, line.unit) for line in reading.lines] == [(5, "块"), (3, "块")]


def test_a_size_needs_its_own_unit_or_a_bound() -> None:
    assert parse("新挖的红薯 个头大 三千斤 一块钱一斤").quantity == 3000


@pytest.mark.parametrize(
    ("text", "quantity", "unit"), [("来一提鸡蛋", 1, "提"), ("要而十斤白菜", 20, "斤")]
)
def test_a_carry_pack_and_er_typed_for_two(text: str, quantity: int, unit: str) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit) == (quantity, unit)


def test_a_shopping_list_numbered_by_goods_is_not_a_jielong() -> None:
    reading = parse("中学食堂采购清单\n1. 土豆 200斤\n2. 白菜 100斤\n3. 豆腐 50斤")
    assert (reading.intent, reading.quantity, reading.lines) == ("order", 200, ())
    assert reading.ask is not None and reading.ask.kind == "several_products"


@pytest.mark.parametrize(("text", "fen"), [("西兰花 2。5元一斤", 250), ("土豆 0,8元一斤", 80)])
def test_a_stop_or_comma_typed_for_the_decimal_point(text: str, fen: int) -> None:
    assert parse(text).price_fen == fen


def test_a_sum_of_money_after_an_amount_is_what_it_costs() -> None:
    reading = parse("橙子 一百斤 150块钱")
    assert (reading.quantity, reading.price_fen, reading.price_unit) == (100, 150, "斤")


@pytest.mark.parametrize(
    ("text", "product"), [("百合 50斤 30元一斤", "百合"), ("千张 20斤", "千张")]
)
def test_names_that_start_with_a_numeral(text: str, product: str) -> None:
    assert parse(text).product == product


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("要两千5百斤红薯", 2500, "斤"),
        ("收购红薯 一万2千斤", 12000, "斤"),
        ("要2万5000斤", 25000, "斤"),
        ("要5千克", 5, "千克"),
    ],
)
def test_place_words_mixed_with_digits(text: str, quantity: int, unit: str) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.unit) == (quantity, unit)


def test_dont_get_it_wrong_is_not_a_correction() -> None:
    reading = parse("莫搞错了 是二十斤")
    assert (reading.quantity, reading.change) == (20, False)


@pytest.mark.parametrize(("text", "quantity"), [("D45 减到10斤", 10), ("12号的 少要点 改10斤", 10)])
def test_a_new_amount_said_as_down_to(text: str, quantity: int) -> None:
    reading = parse(text)
    assert (reading.quantity, reading.change) == (quantity, True)


def test_a_threshold_for_delivery_is_not_stock() -> None:
    assert parse("鸡蛋 1.2元一个 满100个送货").quantity is None


def test_a_house_number_in_an_address_is_not_a_listing() -> None:
    reading = parse("送到新市村3组12号 要十斤白菜")
    assert (reading.listing, reading.product, reading.quantity) == (None, "白菜", 10)


def test_a_produce_word_in_a_place_name_is_not_goods() -> None:
    assert parse("我家在茶叶坳 要五斤橘子").product == "橘子"


def test_a_price_said_again_in_full_is_one_price() -> None:
    reading = parse("两块 两块五一斤 橘子 有三百斤")
    assert (reading.price_fen, reading.ask) == (250, None)


@pytest.mark.parametrize("text", ["茶油还剩几壶", "土豆还有几袋", "红薯还有多少根"])
def test_stock_asked_about_in_any_unit_is_no_amount(text: str) -> None:
    reading = parse(text)
    assert (reading.intent, reading.quantity, reading.unit, reading.ask) == (
        "query",
        None,
        None,
        None,
    )


def test_signing_someone_up_is_not_one_piece() -> None:
    reading = parse("帮我姐报一个 她要五斤橘子")
    assert (reading.intent, reading.product, reading.quantity, reading.unit) == (
        "order",
        "橘子",
        5,
        "斤",
    )


def test_a_link_holds_no_question_or_amount() -> None:
    reading = parse("看这个 www.example.com/a?b=3 红薯 2块一斤 有500斤")
    assert (reading.intent, reading.quantity, reading.price_fen) == ("offer", 500, 200)


@pytest.mark.parametrize(
    ("text", "product"), [("东瓜 五毛一斤 有八百斤", "冬瓜"), ("土鸡但两板", "鸡蛋")]
)
def test_voice_typed_homophones_of_produce(text: str, product: str) -> None:
    assert parse(text).product == product


@pytest.mark.parametrize(
    ("text", "product"),
    [("高笋要三根", "茭白"), ("红菱 五块一斤 有一百斤", "菱角"), ("水芹菜要两斤", "水芹")],
)
def test_water_vegetables_are_produce(text: str, product: str) -> None:
    assert parse(text).product == product


def test_konjac_is_bought_by_the_block() -> None:
    reading = parse("魔芋我要三块")
    assert (reading.product, reading.quantity, reading.unit, reading.price_fen) == (
        "魔芋",
        3,
        "块",
        None,
    )


@pytest.mark.parametrize(("text", "amount"), [("要1千零5十斤红薯", 1050), ("鸡蛋要两百零5个", 205)])
def test_a_zero_inside_a_numeral_of_both_scripts(text: str, amount: int) -> None:
    assert parse(text).quantity == amount


@pytest.mark.parametrize("text", ["香干一块多少钱", "问一下 魔芋几块钱一块"])
def test_the_price_of_one_block_asked_is_no_piece(text: str) -> None:
    reading = parse(text)
    assert (reading.intent, reading.quantity, reading.unit) == ("query", None, None)


def test_workers_counted_are_no_amount() -> None:
    reading = parse("厂里二十个员工 要五十斤橘子")
    assert (reading.quantity, reading.unit, reading.ask) == (50, "斤", None)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("土豆要五斤 不对 八斤 算了还是五斤", 5), ("要两斤 不对 三斤 哦还是两斤吧", 2)],
)
def test_an_amount_changed_back_means_the_last_one(text: str, quantity: int) -> None:
    assert parse(text).quantity == quantity


def test_the_price_asked_with_a_slip_is_no_amount() -> None:
    assert parse("黄瓜多少前一斤").quantity is None


@pytest.mark.parametrize(("text", "quantity"), [("那两袋我要了", 2), ("这三只都要", 3)])
def test_goods_pointed_at_and_counted_ask_which(text: str, quantity: int) -> None:
    reading = parse(text)
    assert reading.quantity == quantity
    assert reading.ask is not None and reading.ask.kind == "deictic"


def test_a_count_after_a_listing_asks_nothing() -> None:
    assert parse("订3号 那两袋").ask is None


