"""Every channel against the fake WeChat/WeCom platform, over real HTTP on loopback."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from sqlmodel import select

from catalog import broadcast
from catalog import service as catalog
from core import outbound
from core.channels import oa_customer
from core.channels.dispatch import Dispatcher
from core.channels.wechat_api import OfficialAccount
from core.channels.wecom_robot import route_key
from core.clock import utcnow
from core.outbound import OutboundMessage, Status, Target, TargetKind
from roster.models import Group, Person
from tests.conftest import make_settings
from tests.fakes import ROBOT_KEY

OFFICIAL = "o_official"


def dispatcher(db, fake, **settings) -> Dispatcher:
    values = {"wecom_webhook_base": fake.base_url, "wechat_api_base": fake.base_url}
    if settings.pop("account", False):
        values |= {"wechat_app_id": fake.app_id, "wechat_app_secret": fake.app_secret}
    return Dispatcher.from_settings(make_settings(db.url, **values | settings), db)


def robot(key: str = ROBOT_KEY, name: str = "麻城村村民群") -> Target:
    return Target(TargetKind.group, "1", name, "wecom_robot", route=key, rate_key=route_key(key))


def queue(db, target: Target, count: int = 1, topic: str = "listing:1", **extra) -> None:
    with db.transaction() as session:
        for n in range(count):
            outbound.enqueue(session, target, f"消息{n}", topic=topic,
                             report={"to": [OFFICIAL], "hint": "重发 1"}, **extra)


def rows(db, topic: str = "listing:1") -> list[OutboundMessage]:
    with db.session() as session:
        return list(session.exec(select(OutboundMessage).where(OutboundMessage.topic == topic)
                                 .order_by(OutboundMessage.id)))


def make_due(db) -> None:
    """Time passes: everything waiting (backoff, pacing, leases) is due now."""
    with db.transaction() as session:
        for message in session.exec(select(OutboundMessage)):
            message.send_after = utcnow() - timedelta(seconds=1)
            session.add(message)


def test_a_robot_group_gets_the_text(db, fake_wechat):
    queue(db, robot())
    assert outbound.drain(db, dispatcher(db, fake_wechat).send) == 1
    [received] = fake_wechat.state.messages("robot")
    assert received.to == ROBOT_KEY and received.body["text"]["content"] == "消息0"
    assert rows(db)[0].status == Status.sent


def test_a_robot_never_gets_a_21st_message_within_a_minute(db, fake_wechat):
    queue(db, robot(), count=25)
    send = dispatcher(db, fake_wechat).send
    outbound.drain(db, send)
    outbound.drain(db, send)  # the other five are not due until a place frees up
    assert len(fake_wechat.state.messages("robot")) == 20
    assert all(call.errcode in (0, None) for call in fake_wechat.state.calls("/cgi-bin/webhook"))
    waiting = [m for m in rows(db) if m.status == Status.pending]
    assert len(waiting) == 5
    assert all(m.send_after > utcnow() + timedelta(seconds=55) for m in waiting)


def test_a_bad_robot_key_fails_with_its_reason_and_the_official_hears(db, fake_wechat):
    queue(db, robot("not-a-key"))
    outbound.drain(db, dispatcher(db, fake_wechat).send)
    [message] = rows(db)
    assert message.status == Status.failed and "93000" in message.last_error
    [report] = rows(db, "failed:listing:1")
    assert report.target_address == OFFICIAL
    assert "麻城村村民群" in report.text and "重发 1" in report.text


def test_passing_faults_are_retried_until_everything_arrives(db, fake_wechat):
    fake_wechat.faults.set("/cgi-bin/webhook", fail_ratio=0.5)
    keys = [f"key-{n}" for n in range(30)]
    for key in keys:
        fake_wechat.state.add_robot(key)
        queue(db, robot(key, f"群{key}"))
    send = dispatcher(db, fake_wechat).send
    for _ in range(30):
        outbound.drain(db, send)
        make_due(db)
        if all(m.status == Status.sent for m in rows(db)):
            break
    assert all(m.status == Status.sent for m in rows(db))
    assert {r.to for r in fake_wechat.state.messages("robot")} == set(keys)
    assert max(m.attempts for m in rows(db)) > 1


def test_a_failed_target_is_sent_again_on_request(db, fake_wechat):
    queue(db, robot("later-valid-key"))
    send = dispatcher(db, fake_wechat).send
    outbound.drain(db, send)
    assert rows(db)[0].status == Status.failed
    fake_wechat.state.add_robot("later-valid-key")  # the official fixed the key
    with db.transaction() as session:
        assert outbound.retry_topic(session, topic="listing:1") == 1
    outbound.drain(db, send)
    assert rows(db)[0].status == Status.sent


def test_a_worker_killed_after_claiming_leaves_work_that_is_taken_up_again(db, fake_wechat):
    queue(db, robot(), count=3)
    claimed = outbound.claim(db, limit=10)  # ... and the worker dies here
    assert len(claimed) == 3
    send = dispatcher(db, fake_wechat).send
    assert outbound.drain(db, send) == 0  # the lease still holds them
    make_due(db)  # thirty seconds later
    assert outbound.drain(db, send) == 3
    assert [m.status for m in rows(db)] == [Status.sent] * 3


def test_two_workers_never_take_the_same_message(db):
    # Two hundred people: one person's messages go one after another, never to two workers.
    for n in range(200):
        queue(db, Target(TargetKind.user, f"o_{n}", channel="sandbox"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(pool.map(lambda _: outbound.claim(db, limit=60), range(4)))
    ids = [m.id for batch in batches for m in batch]
    assert len(ids) == len(set(ids)) and len(ids) == 200


def follower(fake, openid: str) -> None:
    fake.state.follow(openid)
    fake.state.user_wrote(openid)


def buyer_message(db, openid: str, count: int = 1) -> None:
    with db.transaction() as session:
        oa_customer.user_wrote(session, openid=openid)
    queue(db, Target(TargetKind.user, openid, "刘友良"), count=count)


def test_a_buyer_gets_a_customer_service_message_within_the_window(db, fake_wechat):
    follower(fake_wechat, "o_liu")
    buyer_message(db, "o_liu")
    outbound.drain(db, dispatcher(db, fake_wechat, account=True).send)
    [received] = fake_wechat.state.messages("custom")
    assert received.to == "o_liu" and received.body["text"]["content"] == "消息0"


def test_the_sixth_message_in_a_window_falls_back_to_a_template(db, fake_wechat):
    follower(fake_wechat, "o_liu")
    buyer_message(db, "o_liu", count=6)
    send = dispatcher(db, fake_wechat, account=True, wechat_template_id="TPL1").send
    outbound.drain(db, send)
    assert len(fake_wechat.state.messages("custom")) == 5
    assert len(fake_wechat.state.messages("template")) == 1
    assert all(m.status == Status.sent for m in rows(db))


def test_without_a_template_a_message_outside_the_window_fails_visibly(db, fake_wechat):
    follower(fake_wechat, "o_quiet")
    queue(db, Target(TargetKind.user, "o_quiet", "陈师傅"))  # never wrote to the account
    outbound.drain(db, dispatcher(db, fake_wechat, account=True).send)
    [message] = rows(db)
    assert message.status == Status.failed and "48-hour" in message.last_error
    assert fake_wechat.state.messages("custom") == []


def test_one_token_for_every_process_and_one_forced_refresh_when_it_is_refused(db, fake_wechat):
    client = httpx.Client()
    processes = [OfficialAccount(db, client, base=fake_wechat.base_url, app_id=fake_wechat.app_id,
                                 secret=fake_wechat.app_secret) for _ in range(3)]
    tokens = {account.token() for account in processes}
    assert len(tokens) == 1
    fake_wechat.state.invalidate_token()
    follower(fake_wechat, "o_liu")
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda account: account.call("/cgi-bin/message/custom/send", {
            "touser": "o_liu", "msgtype": "text", "text": {"content": "hi"}}), processes))
    token_calls = fake_wechat.state.calls("/cgi-bin/stable_token")
    assert len(token_calls) == 2  # one at first, one forced when refused: never a storm
    assert len(fake_wechat.state.messages("custom")) == 3


@pytest.mark.parametrize("errcode", [45009, -1])
def test_busy_answers_are_retried_not_failed(db, fake_wechat, errcode):
    fake_wechat.faults.force(errcode, times=1, prefix="/cgi-bin/webhook")
    queue(db, robot())
    outbound.drain(db, dispatcher(db, fake_wechat).send)
    [message] = rows(db)
    assert message.status == Status.pending and str(errcode) in message.last_error


def test_an_official_gets_the_text_and_the_card_to_forward_to_a_personal_group(
        db, fake_wechat, township):
    with township.transaction() as session:
        group = session.exec(select(Group).where(Group.name == "麻城村村民群")).one()
        group.channel = "forward"
        session.add(group)
        people = {p.name: p for p in session.exec(select(Person))}
        catalog.create(session, author=people["颜昌琪"], farmer=people["李佰飞"],
                       product="西兰花", unit="斤", quantity=Decimal(5000), price_fen=250)
    follower(fake_wechat, "demo_yanchangqi")
    with township.transaction() as session:
        oa_customer.user_wrote(session, openid="demo_yanchangqi")
    send = Dispatcher.from_settings(make_settings(
        township.url, wechat_api_base=fake_wechat.base_url, wechat_app_id=fake_wechat.app_id,
        wechat_app_secret=fake_wechat.app_secret), township, render_card=broadcast.card_png).send
    outbound.drain(township, send)
    image, text = fake_wechat.state.messages("custom", to="demo_yanchangqi")
    assert image.msgtype == "image" and text.msgtype == "text"
    assert "请转发到「麻城村村民群」" in text.body["text"]["content"]
    assert "【助农 1号】" in text.body["text"]["content"]
    [qr] = fake_wechat.state.calls("/cgi-bin/qrcode/create")
    assert qr.errcode in (0, None)  # the card carries the listing's own QR code
