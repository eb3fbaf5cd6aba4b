"""What people mean by what they write: greetings, help, questions and talk, and who buys or
sells, in the township's own words."""

import pytest

from bot.language import parse


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("十二号的白菜还有冒得", "query"),
        ("还有鸡蛋冇得", "query"),
        ("D61那个单子不要哒", "cancel"),
        ("要得要得", "unknown"),
        ("早上好", "help"),
        ("下午好！", "help"),
        ("怎么付钱", "help"),
        ("谢谢你们帮我们卖菜", "unknown"),
    ],
)
def test_hunan_words_and_courtesies(text: str, intent: str) -> None:
    assert parse(text).intent == intent


def test_a_greeting_is_not_a_delivery_time() -> None:
    assert parse("早上好").notes == ()


@pytest.mark.parametrize(("text", "intent"), [("三十三号的还有不", "query"), ("明天送不", "query")])
def test_a_trailing_bu_asks(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("莫要了莫要了", "cancel"),
        ("定单 西红柿 30斤", "order"),
        ("我定20斤", "order"),
        ("我不要那么多 只要十斤", "order"),
        ("15号的橘子甜不甜", "query"),
        ("莲藕有没有货啊 要五十斤", "order"),
        ("大家注意防火 上山不要带火种", "unknown"),
        ("钱转给你了 注意查收", "unknown"),
        ("喂 有人吗", "help"),
        ("剩下的我全包了", "order"),
    ],
)
def test_dialect_typos_and_negations(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "冇得人要我的冬瓜啊 两千斤 三毛一斤",
        "西兰花 2块5 1000斤 要的赶快",
        "有要蜂蜜的没 100一斤",
        "我屋里的辣椒摘了三百多斤 四块钱一斤 哪个要",
    ],
)
def test_looking_for_buyers_is_an_offer(text: str) -> None:
    assert parse(text).intent == "offer"


@pytest.mark.parametrize(
    "text",
    ["幼儿园食堂：鸡蛋 500个 周三送", "一中食堂 黄瓜 150斤 明天上午十点前送到"],
)
def test_a_canteen_naming_goods_without_a_price_is_buying(text: str) -> None:
    assert parse(text).intent == "order"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("蹲一个西兰花 5斤", "order"),
        ("安排10斤土豆", "order"),
        ("老规矩 白菜五十斤", "order"),
        ("12号的单撤了", "cancel"),
        ("那单作罢", "cancel"),
        ("怎么取消订单", "help"),
        ("几号送", "query"),
        ("12号是哪个村的", "query"),
        ("你们这个土豆是黄心的还是白心的", "query"),
        ("今天收成怎么样", "unknown"),
        ("书记 我家水管坏了 能不能找人修一下", "unknown"),
        ("我家猪生了12只小猪", "unknown"),
        ("【攸县发布】全年产量达50万吨", "unknown"),
    ],
)
def test_slang_corrections_and_questions_about_nothing_on_sale(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("搞十斤白菜撒", "order"),
        ("不用留了", "cancel"),
        ("不用给我留了 谢谢", "cancel"),
        ("白菜咋卖", "query"),
    ],
)
def test_hunan_orders_cancels_and_questions(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("西兰花 5斤", "order"),
        ("一扎香葱 两把香菜", "order"),
        ("土豆 2万斤", "offer"),
        ("彬县酥梨六斤", "offer"),
        ("腊肉 20斤 自家的", "offer"),
    ],
)
def test_goods_and_an_amount_without_a_verb_or_price(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("还有西兰花不", "query"),
        ("12号还剩几斤", "query"),
        ("西兰花多钱一斤", "query"),
        ("嘞个红薯好甜", "unknown"),
        ("明天去镇上赶集 有人一起不", "unknown"),
        ("取销订单", "cancel"),
        ("县一中 每周三 鸡蛋 30板", "order"),
    ],
)
def test_questions_talk_typos_and_schools(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("好的 给你留着", "unknown"),
        ("已经留好了", "unknown"),
        ("明天给你送过去", "unknown"),
        ("李书记 我要的20斤红薯 到了没", "query"),
        ("红薯 现挖现卖 1块2一斤 要多少有多少", "offer"),
    ],
)
def test_confirmations_and_questions_about_an_order_placed(text: str, intent: str) -> None:
    assert parse(text).intent == intent


