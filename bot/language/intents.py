"""What a message wants: offer, order, cancel, query, jielong, help or unknown."""

import re
from collections.abc import Callable
from typing import NamedTuple

_HELP = re.compile(
    r"帮助|怎么用|如何使用|咋用|使用说明|用法|怎么下单|如何下单|怎么订货?|怎么买|如何购买|怎么发布"
    r"|如何发布|怎么报名|怎么参加|怎么操作|怎么弄|教程"
    r"|功能介绍|有什么功能|怎么付|如何付|怎么支付|怎么结账|怎么给钱|付款方式|help"
    # 在哪里付钱: where to pay is asked as how to pay is, and 付款码发一下 asks for the means.
    r"|(?:在哪|哪里|哪儿)(?:里)?(?:付|交|给)(?:钱|款)|(?:付款|收款)码"
    # 我要卖东西 在哪里发, 不会接龙 教我一下, 哪个教下我: where to post, and a plea to be shown
    # how; the writer's own 不会用 or 不会弄, opening the message, asks for it too (她不会用微信
    # says why one orders for another).
    r"|(?:在哪|哪里|哪儿)里?(?:发布|发(?![货了的过]))|(?<!请)教(?:我|一?下)"
    r"|^(?:我|我还)?不会(?:用|弄|搞|操作)(?=$|[\s,，。!！啊呀])"
    # 我想卖点菜 怎么发, 钱怎么转给你们: how to post, and how to send the money, asked plainly.
    r"|(?:怎么|如何|咋)发(?![货了的过快出走])|钱\S{0,2}(?:怎么|如何|咋)(?:转|给|交|打)"
    r"|(?:怎么|如何)(?:转账|转钱|交钱)"
    # 钱转到哪里, 款打给谁: where the money goes is asked as how to pay is.
    r"|(?:钱|款)\S{0,2}?(?:转|打|付|交)(?:到|给)(?:哪|谁)"
    # 怎么取消订单, 怎么改数量: how to do something is a question for the manual, not the act.
    # 怎么把订单取消掉: the thing to be done may come first, after 把.
    r"|(?:怎么|如何|怎样)(?:才能)?(?:把\S{1,4}?)?(?:取消|改|修改|退|删|撤|查|看|接龙|报|填|加)"
    # 怎么在群里买菜, 如何在这里订: where one buys may stand between how and the buying.
    r"|(?:怎么|如何|咋)在\S{1,4}?(?:买|订|下单|购买)"
    # 怎么把自己的菜发上来卖: what is posted may stand between how and the posting, after 把.
    r"|(?:怎么|如何|咋)(?:才能)?把\S{1,8}?(?:发|挂|放)(?:上来|上去|到群)"
    # 付钱用微信还是支付宝, 可以用现金付吗: which means to pay by is asked as how to pay is.
    r"|(?:付钱|付款|给钱|交钱)(?:用|走)?(?:微信|支付宝|现金)"
    r"|(?:能|可以)?用(?:微信|支付宝|现金)(?:付|给|交|转)(?:钱|款|账)?\s*(?:吗|不|没|行|可以|[?？])",
    re.IGNORECASE,
)
# 发个菜单 asks for the bot's menu; a canteen's menu (一中食堂下周菜单：星期一 鸡蛋四百个) lists
# dishes with their amounts, and is no question.
_MENU = "菜单"
# A greeting may open with how the person is addressed (老板在吗, 书记你好, 各位早上好).
_GREETING_WORDS = (
    r"你好|您好|在吗|在不在|有人吗|有人在吗|有没有人|早上好|上午好|中午好|下午好|晚上好|早安|早"
    r"|hi|hello|哈喽|嗨"
)
_GREETING = re.compile(
    # 各位乡亲 早上好: the group may be named by what its people are here too.
    # 刘书记 早上好: one person may be named by surname and title.
    r"^(?:(?:[^\s\d]?(?:老板|老师|师傅|书记|主任|村长|大哥|大姐|阿姨)|美女|帅哥|亲|喂|各位|大家"
    r"|乡亲们?|村民们?|朋友们|家人们|群友们)+[,，\s]*)?"
    rf"(?:{_GREETING_WORDS}|[?？]+)[啊呀吗!！。.?？\s]*"
    # 你好 在吗, 下午好呀 各位, 在吗 老板, 晚上好 打扰了: another greeting, the group or the
    # person addressed, or a pardon.
    rf"(?:(?:{_GREETING_WORDS})[啊呀吗!！。.?？\s]*)*"
    # 早上好 各位老板: the group may be named by what its people are.
    r"(?:(?:各位|大家)好?\s*(?:老板|老师|师傅|乡亲|村民|朋友|家人)?们?"
    # 早上好啊 刘书记: the person addressed may be named by surname and title.
    r"|[^\s\d]?(?:老板|老师|师傅|书记|主任|村长|大哥|大姐|阿姨|美女|帅哥)"
    r"|打扰(?:了|一下)?"
    # 大家下午好 吃饭了吗: asking whether one has eaten is how the countryside says hello.
    r"|吃(?:过|了)?(?:早饭|中饭|午饭|晚饭|饭)?了?(?:吗|没有?|冇|冒|啵|么)"
    # 各位早上好 今天天气好, 大家早 今天好冷: a word on the weather closes a greeting.
    r"|(?:今天)?(?:天气)?(?:真|好|很|蛮|太)?(?:好|不错|冷|热|晴)(?:啊|呀|哦)?)?[啊呀!！。.?？\s]*$",
    re.I,
)
_CANCEL = re.compile(
    r"(?i:cancel)|^不用了|取消|取销|作罢|撤了|撤掉|撤回|单\S{0,2}(?:别管|不算|算了)|(?:不用|别)(?:给我|帮我)?(?:留|送|订|买)|不要了|不要啦|不要\S{1,8}?了|退订|撤销|撤单|退单|作废|不订了|不买了|别送了|不用送了|删除订单|删单|删掉|退掉|退了|不要那(?!么|样)"
    # D112不要, 12号的不要: an order or listing named, and 不要 at the end.
    r"|(?:[A-Za-z]\d+|\d+号)\S{0,3}?\s*不要\s*$"
    # 麻烦把D1011删了: an order or listing struck out (删了 alone may be a chat message deleted).
    r"|(?:[A-Za-z]\d+|\d+号)\S{0,3}?\s*删了"
    # 去消D899, D938取笑: 取消 typed by its sound (取笑 only beside what it cancels, as it is
    # also a word; 去消费 and 去消毒 are not cancels).
    r"|去[消销](?![费毒化防灭息])|(?:[A-Za-z]\d+|\d+号)\s*取笑|取笑\s*(?:[A-Za-z]\d+|\d+号)"
)
_MY_ORDERS = re.compile(
    # 菜钱月底一起结 行吗, 这个月的菜钱一共多少: how an account is settled asks about orders.
    r"(?:菜钱|菜款)[^,，。]{0,8}?(?:好多|多少|几多|一起结|怎么结|结账|结算|明细)|"
    # 我订了几样东西 帮我看下: what one ordered, asked to be looked up.
    r"我\S{0,4}订了[^,，。]{0,10}?(?:看|查)一?下|"
    r"单号|账单|物流|我的订单|我[^\s,，。]{0,4}订的|订了多少|订单状态|查订单|查一下订单|看看?订单|订了什么|订了啥|订单呢|我的单|订单查询|查询订单"
)
# 我刚订的腊鱼 改成三斤: a new amount for one's own order changes it, and asks nothing.
_CHANGED_TO_AN_AMOUNT = re.compile(r"(?:改成|改为|改到|换成)\s*[\d一二两三四五六七八九十半]")
# 冇得人要我的冬瓜, 哪个要, 有要蜂蜜的没, 要的赶快: the writer looks for buyers.
_SOLICIT = re.compile(
    r"有人要|谁要|哪个要|哪个需要|没得?人要|没有人要|有要的|有要\S{1,6}?的(?=[没吗么不?？]|$)|需要的"
    # 要的家长在下面报数: the buyers may be named (家长, 朋友们) and told where to answer.
    r"|要的(?:家长|朋友们?|同事|乡亲们?|亲们?)?(?:在?下面)?"
    r"(?=\s*$|\s*[,，。]|在?群里|请?联系|私聊|加|找|打|call|赶快|抓紧|快|从速|尽快|请|来|说|讲|吱声|可以|就|早|报|接龙)"
    # 要腊肉的今天晚上报给我, 要蜂蜜的早点说: the buyers are asked to say so.
    r"|(?<![我你他她])要[^\s,，。\d要]{1,4}的(?=\s*(?:赶快|抓紧|从速|尽快|请?联系|私聊|找我|吱声|报给?我"
    r"|告诉我|跟我说|早点|早些|早说|报数|说一声))|有需要|欢迎"
    # 要寄外地的茶油 今晚十点前报给我: whoever wants some is asked to say so.
    r"|报给我(?=\s*$|\s*[,，。!！])"
    # 要多少有多少, 管够: plenty to sell, not a question.
    r"|要多少有多少|管够"
)
# 南瓜有多少要多少: a buyer takes all there is, and asks nothing.
_TAKES_ALL = re.compile(r"有多少[要收买]多少")
# 需要西兰花吗？5000斤 2.5元: a question that is really an advertisement.
_SOLICIT_QUESTION = re.compile(r"需要\S{0,6}吗|要不要")
_QUESTION = re.compile(
    r"[?？]|吗|(?<![那这])么|咋|多钱|还剩几|还有几|剩几|(.)不\1|是\S{1,8}还是|哪(?!怕)|多少|几号|几点|哪天|啥时|多少钱|好多钱|几多钱|几钱|几块|几毛|什么价|啥价|怎么卖|有没有|有没得|还有没|有无|哪里|在哪"
    # 还有西兰花不, 明天送不, 有红薯没: a trailing 不 or 没 after 有/要/送 asks.
    # 熟透了冒: the Hunan 冒 after 了 asks as 了没 does.
    r"|什么时候|几时|多久|多长时间|要几天|呢$|没得$|没有$|了[没冒冇](?=$|[\s,，。])|有\S{0,8}?[冒冇]$|(?:有(?!人)|[要送卖行能])\S{0,8}?[不没]$"
    # 菜还没到, 打农药没: asked without a question mark.
    r"|还没[到送来收]|[药过]没$"
    # 1207号还有好多: at the end, the Hunan 好多 asks how much is left, as 多少 does.
    r"|(?:还有|还剩|剩下?)好多$"
    # 莫得洋芋了哇: a Sichuan question ends in 哇.
    r"|了哇$"
    r"|价格多少|多少一斤|还有多少|剩多少|有多少|有什么|有啥|什么菜|卖什么|哪些"
    # 在村部拿还是送到家: a choice offered with 还是 between two words asks (我 还是要 does not).
    r"|[^\s\d,，。我你他她]还是(?:[^\s,，。]{1,8}(?:[?？吗呢]|\s*$)|\s*$)"
)
_SELL_TO_ME = re.compile(r"卖给我|卖我|卖点给我|卖些给我")
# 有货 asked about (有没有货, 还有货吗) is a question, and 转给你 is money, not goods.
_OFFER = re.compile(
    # 小卖部 and 卖菜的 name a shop and a seller; 怎么卖 asks a price.
    r"(?<!怎么)(?<![咋小])卖(?!部|菜的|完|光|[^\s,，。\d]{1,3}的\s*(?:在|呢|老板|师傅))|接受预[订定]|开始预[订定]|可预[订定]|预售|出售|发布(?!】)|供应|供货|(?<!没)(?<!是否)有货(?![吗么不没])|滞销|销不出去|上市|批发(?!价\S{0,2}(?:多少|几|怎么)|市场|的(?=\s|[老小阿]\S|[:：]))|售价|零售|(?<![转付打])给你(?!\s*[送留带拿发]|\s*$)"
    r"|清仓|处理|代售|便宜了|出货|可供"
)
# 有两千斤 自己来拉: a seller's stock with the buyers told to fetch it themselves; 来拉 alone is
# a buyer's truck coming.
_FETCH_IT_YOURSELF = re.compile(r"自己(?:过)?[来去](?:拉|拿|提|取|摘|挑)")
# 怕是要下雪了, 要过年了: 要 before the weather or a season says what is coming, not what
# is wanted.
_ABOUT_TO = r"[下落](?:雨|雪|冰|霜)|变天|降温|刮风|打雷|结冰|冰冻|过年|过节|放假|开学"
_ORDER = re.compile(
    # 你要的红薯我放村部了, 你们要的红薯都留好了: the seller speaks of what buyers ordered.
    r"订(?!单)|订单(?=[:：\s])|(?<![需只主重不你您])(?<!你们)要(?!求|是|得(?!多)|"
    rf"{_ABOUT_TO})|只要(?=\s*[\d一二两三四五六七八九十半])|需要(?!的)|买|采购|来(?:个|点|些|一?份)|再来|^来"
    # 给你留着, 已经留好了: a seller's word that the goods are kept, not an order.
    r"|来(?=\s*[\d一二两三四五六七八九十半])|(?<![给帮]你)(?<!已经)留(?![着好])|拿|称|收购|求购|^收(?!到|下|好|款|钱)"
    # 帮电商那边收二十箱猕猴桃: collecting an amount for someone buys it.
    r"|(?:帮\S{0,6}?|专门|长期|大量)收(?=\s*[\d一二两三四五六七八九十百千万]{1,6}\s*[斤吨箱袋筐个只担车])"
    r"|下单|再加|加\s*\d|给我|包圆|全包|都包|包了"
    # 蹲一个, 安排10斤, 老规矩: how the young and the regulars order.
    r"|蹲|[搞整](?=\s*[个\d一二两三四五六七八九十半])|安排(?=\s*[\d一二两三四五六七八九十半])|老规矩|照旧|老样子"
    # 冲冲冲, 回购, 我报20斤, 跟上回一样: buying again, or joining, as the young and regulars say.
    r"|冲(?:冲|了|一波)|回购|(?<![举汇预情上])报(?=\s*[\d一二两三四五六七八九十半]{1,5}\s*[斤箱袋个只份把])"
    r"|(?:跟|和|同|照)上(?:次|回|周|个月|礼拜)"
    # 改成四十斤: a new amount for an order already placed.
    # 改成周六送 moves the delivery, and orders nothing (a time is a note, masked by then).
    r"|(?:改成|改为|改到)(?!\s*$|\s*(?:周|星期|礼拜|[今明后]天|[上下中晚早]午|晚上|早上|\d{1,2}[号点]))"
    r"|换成|(?:说|搞|打|写|弄|报)错了"
    # 送西兰花200斤到食堂: told to deliver, so the writer is the buyer.
    r"|^(?:帮我|给我|麻烦)?送(?!货)"
    # 我开车过来拉 红薯两千斤: a buyer fetching the goods by truck.
    r"|[来去]拉(?!倒)"
    # 能不能送十五斤过来: a polite request for an amount is an order, not a question.
    r"|(?:能不能|能否|可不可以|可否|麻烦)(?:帮我|给我|帮忙)?[送留带称](?=\S{0,6}?[\d一二两三四五六七八九十半])"
    # 帮村里带二十板鸡蛋: a driver bringing goods back for others buys them.
    r"|帮\S{0,6}?带(?!回|过|走)"
    # 再补一百斤, 进货: a shop restocking buys.
    r"|再补|补货|进货"
)
# 谢谢你们帮我们卖菜: thanks that name no amount, price or listing want nothing done.
_THANKS = re.compile(r"^(?:谢谢|感谢|多谢|辛苦)")
_ACKNOWLEDGED = re.compile(r"收到|谢谢|感谢|多谢|好的")
_SOLD_OUT = re.compile(r"卖完|卖光|售完|售罄|卖断货|抢完")
# 芹菜卖完了吗: whether the goods are gone is asked, not told.
_SOLD_OUT_ASKED = re.compile(r"(?:卖完|卖光|售完|抢完)了?\s*(?:吗|么|没|[?？])")
# 现在还能订吗, 最少要买多少, 能送到家吗, 在哪拿, 打农药没: questions about buying, fetching and
# how the goods were grown are for the bot.
_ABOUT_BUYING = re.compile(r"订|买|送|卖|付|拿|取货|提货|农药|打药|有机|化肥|激素")
# D160我帮忙带回去: someone fetching an order for another tells, and asks nothing; so does a
# buyer whose truck comes to load it (D420的车明早七点到 装车).
_FETCHED_FOR = re.compile(r"带回去|帮忙带|代取|代拿|帮[你他她]拿|装车")
# D760的菜到了 放货架上了, D795已经拿走了: the order came or was fetched, and nothing is asked.
_ARRIVED = re.compile(r"到了(?![没吗么不])|[拿取领]走了|[拿取领]到了")
# 采茶要请人 一天一百五 有要做的联系我: hiring hands sells nothing, and the pay is no price.
_HIRING = re.compile(r"请人|招人|招工|请[几\d一二两三四五六七八九十]+个人|工钱|工资|帮工")
# 这批的香菇太小了, 上次那批萝卜有烂的: a remark on goods already received orders nothing, even
# with a wish for next time (下次要大朵的).
_BATCH_REMARK = re.compile(
    r"[这那]一?批\S{0,6}?(?:太[小大老嫩硬酸少]|有(?:点|些)?(?:烂|坏|臭|小)|烂了|坏了|不新鲜|不好(?!卖))"
)
# 钱转了, 转过去了 60块: the buyer has paid, and wants nothing more.
_PAID = re.compile(
    r"转(?:过去|给你|给您|你|您)?了|已转|已付|付过了|钱\S{0,4}转|(?:微信|支付宝)(?:转|付)(?:过去|给你|你)?了"
)
# 👍 已订, 订好了: the writer says an order is placed, and orders nothing more.
_PLACED = re.compile(r"已(?:经)?(?:订|下单|报)|[订报]好了|下好单了")
# D330已经发快递了: the seller tells that an order is on its way (快递 is a note by then,
# so 已经发  了 is what is left).
_SHIPPED = re.compile(
    r"已经?(?:发|寄)(?:货|出|走|快递)?\s*了|已(?:发货|发出|寄出)|发快递了|寄出去了"
)
# 斤两不够 少了两斤, 少了三个: a buyer says the goods came short, and orders nothing.
_SHORT_WEIGHT = re.compile(
    r"斤两不够|不够秤|缺斤|短斤"
    r"|[少差]了\s*[\d一二两三四五六七八九十半]{1,4}\s*(?:斤|两|个|只|把|箱|袋|块|根|颗)"
)
# 家中只有老两口: 只有 and 没有 tell no stock.
_WEAK_OFFER = re.compile(r"(?<![只没])有|还剩|剩")
# A canteen, school or home that names goods and an amount without a price is buying them.
_BUYER = re.compile(
    r"食堂|幼儿园|敬老院|养老院|卫生院|学校|中学|小学|中心校|职中|[一二三四五六七八九\d]中(?![等间午心])"
    r"|午餐|早餐|晚餐|伙食|饭店|餐馆|餐厅|酒店|农家乐|小炒|大排档"
    # Group-buy leaders and shops order for a building or their customers.
    r"|团购|团长|团的|拼单|拼个单|小区|整栋|这栋楼|小卖部|便利店|超市|水果店|商店|村小"
    # A market stall buys for the next morning's trade.
    r"|档口|摊位"
)
# 【会计报账】西兰花共售出8600斤 收款21500元: an accountant's tally asks for nothing, nor does
# one who speaks as the accountant (合作社会计 D870的钱还没付 请尽快).
_TALLY = re.compile(r"报账|账目|收款|收入|支出|已售|售出|卖出|统计|菜款|货款|^\S{0,3}会计[:：\s]")
# 12号价格改成2块, 库存改成500斤, 发错了 是红薯: the seller corrects a listing; a price after
# 改成 (四块钱一斤 改成 三块八) is one only a seller changes.
_LISTING_EDIT = re.compile(
    r"更正|库存|价格\S{0,3}(?:改|错|调)|改价|调价|降价|涨价|[发写打]错|数量是|还剩|剩余"
    r"|(?:改成|改为|调成|调到|调为)\s*[\d一二两三四五六七八九十]{1,4}(?:\.\d{1,2})?\s*(?:块|元|毛)"
)
_BUYERS_VERB = re.compile(r"(?<![需只主重不你])要(?!的)|买|订(?!单)|留|来")
# 我订的D20到了没 顺便再加5斤: more is wanted, whatever else is asked.
_ADDS_MORE = re.compile(r"再(?:加|来|要|订|买)")
# A long message may come to its point only at the end: 就要五斤西兰花.
_CLAUSES = re.compile(r"[\s,，。!！;；]+")
_AMOUNT_HINT = re.compile(r"[\d一二两三四五六七八九十半]")
_FEWEST_CLAUSES_BEFORE_THE_POINT = 3
# 起订：100斤 is the least a seller sells, not an order.
_MINIMUM = re.compile(r"起[订批售卖]")
# A product said alone (西兰花) asks about it; a remark about it (嘞个红薯好甜) is talk.
_MOST_WORDS_AROUND_A_BARE_QUERY = 2
# 好多钱 and 么子价 are how Hunan asks 多少钱 and 什么价.
_PRICE_TOPIC = re.compile(
    # 几钱一斤 is how Hunan asks 多少钱 too.
    r"多少钱|多钱|好多钱|几多钱|几钱|几块|几毛|什么价|啥价|么子价|怎么卖|咋卖|价格|价钱|多少一|菜价"
    # 能便宜点不, 能少点吗: haggling asks about the price.
    r"|便宜|少点|少一点|少些|优惠|打折|让点"
)
# 有人一起不 asks about people, not stock.
# 统一回复, 通知, 温馨提示: a notice to the whole group.
_TO_EVERYONE = re.compile(r"@所有人|大家|各位|乡亲们|群友们|统一回复|通知|公告|温馨提示")
_ASKS_AFTER_AN_ORDER = re.compile(
    # 给我留的那五斤冬笋 明天几点能拿: goods kept for the writer are an order placed too.
    r"(?:[订要买留]的|我那).{0,16}?"
    r"(?:到了?没|到哪|到不|能到|送来|送到|送了没|什么时候|啥时候?|几时|几点|么子时候|发货)"
)
_STOCK_TOPIC = re.compile(r"有(?!人)|剩")
# 送得到石门村不, 送到家没: once the place is taken out as a note, a lone 不 or 没 left at the
# end asks whether it can be done.
_WHETHER_AFTER_A_NOTE = re.compile(r"(?:^|\s)[不没冒冇]$")
# 几号送, 明天能到吗: when the goods come is asked about one's orders.
_DELIVERY_TOPIC = re.compile(r"送|到|发货|几号|几点|哪天|什么时候|啥时|几时|么子时候")
# 10斤 alone answers the bot; 我家猪生了12只小猪 is news. An amount with no product, verb or
# listing is an order only when little else is said around it.
_MOST_WORDS_AROUND_A_BARE_AMOUNT = 4


