"""Clean a chat message and find the parts that look like numbers but are not amounts."""

import re
import unicodedata

from bot.language import products, shorthand
from bot.language.units import UNIT

# Traditional characters seen in reposted produce news and in Hong Kong/Taiwan keyboards,
# paired with their simplified form. Only characters that matter for reading are listed.
_TRADITIONAL = (
    "萬兩塊錢價蘭噸擔號訂買賣貨來還裡裏個條東農車薑蔥蘿蔔蘋紅綠雞麥蕎筍葉豐發運費稜滯銷"
    "請謝單電話預麼嗎們為這給讓頭報幫帶門樓層點鐘週時間後開關麵魚鴨鵝豬蝦園場廠鄉鎮縣區"
    "學員對現實變漲貴總約數幾紮顆隻圓鮮優質產種盤簍籃餘齊壞爛聯繫絡無與從進選購處斷當"
    "隊組務節氣線說問題瓜籮捲蓮藕葡萄檸檬鳳梨獼猴桃櫻楊莓橙柚棗欖韭芹菠萵筍蘑菇薯芋椒蒜馬鈴"
    "網盒罐條顆棵桶瓶箱袋筐綑捆擔噸斤兩錢塊價貨賣買訂號萬陸張劉陳楊黃趙週吳鄭馮劉謝鄧蕭貳參"
    "臘鹹醃蘆藥糧穀餅饅醬飯鯉鯽鰱鱔鰍蓋盤藍彎邊壩灣劃"
)
_SIMPLIFIED = (
    "万两块钱价兰吨担号订买卖货来还里里个条东农车姜葱萝卜苹红绿鸡麦荞笋叶丰发运费棱滞销"
    "请谢单电话预么吗们为这给让头报帮带门楼层点钟周时间后开关面鱼鸭鹅猪虾园场厂乡镇县区"
    "学员对现实变涨贵总约数几扎颗只圆鲜优质产种盘篓篮余齐坏烂联系络无与从进选购处断当"
    "队组务节气线说问题瓜箩卷莲藕葡萄柠檬凤梨猕猴桃樱杨莓橙柚枣榄韭芹菠莴笋蘑菇薯芋椒蒜马铃"
    "网盒罐条颗棵桶瓶箱袋筐捆捆担吨斤两钱块价货卖买订号万陆张刘陈杨黄赵周吴郑冯刘谢邓萧贰叁"
    "腊咸腌芦药粮谷饼馒酱饭鲤鲫鲢鳝鳅盖盘蓝弯边坝湾划"
)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)

# A link (its path and ?itemID=58231 query) says where to look, and holds no amounts or questions.
_LINK = re.compile(r"(?:https?://|www\.)[!-~]*", re.IGNORECASE)