def test_a_notice_to_everyone_is_not_an_order() -> None:
    assert parse("@所有人 12号的西兰花到了 大家来村部拿").intent == "unknown"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("最少要买多少", "query"),
        ("现在还能订吗", "query"),
        ("能送到家吗", "query"),
        ("D88 收到了 谢谢", "unknown"),
        ("西兰花已经卖完了 明天再来", "unknown"),
    ],
)
def test_questions_about_buying_and_words_that_close_a_sale(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("明天几点来拿", "query"),
        ("哪天可以来取", "query"),
        ("这批橘子太酸了", "unknown"),
        ("付款码发一下", "help"),
        ("要橘子的跟我说", "offer"),
    ],
)
def test_when_to_fetch_a_remark_on_a_batch_and_help(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("D88 微信付了", "unknown"),
        ("微信转账 要五斤红薯", "order"),
        ("D201放在村部 我明天去拿", "unknown"),
        ("D12已经发货了", "unknown"),
        ("D12发货了吗", "query"),
        ("已下单 D20", "unknown"),
        ("订好了 谢谢", "unknown"),
        ("已订 十斤", "order"),
        ("帮超市收五百斤橘子", "order"),
        ("要土鸡的 明天中午前报给我", "offer"),
    ],
)
def test_paid_left_shipped_placed_collected_and_asked_to_report(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize("text", ["要土鸡蛋的早点说 只剩这几板", "要腊肉的报数"])
def test_buyers_asked_to_say_so_with_a_few_left(text: str) -> None:
    reading = parse(text)
    assert (reading.intent, reading.quantity, reading.ask) == ("offer", None, None)


@pytest.mark.parametrize(
    "text", ["各位早上好", "大家 晚上好啊", "早上好 各位老板", "晚上好 各位乡亲们"]
)
def test_a_greeting_that_first_addresses_the_group(text: str) -> None:
    assert parse(text).intent == "help"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("二中食堂明天的菜单：土豆六十斤", "order"),
        ("小学下周菜单 星期三 白菜五十斤", "order"),
        ("发个菜单看看", "help"),
    ],
)
def test_a_canteen_menu_lists_dishes_and_the_bot_menu_is_help(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize("text", ["合作社会计 D870的钱还没付 请尽快", "村会计 D66的货款收齐了"])
def test_an_accountant_speaking_tells_and_asks_nothing(text: str) -> None:
    reading = parse(text)
    assert (reading.intent, reading.ask) == ("unknown", None)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("在吗 师傅", "help"),
        ("怎么把这单改一下", "help"),
        ("要的朋友们在下面接龙", "offer"),
        ("你们要的鸡蛋都留好了", "unknown"),
        ("我们要十斤土豆", "order"),
    ],
)
def test_who_is_addressed_and_who_wants(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"), [("明天要变天了", "unknown"), ("要下雨了 留两斤白菜", "order")]
)
def test_weather_coming_is_no_order(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("枇杷还有妈", "query"),
        ("黄瓜多少前一斤", "query"),
        ("去消D899", "cancel"),
        ("D938取笑", "cancel"),
        ("去消费一下", "unknown"),
        ("别取笑我了", "unknown"),
        ("帮我妈订十斤土豆", "order"),
    ],
)
def test_words_typed_by_their_sound(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("我想卖点菜 怎么发", "help"),
        ("钱怎么转给你们", "help"),
        ("你们怎么发货", "query"),
        ("请问送到大岭村要多久", "query"),
        ("寄到长沙要几天", "query"),
        ("送到枫树村要多少钱", "query"),
        ("怎么在群里买菜", "help"),
        ("如何在这里订", "help"),
    ],
)
def test_how_to_post_how_to_pay_and_how_long(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "各位乡亲 早上好",
        "村民们 晚上好",
        "大家下午好 吃饭了吗",
        "早上好 吃了没",
        "大家早上好 今天好冷",
    ],
)
def test_a_greeting_to_the_village_or_asking_if_one_has_eaten(text: str) -> None:
    assert parse(text).intent == "help"


@pytest.mark.parametrize(("text", "intent"), [("钱转到哪里", "help"), ("货款打给谁", "help")])
def test_where_the_money_goes_is_asked_as_how_to_pay(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("付钱用微信还是支付宝", "help"),
        ("可以用现金付吗", "help"),
        ("钱用微信转给你了", "unknown"),
        ("怎么把自己的菜发上来卖", "help"),
        ("如何把鸡蛋挂上去", "help"),
    ],
)
def test_which_means_to_pay_by_and_how_to_post_ones_goods(text: str, intent: str) -> None:
    assert parse(text).intent == intent


def test_the_hunan_mao_after_le_asks() -> None:
    assert parse("你家西瓜熟透了冒").intent == "query"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("早上好啊 刘书记", "help"),
        ("王老师 晚上好", "help"),
        ("各位晚上好 吃了冒", "help"),
        ("不会用 哪个教下我", "help"),
        ("帮我奶奶订10斤土豆 她不会用微信", "order"),
        ("我订了几样东西 帮我看下", "query"),
        ("麻烦把D1011删了", "cancel"),
        ("送得到石门村不", "query"),
        ("送到家不", "query"),
    ],
)
def test_a_person_named_a_plea_to_be_shown_and_short_questions(text: str, intent: str) -> None:
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [("1207号还有好多", "query"), ("1234号还剩好多", "query"), ("西瓜还剩好多 要的快来", "offer")],
)
def test_the_hunan_haoduo_at_the_end_asks_how_much_is_left(text: str, intent: str) -> None:
    assert parse(text).intent == intent