class Signals(NamedTuple):
    """The message with notes removed, and what else was found in it."""

    text: str
    has_quantity: bool
    has_price: bool
    has_product: bool
    has_listing: bool
    has_order_code: bool
    # Counts the Chinese characters outside the amounts, prices, references and product names;
    # called only when no verb decides, as counting costs more than the rest of the signals.
    other_words: Callable[[], int] = lambda: 0
    # The amount is what one household buys (5斤, 两把), not a farmer's stock.
    small_amount: bool = False
    # The product is named with where it comes from (彬县酥梨), as a seller describes it.
    has_origin: bool = False
    # A note says where goods go (送到家), which the text above no longer shows.
    has_delivery_note: bool = False
    # A note says where goods are fetched (来取, 自提).
    has_pickup_note: bool = False


def classify(signals: Signals) -> tuple[str, str | None]:
    """The intent, and for a query what it is about (orders, price or stock)."""
    text = signals.text
    cancels = _CANCEL.search(text) is not None
    asks_help = _HELP.search(text) or (_MENU in text and not signals.has_quantity)
    if asks_help and len(text) <= 20 and not (cancels and signals.has_order_code):
        # D15不要了 钱怎么退 cancels D15; 怎么取消订单 asks how.
        return "help", None
    if _GREETING.match(text):
        return "help", None
    if cancels:
        return "cancel", None
    if _SHIPPED.search(text) and signals.has_order_code and not _QUESTION.search(text):
        # D410寄出去了 单号明天发你: the seller tells, and the 单号 is promised, not asked for.
        return "unknown", None
    if (
        _MY_ORDERS.search(text)
        and not _ADDS_MORE.search(text)
        and not _CHANGED_TO_AN_AMOUNT.search(text)
    ):
        return "query", "orders"
    if _TALLY.search(text) and not (
        signals.has_listing or _ORDER.search(text) or _BUYER.search(text)
    ):
        return "unknown", None
    if _THANKS.match(text) and not (
        signals.has_quantity or signals.has_price or signals.has_listing or signals.has_order_code
    ):
        return "unknown", None
    if _HIRING.search(text) and not signals.has_quantity:
        return "unknown", None
    if _SOLICIT.search(text):
        return "offer", None
    if _TAKES_ALL.search(text):
        return "order", None
    if _SOLICIT_QUESTION.search(text) and (signals.has_price or signals.has_quantity):
        return "offer", None
    if _TO_EVERYONE.search(text) and not (signals.has_quantity or signals.has_price):
        # @所有人 12号的西兰花到了 大家来村部拿: a notice to the group, not one buyer's order.
        return "unknown", None
    if _SOLD_OUT.search(text) and not signals.has_quantity and not _SOLD_OUT_ASKED.search(text):
        # 西兰花已经卖完了: a seller closing a sale tells the group, wanting nothing.
        return "unknown", None
    if _BATCH_REMARK.search(text) and not (signals.has_quantity or signals.has_price):
        return "unknown", None
    if (_PAID.search(text) or _SHORT_WEIGHT.search(text)) and not signals.has_price:
        return "unknown", None
    if _PLACED.search(text) and not (
        signals.has_quantity or signals.has_product or signals.has_listing or signals.has_order_code
    ):
        return "unknown", None
    if signals.has_order_code and not signals.has_quantity:
        # D88 收到了 谢谢, D80送到卫生室就行, 明早7点来取D110: nothing is asked.
        told = (
            signals.has_delivery_note
            or signals.has_pickup_note
            or _FETCHED_FOR.search(text) is not None
            or _ARRIVED.search(text) is not None
            or _SHIPPED.search(text) is not None
            or _PLACED.search(text) is not None
        )
        if (_ACKNOWLEDGED.search(text) or told) and not _QUESTION.search(text):
            return "unknown", None
        return "query", "orders"
    question = bool(_QUESTION.search(text)) or bool(
        signals.has_delivery_note and _WHETHER_AFTER_A_NOTE.search(text)
    )
    if question and _ASKS_AFTER_AN_ORDER.search(text) and not _ADDS_MORE.search(text):
        # 我要的20斤红薯 到了没: the amount names an order already placed.
        return "query", "orders"
    if question and not signals.has_quantity:
        topic = _topic(text)
        if topic is None and signals.has_delivery_note:
            topic = "orders"
        if (
            topic is None
            and not _has_object(signals)
            and not _ABOUT_BUYING.search(text)
            and not signals.has_delivery_note
        ):
            # 今天收成怎么样, 能不能找人修一下水管: a question about nothing on sale is talk.
            return "unknown", None
        return "query", topic
    return _by_verbs(signals, question), None


