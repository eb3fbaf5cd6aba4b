"""POST /wechat in plaintext mode: messages are stored, then answered within the budget."""

import time

from sqlmodel import select
from wechatpy import parse_message

from webhooks.courier import ACCOUNT, event_xml, text_xml
from webhooks.models import InboundMessage, InboundStatus, ReplyMode


def stored(db) -> list[InboundMessage]:
    with db.session() as session:
        return list(session.exec(select(InboundMessage).order_by(InboundMessage.id)))


async def test_a_text_gets_a_passive_reply_and_is_stored_raw_and_parsed(wechat, db):
    delivery = await wechat.text("o_newcomer", "你好", msg_id=1001)

    assert delivery.status == 200
    reply = parse_message(delivery.body)
    assert reply.source == ACCOUNT and reply.target == "o_newcomer"
    assert "订12 20斤" in reply.content  # the help text, for someone not yet in the roster
    [row] = stored(db)
    assert row.dedupe_key == "msg:1001" and row.openid == "o_newcomer"
    assert row.content == "你好" and "<Content>你好</Content>" in row.raw
    assert row.parsed == {"ToUserName": ACCOUNT, "FromUserName": "o_newcomer",
                          "CreateTime": str(row.created_time), "MsgType": "text",
                          "Content": "你好", "MsgId": "1001"}
    assert row.status == InboundStatus.handled and row.reply_mode == ReplyMode.passive
    assert row.reply == reply.content


async def test_the_reply_fits_the_persons_role(wechat, township):
    official = await wechat.text("demo_yanchangqi", "帮助")
    buyer = await wechat.text("demo_liuyouliang", "帮助")
    assert "帮李佰飞发布" in official.reply
    assert "我的订单" in buyer.reply and "帮李佰飞发布" not in buyer.reply


async def test_a_voice_note_is_read_from_wechats_transcript(wechat, db):
    xml = text_xml("o_voice", "", 77, int(time.time())).replace(
        "<MsgType><![CDATA[text]]></MsgType><Content></Content>",
        "<MsgType><![CDATA[voice]]></MsgType><MediaId>m1</MediaId><Format>amr</Format>"
        "<Recognition>帮助</Recognition>",
    )
    delivery = await wechat.deliver(xml)
    assert delivery.status == 200 and "订12 20斤" in delivery.reply
    assert stored(db)[0].content == "帮助"


async def test_an_image_gets_a_polite_answer(wechat, db):
    xml = text_xml("o_img", "", 78, int(time.time())).replace(
        "<MsgType><![CDATA[text]]></MsgType><Content></Content>",
        "<MsgType><![CDATA[image]]></MsgType><PicUrl>http://x/y.jpg</PicUrl><MediaId>m</MediaId>",
    )
    delivery = await wechat.deliver(xml)
    assert delivery.status == 200 and "文字" in delivery.reply


async def test_an_event_nobody_needs_to_answer_gets_success(wechat, db):
    delivery = await wechat.deliver(event_xml("o_click", "CLICK", int(time.time()), "MENU_1"))
    assert (delivery.status, delivery.body, delivery.reply) == (200, "success", None)
    assert stored(db)[0].reply_mode == ReplyMode.none