# Emoji, pictographs, variation selectors, zero-width joiners and WeChat's [微笑]-style codes.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\u200b-\u200f"
    "\u2060-\u206f\U000e0000-\U000e007f\u20e3\u3030\u303d\u3297\u3299]"
    r"|\[[\u4e00-\u9fffA-Za-z]{1,6}\]"
)
# Produce drawn as a picture (要🥚50个, 还有🌽吗) names it; a picture beside its own word
# (🥦西兰花🥦) or before another (🍊沃柑) is decoration. Only pictures of one produce are
# listed; 🥬 could be several.
_PRODUCE_EMOJI = {
    "🥚": "鸡蛋",
    "🌽": "玉米",
    "🍊": "橘子",
    "🍠": "红薯",
    "🥔": "土豆",
    "🥕": "胡萝卜",
    "🍆": "茄子",
    "🌶": "辣椒",
    "🥒": "黄瓜",
    "🍅": "西红柿",
    "🥦": "西兰花",
    "🍉": "西瓜",
    "🍎": "苹果",
    "🍐": "梨",
    "🍑": "桃子",
    "🍇": "葡萄",
    "🍓": "草莓",
    "🍌": "香蕉",
    "🥭": "芒果",
    "🍍": "菠萝",
    "🥝": "猕猴桃",
    "🍋": "柠檬",
    "🍒": "樱桃",
    "🧄": "大蒜",
    "🧅": "洋葱",
    "🥜": "花生",
    "🌰": "板栗",
    "🍄": "蘑菇",
    "🍯": "蜂蜜",
    "🐟": "鱼",
    "🐔": "土鸡",
    "🐓": "土鸡",
    "🦆": "鸭子",
    "🦞": "小龙虾",
    "🫑": "青椒",
}
# 🔟 is ten, as the keycaps 1️⃣ to 9️⃣ are their digits once their marks are taken off.
_KEYCAP_TEN = "\U0001f51f"
_PRODUCE_EMOJI_RUN = re.compile("(" + "|".join(_PRODUCE_EMOJI) + ")+")
_LATIN_UNITS = (
    (re.compile(r"(?<![A-Za-z])(?:kg|KG|Kg|kG|公斤)(?![A-Za-z])"), "公斤"),
    (re.compile(r"(?<=\d)\s*[gG](?![A-Za-z])"), "克"),
    (re.compile(r"(?<=\d)\s*[tT](?![A-Za-z])"), "吨"),
    # 5jin, 1.2 yuan/jin, 500pcs: pinyin and English for 斤, 元 and pieces.
    (re.compile(r"(?<![A-Za-z])(?:jin|JIN|Jin)(?![A-Za-z])"), "斤"),
    (re.compile(r"(?<![A-Za-z])(?:yuan|YUAN|Yuan|rmb|RMB)(?![A-Za-z])"), "元"),
    (re.compile(r"(?<![A-Za-z])(?:pcs|PCS|pc|PC)(?![A-Za-z])"), "个"),
    # 3k斤, 3w斤: the young's thousand and ten thousand.
    (re.compile(r"(?<=\d)[kK](?![A-Za-z])"), "千"),
    (re.compile(r"(?<=\d)[wW](?![A-Za-z])"), "万"),
)
# Spaces typed inside an amount (5000 斤, 2.5 元 / 斤) and a yen sign for 元 (¥2.5).
_SPACED_UNIT = re.compile(
    r"(?<=\d) +(?=[元块毛角斤公千吨担克箱袋件筐把个板瓶桶只份包盒捆扎颗棵根串条篮篓罐/])"
    r"|(?<=[元块斤]) *(?=/)|(?<=/) +"
)
_YEN = re.compile(r"[¥￥]\s*(\d+(?:\.\d+)?)")
# A lower-case l typed for the digit 1 (l.3元, 0.7元l斤).
_LETTER_L = re.compile(r"(?<![A-Za-z])l(?=\.?\d|斤)|(?<=[\d元])l(?![A-Za-z])")
_SPACES = re.compile(r"[ \t\r\f\v]+")
# Financial numerals (壹佰斤, 贰元伍角), as written on receipts and by careful officials. 伍, 陆
# and 拾 are also surnames or words, so a lone one is read as a digit only before a unit.
_FINANCIAL = "壹贰叁肆伍陆柒捌玖拾佰仟"
_FINANCIAL_RUN = re.compile(
    rf"[{_FINANCIAL}零〇一二两三四五六七八九十百千万亿]*[{_FINANCIAL}]"
    rf"[{_FINANCIAL}零〇一二两三四五六七八九十百千万亿]*(?P<yuan>圆)?(?P<unit>{UNIT}|元|块|角|毛)?"
)
_TO_PLAIN_DIGITS = str.maketrans(_FINANCIAL, "一二三四五六七八九十百千")
# 斤 typed by pinyin as a homophone right after a number (要20近, 20今, 六近), or by
# handwriting as a character of the same shape (10斥); not 近期, 进货, 今天 and the like. After
# 一 it is left alone, as 一进门 and 一今 are not amounts.
_JIN_HOMOPHONE = re.compile(
    r"(?<=[\d二两三四五六七八九十百千万])"
    r"(?:[近进](?![期来日况处货城价口去入行])|今(?![天年日早晚儿])|斥)"
)
_JIN_HOMOPHONE_HINT = re.compile("[近进今斥]")
# 块 typed as its homophone 快 after a number (五快一斤, 5快钱); 一快 only before 钱, as 一快 is
# also 一块儿, together.
_YUAN_HOMOPHONE = re.compile(r"(?<=[\d二两三四五六七八九十百千])快|(?<=一)快(?=钱)")
# 个 typed as its homophone 各 after a number (鸡蛋要三十各); not 各位, 各种, 各家 and the like.
_PIECE_HOMOPHONE = re.compile(r"(?<=[\d二两三四五六七八九十百千])各(?![位种样自地家村组个人户类])")
# 吗 typed as its homophone 妈 at the end of a question (枇杷还有妈, 能送妈), where a mother
# (我妈, 给我妈) is never after 有, 能 or the like.
_MA_HOMOPHONE = re.compile(r"(?<=[有没是能行要好送到卖对在])妈(?=\s*(?:$|[,，。!！?？]))", re.M)
# 钱 typed as its homophone 前 in the asking of a price (黄瓜多少前一斤).
_QIAN_HOMOPHONE = re.compile(r"(?<=多少|好多|几多)前(?![辈面后天年])")
# 五蚊一斤: Guangxi and Guangdong say 蚊 for 元 after a number.
_YUAN_CANTONESE = re.compile(r"(?<=[\d一二两三四五六七八九十百千])蚊")
# 红薯：20（斤）: the unit typed in brackets after the number.
_BRACKETED_UNIT = re.compile(rf"(?<=\d)\s*\(\s*({UNIT})\s*\)")
# 廿 and 卅, twenty and thirty, as older people write them.
_OLD_TENS = {"廿": "二十", "卅": "三十"}
_OLD_TENS_RUN = re.compile("[廿卅]")
# A sack of any kind (蛇皮袋, 麻袋) is a 袋.
_SACK = re.compile("蛇皮袋|麻袋|编织袋|尼龙袋")
# 45元/500g prices a 斤.
_PER_HALF_KILO = re.compile(r"(?:/|每)\s*500\s*克")
_LATIN = re.compile(r"[A-Za-z]")
# Hunan speech as typed or transcribed: 冒得/冇得 for 没得, 哒 for the particle 了. 俩 is 两个,
# or 两 before a unit, except in 我们俩, 他俩 where it counts people.
# 有木有, the young's 有没有.
# Sichuan 莫得 is 没得; Cantonese 唔 is 不 (唔要, 要唔要), 冇要 is 不要 and 唔该 is thanks.
_DIALECT = re.compile(
    r"[冒冇莫]得|冇要|唔该|唔|冇|(?<=[\u4e00-\u9fff])哒|(?<![们他她咱你我])俩|莫(?=要|订|买|送)|木有"
)
_DIALECT_WORDS = {
    "冒得": "没得",
    "冇得": "没得",
    "冇": "没",
    "莫得": "没得",
    "冇要": "不要",
    "唔该": "谢谢",
    "唔": "不",
    "哒": "了",
    "莫": "不",
    "木有": "没有",
}
# 定 typed for its homophone 订 (定单, 预定, 我定20斤); not 一定, 确定, 决定 and the like.
_ORDER_HOMOPHONE = re.compile(
    r"(?<![一确决肯规约固稳指制设锁待未否])定(?=\s*(?:[\d一二两三四五六七八九十#]|单|购|货))"
)
# 2千5百斤, 两千5百斤, 一万2千斤, 4百零3号: single Arabic digits among Chinese place words, read
# as the Chinese numeral they stand in.
_MIXED_PLACES = re.compile(
    r"(?<![\d.])(?:\d|[一二两三四五六七八九])[十百千万]"
    r"(?:零?(?:\d|[一二两三四五六七八九])[十百千万])*(?:零?(?:\d|[一二两三四五六七八九]))?(?![\d.])"
)
_TO_CN_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
# 十5斤 is 十五斤 and 二0斤 is 20斤: a numeral begun in one script and ended in the other.
_TEN_THEN_DIGIT = re.compile(r"(?<![\d.零〇一二两三四五六七八九十百千万])十(?=\d(?![\d.]))")
_DIGIT_THEN_ZEROS = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万])([一二两三四五六七八九])(?=0{1,3}(?![\d.]))"
)
_ARABIC_OF = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6"}
_ARABIC_OF |= {"七": "7", "八": "8", "九": "9"}
# 2万5000斤, 1千500斤: a place word, then the rest written out in full.
_PLACE_THEN_FULL = re.compile(r"(?<![\d.])(\d{1,4})([万千])(\d{3,4})(?![\d.])")
_PLACE_VALUES = {"万": 10000, "千": 1000}
# 而 picked for its sound, er, where 二 was meant: 要而十斤.
_ER_TYPO = re.compile(
    r"而(?=[十百千][零一二两三四五六七八九十百千]*\s*(?:斤|公斤|千克|吨|担|箱|袋|件|个|只|元|块))"
)
# 2。5元, 0,8元: a full stop or comma typed for the decimal point inside a price.
_DECIMAL_TYPO = re.compile(r"(?<=\d)。(?=\d)|(?<=\d),(?=\d\s*[元块])")
# 斤半 said alone is 一斤半, as 斤把 is about one 斤.
_JIN_AND_HALF = re.compile(r"(?<![\d零〇一二两三四五六七八九十百千万几半])斤半")
_TWO_OF = re.compile(rf"两(?={UNIT})")
# 块把钱 is "about a yuan": said of a price, it is taken as one yuan, as 1块钱左右 would be.
_ABOUT_A_YUAN = re.compile(r"(?<![\d零〇一二两三四五六七八九十百千万几])([块毛])把")
# 块五一斤 is 一块五, as 斤半 is 一斤半.
_YUAN_AND_JIAO = re.compile(
    r"(?<![\d零〇一二两三四五六七八九十百千万几把])块(?=[一二三四五六七八九1-9])"
)
# A space typed between a Chinese numeral and its unit, as voice input does (三十 斤).
_SPACED_CN_UNIT = re.compile(
    r"(?<=[十百千万两二三四五六七八九半]) +(?=斤|公斤|千克|吨|担|箱|袋|件)"
)
# 1,000斤 with an ASCII comma; the Chinese comma in 订12，200斤 separates two numbers.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

