"""WeChat's and WeCom's APIs down for an hour: the outbox keeps everything, and drains after.

For the first half hour the fake platform answers every call with an error (500, 502 or
"system busy"), for the second nothing listens at its address. Meanwhile three village groups
(WeCom robots, 20 messages a minute each) get a message every minute and a buyer has three
customer-service messages waiting. Time passes by moving every stored moment back (the outbox's
due times and ages, the robots' counted sends, the buyer's window) and the fake's own clock
forward, so an hour takes seconds. Then the platform comes back: everything is sent, once,
in order per recipient, within the robots' limit, and within minutes, not another hour.
"""

from datetime import timedelta

from sqlmodel import select

from core import outbound
from core.channels import oa_customer
from core.channels.dispatch import Dispatcher
from core.channels.wechat_api import AccessToken
from core.channels.wecom_robot import route_key
from core.clock import utcnow
from core.outbound import OutboundMessage, Status, Target, TargetKind
from core.pacing import RateEvent
from tests.conftest import make_settings
from tests.live import free_port

GROUPS = 3
BUYER = "o_buyer_waiting"
OUTAGE_MINUTES = 60
STEP = timedelta(seconds=20)


def robot(n: int) -> Target:
    key = f"down-key-{n}"
    return Target(TargetKind.group, str(n), f"第{n}组", "wecom_robot", route=key,
                  rate_key=route_key(key))


def dispatcher(db, base: str, fake) -> Dispatcher:
    settings = make_settings(db.url, wecom_webhook_base=base, wechat_api_base=base,
                             wechat_app_id=fake.app_id, wechat_app_secret=fake.app_secret)
    return Dispatcher.from_settings(settings, db)


def time_passes(db, fake, step: timedelta) -> None:
    """`step` goes by: every moment the database keeps is that much further in the past."""
    moments = {OutboundMessage: ("send_after", "created_at"), RateEvent: ("at",),
               oa_customer.CustomerWindow: ("last_inbound_at",), AccessToken: ("expires_at",)}
    with db.transaction() as session:
        for model, fields in moments.items():
            for row in session.exec(select(model)):
                for name in fields:
                    setattr(row, name, getattr(row, name) - step)
                session.add(row)
    fake.state.travel(step.total_seconds())


def drain_due(db, send) -> None:
    while outbound.drain(db, send):
        pass


def messages(db) -> list[OutboundMessage]:
    with db.session() as session:
        return list(session.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def test_an_hour_without_the_platform_then_the_backlog_drains(db, fake_wechat):
    fake_wechat.state.freeze()
    for n in range(GROUPS):
        fake_wechat.state.add_robot(robot(n).route)
    fake_wechat.state.user_wrote(BUYER)
    with db.transaction() as session:
        oa_customer.user_wrote(session, openid=BUYER)
        for n in range(3):
            outbound.enqueue(session, Target(TargetKind.user, BUYER), f"买家消息{n}")

    fake_wechat.faults.set("/", fail_ratio=1.0)
    answering_errors = dispatcher(db, fake_wechat.base_url, fake_wechat).send
    refusing = dispatcher(db, f"http://127.0.0.1:{free_port()}", fake_wechat).send
    minute = 0
    while minute < OUTAGE_MINUTES:
        with db.transaction() as session:
            for n in range(GROUPS):
                outbound.enqueue(session, robot(n), f"第{n}组 第{minute:02d}分钟")
        for _ in range(timedelta(minutes=1) // STEP):
            drain_due(db, answering_errors if minute < OUTAGE_MINUTES // 2 else refusing)
            time_passes(db, fake_wechat, STEP)
        minute += 1

    backlog = messages(db)
    assert len(backlog) == GROUPS * OUTAGE_MINUTES + 3
    assert [(m.status, m.last_error) for m in backlog if m.status != Status.pending] == []
    assert max(m.attempts for m in backlog) > 10  # tried all along, backing off
    # However long the outage, no message waits more than the backoff's cap for its next try.
    assert max(m.send_after for m in backlog) <= utcnow() + timedelta(
        seconds=outbound.MAX_BACKOFF)

    fake_wechat.faults.clear()
    working = dispatcher(db, fake_wechat.base_url, fake_wechat).send
    waited = timedelta(0)
    while any(m.status == Status.pending for m in messages(db)):
        assert waited < timedelta(minutes=15), "the backlog did not drain"
        drain_due(db, working)
        time_passes(db, fake_wechat, STEP)
        waited += STEP
    print(f"{len(backlog)} messages waited out a {OUTAGE_MINUTES}-minute outage, "
          f"up to {max(m.attempts for m in backlog)} tries each; "
          f"all sent {waited.total_seconds() / 60:.1f} minutes after the platform came back")

    assert all(m.status == Status.sent for m in messages(db))
    # Three minutes at least: each robot takes 20 a minute and had 60 waiting.
    assert waited >= timedelta(minutes=OUTAGE_MINUTES // 20 - 1)
    for n in range(GROUPS):
        received = fake_wechat.state.messages("robot", robot(n).route)
        # Each once, in the order written.
        assert [m.body["text"]["content"] for m in received] == [
            f"第{n}组 第{minute:02d}分钟" for minute in range(OUTAGE_MINUTES)]
        at = [m.at for m in received]  # never more than 20 within a minute
        assert all(later - earlier >= 60 for earlier, later in zip(at, at[20:], strict=False))
    assert [m.body["text"]["content"] for m in fake_wechat.state.messages("custom")] == [
        f"买家消息{n}" for n in range(3)]
