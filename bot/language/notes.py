"""Delivery, pickup, time and contact phrases, kept as notes for whoever fills the order."""

import re

from bot.language.noise import PHONE

_DAY = r"[一二三四五六日天]"
_TIME = (
    rf"(?:(?:这|下|本)个?(?:周|星期|礼拜){_DAY}?|今天|明天|后天|大后天|今晚|明晚|明早|今早|月底|月初|周末|马上|尽快|立即|每天|天天"
    rf"|周{_DAY}|星期{_DAY}|礼拜{_DAY}"
    r"|\d{1,2}月\d{1,2}[日号]|\d{1,2}[日号](?=之?前|以前|上午|下午|晚上|中午|早上|到货|截止)"
    r"|上午|下午|中午|晚上|早上|傍晚|凌晨|早晨"
    r"|\d{1,2}[点时](?:半|\d{1,2}分?|[一二三四五六七八九十]{1,3}分)?"
    r"|(?<![宜多少快慢好大小早晚])[一二两三四五六七八九十]{1,3}点"
    r"(?![儿吧啊的点]|[零〇一二三四五六七八九]+[斤两公千吨元块毛箱袋])"
    r"(?:半|[一二三四五六七八九十]{1,3}分)?"
    r"|\d{1,2}:\d{2})"
)
_TIME_RUN = rf"(?:{_TIME}(?:到|至|-)?\s*)+(?:之?前|以前|之后|以后|左右|截止)?"
# A place after 送到 may hold a building number (3号楼) but no amounts.
# A question particle or word after it (送到家吗, 送到哪里了) ends the place, as asking how long
# does (送到大岭村要多久, 寄到长沙要几天) and asking what it costs (送到马坪村要多少钱); so does
# a 不 or 没 that ends the message (送得到石门村不), which asks whether.
_PLACE = (
    r"(?:(?!要?(?:多久|多长时间|几天|多少|好多钱|几多钱|几块|运费)|[不没冒冇]\s*$)"
    r"[^\s\d,.!?;:、，。！？；：吗呢么吧哪]|\d+(?=号楼|栋|单元|层))"
)
# Not a person either: in 我下午来拿 the note starts at the time; nor a question (什么时候可以来拿,
# 几点来取), which asks when rather than saying it.
_PICKUP_PLACE = (
    r"[^\s\d,.!?;:、，。！？；：零〇一二两三四五六七八九十百千万斤元块毛箱袋我你他她"
    r"么候啥几哪点]"
)
_DELIVERY = (
    rf"(?:直接|负责|免费|可以|可|包)?(?:送货到|送到|送至|送往|送去|发到|发往|配送到|运到|拉到|放到|放在)"
    rf"{_PLACE}{{0,12}}"
    r"|送[^\s\d,，。;；!！?？到]{0,8}?(?:食堂|学校|村部|村委会?|家里?|门口|小区|镇上|店|超市|公司|单位|楼|院|园|中学|小学)"
    # D503的菜帮我放村部, 放门卫室: where an order is left to be fetched, with no 到 or 在.
    r"|放(?![心养生假学弃松水])(?=[^\s\d,，。;；!！?？]{0,5}?(?:村部|村委|门卫|门口|传达室|卫生室|驿站|小卖部|店里|家里|楼下))"
    r"[^\s\d,.!?;:、，。！？；：吗呢么吧哪了]{1,8}"
    # 量大可以送, 镇上可以送: an offer to deliver, with the condition or the place before it.
    r"|[^\s\d,.!?;:、，。！？；：]{0,4}?(?:可以|能|负责)送(?=$|[\s,，。!！])"
    r"|送货上门|上门|包邮|包送|(?:可以|可|能|负责)?送货|配送|快递|物流|送(?:过来|过去|来|去)?(?=$|[\s,，。!！])"
    rf"|(?<![哪几啥]){_PICKUP_PLACE}{{0,8}}(?:自提|自取|提货|取货|来拿|来取|过来拿|去拿|去取)"
    # 下午去村部拿, 明天来学校取: where one goes to fetch it may stand after 去 or 来 as after 到.
    rf"|[到去来]{_PICKUP_PLACE}{{1,8}}?(?:拿|取)(?![\d一二两三四五六七八九十半])"
    r"|[\d一二三四五六七八九十]{1,4}(?:号楼|栋|幢|单元)(?:\d{1,4}室?)?"
    r"|截止|量大可谈|量大从优|价格可谈|可议价|价格面议|面议"
    # 微信转你了 is money paid that way, not a contact.
    # 付钱用微信还是支付宝 asks which way to pay, and names no contact.
    rf"|[加打]?(?:联系人?|电话|手机号?|(?<!用)微信号?)(?![转付支]|还是)(?:[:\s]*[^\s\d,，。;；:]{{1,5}})?[:\s]*(?:{PHONE.pattern})?"
)
# Every note holds one of these characters; a message without them is not scanned for notes.
_HINT = re.compile(
    r"[今明后这下本月周马尽立每天星礼上中晚早傍凌点时日号:送发配运拉放门邮递流提取拿截谈优议联电手微栋幢单]"
)
NOTE = re.compile(rf"(?:{_TIME_RUN}\s*)?(?:{_DELIVERY})(?:\s*{_TIME_RUN})?|{_TIME_RUN}")
# Said in passing (今天有什么菜), these alone tell nobody when or where to deliver.
_TOO_VAGUE = frozenset(("每天", "天天", "今天", "马上", "尽快", "现在", "送"))
_FAREWELLS = ("见", "好", "安")
_DESTINATION = re.compile(r"送|发到|发往|运到|拉到|放")
_PICKUP = re.compile(
    r"自提|自取|提货|取货|来拿|来取|过来拿|去拿|去取|^\S*[去来][^\s拿取]{1,8}[拿取]$"
)
# 送西兰花200斤到食堂: the goods sit between 送 and the place, so only 到食堂 is the note.
_SENT_TO = re.compile(rf"送[^\s,，。;；!！?？]{{1,16}}?(?P<place>到{_PLACE}{{1,12}})")


def find(text: str) -> list[tuple[int, int, str]]:
    """Notes as (start, end, phrase); a phone number on its own is a note too."""
    found = []
    for match in NOTE.finditer(text) if _HINT.search(text) else ():
        phrase = match.group().strip()
        # 明天见 is a goodbye and 早上好 a greeting, not a delivery day.
        if phrase and phrase not in _TOO_VAGUE and not text.startswith(_FAREWELLS, match.end()):
            found.append((match.start(), match.end(), phrase))
    if "送" in text and "到" in text:
        found += _sent_to(text, found)
    for match in PHONE.finditer(text):
        if not any(start <= match.start() < end for start, end, _ in found):
            found.append((match.start(), match.end(), re.sub(r"\D", "", match.group())))
    return sorted(found)


def is_destination(phrase: str) -> bool:
    """Whether a note names where goods go (送到食堂), so words in it are not the product."""
    return bool(_DESTINATION.search(phrase))


def is_pickup(phrase: str) -> bool:
    """Whether a note says where goods are fetched (明早7点来取, 村部自提)."""
    return bool(_PICKUP.search(phrase))


def _sent_to(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    places = []
    for match in _SENT_TO.finditer(text):
        start, end = match.span("place")
        if not any(s < end and start < e for s, e, _ in found):
            places.append((start, end, "送" + match.group("place")))
    return places