def _ends_in_an_order(text: str) -> bool:
    """书记你好 … 上次看到你们帮李佰飞卖菜 … 就要五斤西兰花: the last words decide."""
    clauses = [c for c in _CLAUSES.split(text) if c]
    if len(clauses) <= _FEWEST_CLAUSES_BEFORE_THE_POINT:
        return False
    last = clauses[-1]
    return bool(
        _ORDER.search(last)
        and _AMOUNT_HINT.search(last)
        and not _OFFER.search(last)
        and not _MINIMUM.search(last)
    )


def _has_object(signals: Signals) -> bool:
    return signals.has_product or signals.has_listing or signals.has_order_code or signals.has_price


def _by_verbs(signals: Signals, question: bool) -> str:
    text = signals.text
    if _SELL_TO_ME.search(text):
        return "order"
    if (
        (signals.has_listing or signals.has_price)
        and _LISTING_EDIT.search(text)
        and not _BUYERS_VERB.search(text)
    ):
        return "offer"
    if _OFFER.search(text):
        return "order" if _ends_in_an_order(text) else "offer"
    if signals.has_price and _WEAK_OFFER.search(text) and _FETCH_IT_YOURSELF.search(text):
        return "offer"
    if _ORDER.search(text):
        return "order"
    if signals.has_listing and signals.has_price and signals.has_quantity:
        # 53号 白萝卜 8毛一斤 2000斤: an official posting a listing's price and stock.
        return "order" if signals.small_amount else "offer"
    if signals.has_listing:
        return "order"
    if (
        signals.has_quantity
        and not signals.has_price
        and (_BUYER.search(text) or signals.has_delivery_note)
    ):
        # 白菜五十斤 送村小食堂: goods sent somewhere are bought, not sold.
        return "order"
    if signals.has_price:
        return "offer"
    if question:
        return "query"
    if _WEAK_OFFER.search(text) and signals.has_quantity:
        return "offer"
    if signals.has_quantity and signals.has_product:
        # 西兰花 5斤 with no verb and no price is wanted; 土豆 2万斤 is for sale.
        return "order" if signals.small_amount and not signals.has_origin else "offer"
    if signals.has_quantity and (
        signals.has_order_code or signals.other_words() <= _MOST_WORDS_AROUND_A_BARE_AMOUNT
    ):
        return "order"
    if signals.has_product and signals.other_words() <= _MOST_WORDS_AROUND_A_BARE_QUERY:
        return "query"
    return "unknown"


def _topic(text: str) -> str | None:
    if _PRICE_TOPIC.search(text):
        return "price"
    if _STOCK_TOPIC.search(text):
        return "stock"
    if _DELIVERY_TOPIC.search(text):
        return "orders"
    return None
