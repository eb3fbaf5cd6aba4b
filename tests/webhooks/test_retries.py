"""WeChat retries: stored once, acted on once, answered the same way every time."""

import asyncio
from datetime import timedelta

import httpx
from sqlmodel import func, select

from core.app import create_app
from core.clock import utcnow
from roster import service
from roster.models import Invite, Person
from tests.conftest import APP_ID, TOKEN, make_settings
from webhooks.courier import Courier, text_xml
from webhooks.models import InboundMessage, InboundStatus


def rows(db) -> list[InboundMessage]:
    with db.session() as session:
        return list(session.exec(select(InboundMessage)))


def invite_for(db, name: str) -> str:
    with db.transaction() as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
        return service.create_invite(session, person=person).code


async def test_the_same_msgid_three_times_is_stored_once_and_acted_on_once(wechat, township):
    db = township
    code = invite_for(db, "李佰飞")
    replies = [await wechat.text("o_li", f"绑定 {code}", msg_id=424242) for _ in range(3)]

    # Had the binding run twice, the second reply would say "already bound".
    assert [r.reply for r in replies] == [replies[0].reply] * 3
    assert "绑定成功" in replies[0].reply
    [row] = rows(db)
    assert row.dedupe_key == "msg:424242" and row.status == InboundStatus.handled


async def test_retries_arriving_together_act_once(wechat, township):
    db = township
    code = invite_for(db, "李佰飞")
    deliveries = await asyncio.gather(
        *[wechat.text("o_li", f"绑定 {code}", msg_id=777) for _ in range(3)])

    assert all(d.status == 200 for d in deliveries)
    assert len(rows(db)) == 1
    answered = [d.reply for d in deliveries if d.reply]
    assert answered and all("绑定成功" in reply for reply in answered)
    with db.session() as session:
        assert session.exec(select(func.count()).select_from(Invite)
                            .where(Invite.used_at.is_not(None))).one() == 1


async def test_an_event_retry_is_recognised_by_sender_and_time(wechat, db):
    from webhooks.courier import event_xml

    xml = event_xml("o_fan", "subscribe", 1_800_000_000)
    first = await wechat.deliver(xml)
    second = await wechat.deliver(xml)
    assert first.reply == second.reply and "欢迎关注" in first.reply
    assert len(rows(db)) == 1


async def test_a_message_whose_handler_died_is_taken_over_by_the_retry(wechat, db):
    xml = text_xml("o_crash", "帮助", 31337, int(utcnow().timestamp()))
    with db.transaction() as session:  # what a handler that crashed mid-way leaves behind
        session.add(InboundMessage(
            dedupe_key="msg:31337", openid="o_crash", msg_type="text", content="帮助", raw=xml,
            created_time=0, claimed_at=utcnow() - timedelta(minutes=5)))

    delivery = await wechat.deliver(xml)

    assert "订12 20斤" in delivery.reply
    [row] = rows(db)
    assert row.status == InboundStatus.handled and row.reply == delivery.reply


async def test_a_retry_while_the_first_is_still_being_handled_waits_and_does_not_act(db):
    import httpx

    from core.app import create_app
    from tests.conftest import APP_ID, TOKEN, make_settings
    from webhooks.courier import Courier

    app = create_app(make_settings(db.url, wechat_reply_budget=0.3), db)
    transport = httpx.ASGITransport(app=app)
    xml = text_xml("o_busy", "帮助", 4040, int(utcnow().timestamp()))
    with db.transaction() as session:  # another process has just claimed it
        session.add(InboundMessage(dedupe_key="msg:4040", openid="o_busy", msg_type="text",
                                   content="帮助", raw=xml, created_time=0))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        delivery = await Courier(client, token=TOKEN, app_id=APP_ID).deliver(xml)
    # The budget runs out while the first attempt works; WeChat hears "success".
    assert (delivery.body, delivery.reply) == ("success", None)
    assert rows(db)[0].status == InboundStatus.received


async def test_with_one_handler_messages_arriving_together_wait_their_turn(township):
    """A process handles `message_handlers` messages at once; the others queue before their
    transaction, retries of one of them included, and every one is answered once."""
    db = township
    code = invite_for(db, "李佰飞")
    app = create_app(make_settings(db.url, message_handlers=1), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        wechat = Courier(c, token=TOKEN, app_id=APP_ID)
        deliveries = await asyncio.gather(
            *[wechat.text("o_li", f"绑定 {code}", msg_id=888) for _ in range(3)],
            *[wechat.text(f"o_queue{n}", "帮助", msg_id=900 + n) for n in range(5)])

    assert [d.status for d in deliveries] == [200] * 8
    assert all("绑定成功" in d.reply for d in deliveries[:3] if d.reply)
    assert all("订12 20斤" in d.reply for d in deliveries[3:])
    assert len(rows(db)) == 6 and {r.status for r in rows(db)} == {InboundStatus.handled}
