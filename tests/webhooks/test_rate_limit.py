"""The per-person rate limit: over it, a message is stored but not handled; the person is told
once a minute to slow down, and hears nothing more until they do.

Time is the messages' own CreateTime, so a minute passes without waiting for one.
"""

import asyncio
import time

import httpx
import pytest
from pydantic import ValidationError
from sqlmodel import select

from core.app import create_app
from core.settings import Settings
from core.templates import render
from roster import service
from roster.models import Invite, Person
from tests.conftest import APP_ID, TOKEN, make_settings
from webhooks.courier import Courier, event_xml, text_xml
from webhooks.models import InboundMessage, InboundStatus, ReplyMode

LIMIT = 3
SLOW_DOWN = render("bot/slow_down.txt")
HELP_MARK = "订12 20斤"  # in the help a newcomer gets for 「帮助」


@pytest.fixture
def limited_app(db):
    return create_app(make_settings(db.url, rate_limit_per_minute=LIMIT), db)


@pytest.fixture
async def wechat(limited_app):
    transport = httpx.ASGITransport(app=limited_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield Courier(client, token=TOKEN, app_id=APP_ID)


class Writer:
    """One WeChat user writing at chosen moments (CreateTime), each message a new MsgId."""

    ids = iter(range(10_000, 1_000_000))

    def __init__(self, courier: Courier, openid: str) -> None:
        self.courier, self.openid = courier, openid

    async def says(self, text: str, at: int, msg_id: int | None = None) -> str | None:
        msg_id = msg_id or next(self.ids)
        delivery = await self.courier.deliver(text_xml(self.openid, text, msg_id, at))
        assert delivery.status == 200, delivery.body
        return delivery.reply


def rows(db, openid: str) -> list[InboundMessage]:
    with db.session() as session:
        query = select(InboundMessage).where(InboundMessage.openid == openid)
        return list(session.exec(query.order_by(InboundMessage.id)))


async def test_over_the_limit_the_person_is_told_once_and_then_hears_nothing(wechat, db):
    now = int(time.time())
    ann = Writer(wechat, "o_ann")

    replies = [await ann.says("帮助", now + second) for second in range(LIMIT + 3)]

    assert all(HELP_MARK in reply for reply in replies[:LIMIT])
    assert replies[LIMIT:] == [SLOW_DOWN, None, None]
    stored = rows(db, "o_ann")
    assert len(stored) == LIMIT + 3  # every message is kept, handled or not
    assert [row.status for row in stored] == [InboundStatus.handled] * LIMIT + [
        InboundStatus.throttled] * 3
    assert [row.reply_mode for row in stored[LIMIT:]] == [
        ReplyMode.passive, ReplyMode.none, ReplyMode.none]


async def test_a_throttled_message_is_not_acted_on(wechat, township):
    with township.transaction() as session:
        person = session.exec(select(Person).where(Person.name == "李佰飞")).one()
        code = service.create_invite(session, person=person).code
    now = int(time.time())
    li = Writer(wechat, "o_li")
    for _ in range(LIMIT):
        await li.says("帮助", now)

    assert await li.says(f"绑定 {code}", now) == SLOW_DOWN

    with township.session() as session:
        assert session.exec(select(Invite).where(Invite.code == code)).one().used_at is None
        assert session.exec(select(Person).where(Person.name == "李佰飞")).one().openid is None


async def test_a_minute_later_the_person_is_answered_again(wechat, db):
    start = int(time.time()) - 120
    bo = Writer(wechat, "o_bo")
    for _ in range(LIMIT + 2):
        await bo.says("帮助", start)

    assert await bo.says("帮助", start + 59) is None  # the burst is still within the minute
    assert HELP_MARK in await bo.says("帮助", start + 60)


async def test_writing_on_without_a_pause_keeps_the_limit_on_with_one_reminder_a_minute(
        wechat, db):
    start = int(time.time()) - 600
    cy = Writer(wechat, "o_cy")
    # One message every 10 seconds for three minutes: six a minute, twice the limit.
    replies = [await cy.says("帮助", start + 10 * n) for n in range(18)]

    assert all(HELP_MARK in reply for reply in replies[:LIMIT])
    reminders = [n for n, reply in enumerate(replies) if reply == SLOW_DOWN]
    assert reminders == [3, 9, 15]  # the first over the limit, then each a minute after
    assert all(reply is None for n, reply in enumerate(replies[LIMIT:], LIMIT)
               if n not in reminders)


async def test_messages_over_the_limit_arriving_together_bring_one_reminder(wechat, db):
    now = int(time.time())
    jo = Writer(wechat, "o_jo")
    for _ in range(LIMIT):
        await jo.says("帮助", now)

    replies = await asyncio.gather(*[jo.says("帮助", now) for _ in range(6)])

    assert sorted(replies, key=str) == [None] * 5 + [SLOW_DOWN]


async def test_other_people_are_not_slowed_down_by_one_who_is(wechat, db):
    now = int(time.time())
    dee, eve = Writer(wechat, "o_dee"), Writer(wechat, "o_eve")
    for _ in range(LIMIT + 1):
        await dee.says("帮助", now)

    assert [HELP_MARK in await eve.says("帮助", now) for _ in range(LIMIT)] == [True] * LIMIT


async def test_wechat_retries_count_once_and_hear_the_same_answer(wechat, db):
    now = int(time.time())
    fay = Writer(wechat, "o_fay")
    first = await fay.says("帮助", now, msg_id=501)
    retries = [await fay.says("帮助", now, msg_id=501) for _ in range(LIMIT + 2)]
    others = [await fay.says("帮助", now) for _ in range(LIMIT - 1)]

    assert retries == [first] * (LIMIT + 2)
    assert all(HELP_MARK in reply for reply in others)  # 1 + (LIMIT - 1): within the limit
    assert await fay.says("帮助", now) == SLOW_DOWN
    # The slow-down reply, retried by WeChat, is repeated, and the retry does not count.
    throttled_id = rows(db, "o_fay")[-1].dedupe_key.removeprefix("msg:")
    assert await fay.says("帮助", now, msg_id=int(throttled_id)) == SLOW_DOWN
    assert len(rows(db, "o_fay")) == LIMIT + 1


async def test_events_are_never_throttled_nor_counted(wechat, db):
    now = int(time.time())
    gus = Writer(wechat, "o_gus")
    for second in range(LIMIT + 2):  # follows and unfollows: none of them counts
        event = "subscribe" if second % 2 == 0 else "unsubscribe"
        await wechat.deliver(event_xml("o_gus", event, now - second))
    assert all([HELP_MARK in await gus.says("帮助", now) for _ in range(LIMIT)])
    assert await gus.says("帮助", now) == SLOW_DOWN

    follow = await wechat.deliver(event_xml("o_gus", "subscribe", now + 1))
    assert follow.status == 200 and "欢迎关注" in follow.reply


async def test_the_limit_is_counted_in_the_database_across_app_processes(limited_app, db):
    second_app = create_app(make_settings(db.url, rate_limit_per_minute=LIMIT), db)
    now = int(time.time())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limited_app),
                                 base_url="http://a") as one, \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=second_app),
                              base_url="http://b") as two:
        apps = [Writer(Courier(client, token=TOKEN, app_id=APP_ID), "o_hal")
                for client in (one, two)]
        replies = [await apps[n % 2].says("帮助", now) for n in range(LIMIT + 2)]
    assert replies[LIMIT:] == [SLOW_DOWN, None]


async def test_zero_turns_the_limit_off(db):
    app = create_app(make_settings(db.url, rate_limit_per_minute=0), db)
    now = int(time.time())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ivy = Writer(Courier(c, token=TOKEN, app_id=APP_ID), "o_ivy")
        replies = [await ivy.says("帮助", now) for _ in range(LIMIT * 3)]
    assert all(HELP_MARK in reply for reply in replies)


def test_the_setting_defaults_to_60_and_is_read_from_the_environment(monkeypatch):
    assert Settings(_env_file=None).rate_limit_per_minute == 60
    monkeypatch.setenv("ZHUNONG_RATE_LIMIT_PER_MINUTE", "5")
    assert Settings(_env_file=None).rate_limit_per_minute == 5
    monkeypatch.setenv("ZHUNONG_RATE_LIMIT_PER_MINUTE", "-1")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