PHONE = re.compile(
    r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![\d.])"
    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
)

# A phone number shown with digits hidden (138xxxx, 138****5678), often glued to a nickname.
_MASK_MARK = re.compile(r"[xX*]")
_MASKED_PHONE = re.compile(r"(?<!\d)1[3-9]\d{1,5}[xX*]{2,8}\d{0,4}(?![\dA-Za-z])")

# Numbers that are never amounts: ordinals (第一食堂), dates, times of day, people, years,
# percentages, a price being asked about (多少钱一斤) and the same-price idiom (一个价).
# Each of those holds one of these characters.
_NOT_AMOUNTS_HINT = re.compile(
    r"[第年月:天时分星礼周岁人%中食组队班单栋楼层车门多几什啥怎价样口规头径限蹲剩满转付款支计费孩娃孙客生每报工师部民团]"
)
_NOT_AMOUNTS = re.compile(
    r"第[\d零〇一二两三四五六七八九十百]{1,8}"
    r"|\d{2,4}年|\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}:\d{2}"
    r"|[\d一二两三四五六七八九十]{1,8}(?:个)?(?:天|小时|分钟|星期|礼拜|个月|周|岁|口人|个人|人)"
    # 家里三个孩子, 两个老人, 四十个工人: the people who eat, not how much is wanted.
    r"|(?:[\d一二两三四五六七八九十]{1,3}|几)个(?:孩子|小孩|娃|老人|学生|客人|孙子|孙女|大人"
    r"|工人|师傅|员工|老师|病人|干部|村民)"
    # 来了一个旅游团, 两个团: a party of guests is who eats, not one piece (十个团子 still counts).
    r"|(?:[\d一二两三四五六七八九十]{1,3}|几)个(?:旅游|考察|参观|学习|研学)?团(?![子购])"
    r"|(?<![\d.])\d{1,12}(?:\.\d{1,6})?%"
    r"|(?:[\d一二两三四五六七八九十]{1,8}|几)(?:中(?!等)|食堂|组|队|班|单元|栋|号楼|楼|层|车间|门)"
    # 豆腐多少钱一块: the 块 a price is asked for is a piece, as 一斤 is a weight.
    r"|(?:多少钱?|多钱|好多钱|几多钱|几块钱?|几毛钱?|什么价格?|啥价格?|么子价格?|怎么卖|几钱)[\s,]*"
    rf"(?:(?:一|每|/|1)\s*(?:{UNIT}|块))?"
    rf"|(?:一|每|1)\s*(?:{UNIT}|块)\s*"
    r"(?:多少钱?|好多钱|几多钱|几块钱?|几毛钱?|什么价格?|啥价格?|怎么卖|几钱)"
    r"|一个价|一样价|一口价"
    # 蜂箱就这几个, 只剩那几箱: a seller's few left, not how much is wanted or asked (那几箱我要了
    # still points at goods and asks which).
    rf"|(?:就|只有|只剩|就剩)\s*[这那]几\s*{UNIT}"
    # 还剩几斤, 还有多少箱: the stock asked about.
    rf"|(?:还剩|剩下?|还有)(?:几|多少)\s*{UNIT}"
    # 蹲一个: the young's "waiting for one", not one piece.
    r"|蹲一?个"
    # 帮刘婶报一个, 报个名: signing someone up, not one piece.
    r"|报一?个名?(?=\s|$|[,，。])"
    # 单个4两以上, 果径70以上: how big each piece is, a size and not how much is wanted.
    r"|(?:单个|单果|单只|单颗|单棵|单球|单重|个头|果径|直径|规格)(?:在|约|大约|:)?"
    r"[\d.一二两三四五六七八九十半]{1,6}(?:\s*(?:两|斤|克|公斤|厘米|公分|mm|cm|毫米)"
    r"(?:以上|以下|左右|上下)?|以上|以下)"
    # 草鱼每条三四斤: a range said of each piece is how big they are, not how much is sold.
    r"|每(?:条|只|个|头|颗)(?:在|约|大约|大概)?"
    r"(?:[一二两三四五六七八九]{2}|\d{1,2}\s*[-~到至]\s*\d{1,2})\s*(?:斤|两|公斤)(?:左右|上下)?"
    # 满100个送货, 满50斤包邮: a threshold for a service, not the stock.
    r"|满\s*[\d一二两三四五六七八九十百千]{1,5}\s*(?:斤|公斤|只|个|箱|袋|份|件|瓶|板|元|块)"
    # 每户限领10只, 每人限购5斤: a limit per person, not the stock or the order.
    r"|(?:每户|每人|每家|每个人)?(?:限购|限领|限买|限订|限)\s*[\d一二两三四五六七八九十百]{1,5}"
    r"\s*(?:斤|公斤|只|个|箱|袋|份|件|瓶|板)"
    # 杀了一头年猪: the animal killed, not how much meat is sold.
    r"|(?:杀|宰)了?\s*[\d一两三四五]\s*头"
    # 收款21500元, 共计2380元, 支出(运费)400元: money counted in a tally, not a price.
    r"|(?:收款|收入|支出|共计|合计|总计|货款|菜款|运费)[^\d\n]{0,6}?"
    r"[\d零〇一二两三四五六七八九十百千万.]{1,9}\s*(?:元|块)钱?"
    # 转过去了 60块: money paid, not a price.
    r"|(?:转|付)(?:过去|给你|给您|你|您)?了?\s*[\d零〇一二两三四五六七八九十百千.]{1,8}\s*(?:块|元)钱?"
)


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation), simplified characters, no emoji, tidy spaces."""
    if "://" in text or "www." in text:
        text = _LINK.sub(" ", text)
    if "," in text:
        text = _THOUSANDS.sub("", text)
    if not text.isascii() and _CIRCLED.search(text):
        text = _CIRCLED.sub(_numbered, text)
    text = unicodedata.normalize("NFKC", text).translate(_TO_SIMPLIFIED)
    # Each clean-up only runs when its characters are present: most messages need few.
    if not text.isascii():
        if _KEYCAP_TEN in text:
            text = text.replace(_KEYCAP_TEN, "10")
        if _PRODUCE_EMOJI_RUN.search(text):
            text = _PRODUCE_EMOJI_RUN.sub(_pictured, text)
        text = _EMOJI.sub("", text)
    if _LATIN.search(text):
        for pattern, replacement in _LATIN_UNITS:
            text = pattern.sub(replacement, text)
        text = _LETTER_L.sub("1", text)
    if "500" in text and "克" in text:
        text = _PER_HALF_KILO.sub("/斤", text)
    if _FINANCIAL_HINT.search(text):
        text = _FINANCIAL_RUN.sub(_plain_digits, text)
    if _JIN_HOMOPHONE_HINT.search(text):
        text = _JIN_HOMOPHONE.sub("斤", text)
    if "快" in text:
        text = _YUAN_HOMOPHONE.sub("块", text)
    if "各" in text:
        text = _PIECE_HOMOPHONE.sub("个", text)
    if "妈" in text:
        text = _MA_HOMOPHONE.sub("吗", text)
    if "前" in text:
        text = _QIAN_HOMOPHONE.sub("钱", text)
    if "蚊" in text:
        text = _YUAN_CANTONESE.sub("元", text)
    if "(" in text:
        text = _BRACKETED_UNIT.sub(r"\1", text)
    if "廿" in text or "卅" in text:
        text = _OLD_TENS_RUN.sub(lambda m: _OLD_TENS[m.group()], text)
    if "袋" in text:
        text = _SACK.sub("袋", text)
    if _DIALECT_HINT.search(text):
        text = _DIALECT.sub(_dialect_word, text)
    if "定" in text:
        text = _ORDER_HOMOPHONE.sub("订", text)
    if "而" in text:
        text = _ER_TYPO.sub("二", text)
    if "。" in text or "," in text:
        text = _DECIMAL_TYPO.sub(".", text)
    if "斤半" in text:
        text = _JIN_AND_HALF.sub("一斤半", text)
    if _PLACE_WORD.search(text):
        text = _PLACE_THEN_FULL.sub(_written_out, text)
        text = _MIXED_PLACES.sub(lambda m: m.group().translate(_TO_CN_DIGITS), text)
    if _HALF_SCRIPT.search(text):
        text = _TEN_THEN_DIGIT.sub("1", text)
        text = _DIGIT_THEN_ZEROS.sub(lambda m: _ARABIC_OF[m.group(1)], text)
    if "块把" in text or "毛把" in text:
        text = _ABOUT_A_YUAN.sub(r"一\1", text)
    if "块" in text:
        text = _YUAN_AND_JIAO.sub("一块", text)
    if "¥" in text:
        text = _YEN.sub(r"\1元", text)
    text = shorthand.rewrite(text)
    text = _SPACES.sub(" ", text)
    if " " in text:
        text = _SPACED_CN_UNIT.sub("", _SPACED_UNIT.sub("", text))
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_FINANCIAL_HINT = re.compile(f"[{_FINANCIAL}]")
_DIALECT_HINT = re.compile("[冒冇哒俩莫唔]|木有")
_HALF_SCRIPT = re.compile(r"十\d|[一二两三四五六七八九]0")
_PLACE_WORD = re.compile(
    r"\d[十百千万]零?[\d一二两三四五六七八九]|[一二两三四五六七八九][十百千万]零?\d"
)


# ① 王芳 1箱, ❷ 李四: a circled number opening a line numbers it, as 1. and 2. do.
_CIRCLED_FIRSTS = ("\u2460", "\u2776", "\u2780")
_CIRCLED = re.compile(r"(?m)^[ \t]*([\u2460-\u2473\u2776-\u277f\u2780-\u2789])")


def _pictured(match: re.Match[str]) -> str:
    word = _PRODUCE_EMOJI[match.group(1)]
    text = match.string
    after = len(text) - len(text[match.end() :].lstrip())
    if word in text or products.starts_a_name(text, after):
        return " "
    return f" {word} "


def _numbered(match: re.Match[str]) -> str:
    char = match.group(1)
    first = max(f for f in _CIRCLED_FIRSTS if f <= char)
    return f"{ord(char) - ord(first) + 1}. "


def _plain_digits(match: re.Match[str]) -> str:
    run = match.group()
    if len(run) == 1 and not match.group("unit"):
        return run
    if match.group("yuan"):
        run = run.replace("圆", "元", 1)
    return run.translate(_TO_PLAIN_DIGITS)


def _written_out(match: re.Match[str]) -> str:
    head, place, rest = match.groups()
    value = _PLACE_VALUES[place]
    if len(rest) != len(str(value)) - 1:
        return match.group()
    return str(int(head) * value + int(rest))


def _dialect_word(match: re.Match[str]) -> str:
    word = match.group()
    if word == "俩":
        return "两" if _TWO_OF.match("两" + match.string[match.end() :]) else "两个"
    return _DIALECT_WORDS[word]


def not_amounts(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _MASKED_PHONE.finditer(text)] if _MASK_MARK.search(text) else []
    if not _NOT_AMOUNTS_HINT.search(text):
        return spans
    return spans + [match.span() for match in _NOT_AMOUNTS.finditer(text)]


# 不是12号 是13号, 是二十斤不是十斤: what a correction takes back.
_NEGATED = re.compile(
    r"不是\s*(?:订|要)?\s*[#\d零〇一二两三四五六七八九十百千万.]{1,8}\s*"
    r"(?:号|斤|公斤|千克|吨|担|两|箱|袋|件|个|只|份|板)?"
)


def negated(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _NEGATED.finditer(text)] if "不是" in text else []


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans with spaces, keeping every other character at its position."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
