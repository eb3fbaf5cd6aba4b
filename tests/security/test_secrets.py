"""Secrets and privacy over a realistic run: nothing secret in the logs (every logger, at DEBUG),
in error answers, in the simulator or in the console's exports; mobile numbers masked in logs
and kept out of the groups' broadcasts unless the official asked for the farmer's.

The run, against the fake WeChat and WeCom on loopback with real credentials: a listing
published in safe mode (AES) and broadcast to a robot group and to a group whose robot key is
wrong (a failure, reported), the listing card's QR code failing at WeChat, an order, a newcomer
giving a phone number, a console sign-in link used, API calls with a good and a bad token, and
the outbox sent. That unfollowing drops the openid's binding is checked in
tests/webhooks/test_events.py and, for what the openid may still do, in test_authorization.py.
"""

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from catalog import broadcast
from core import outbound, tokens
from core.app import create_app
from core.channels.dispatch import Dispatcher
from core.channels.wechat_api import AccessToken
from core.clock import utcnow
from core.logs import RedactSecrets
from core.outbound import OutboundMessage, Status, TargetKind
from roster.models import Channel, Group, Person
from tests.api.conftest import person
from tests.conftest import AES_KEY, make_settings
from tests.console.conftest import sign_in
from tests.fakes import ROBOT_KEY
from webhooks.courier import Courier

OFFICIAL, CANTEEN = "demo_yanchangqi", "demo_liuyouliang"
BAD_ROBOT_KEY = "robot-key-that-wechat-refuses"
NEWCOMER_PHONE = "13912345678"
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


class Captured(logging.Handler):
    """Every record of every logger, formatted with its traceback, as an operator would see."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def captured() -> Iterator[Captured]:
    handler = Captured()
    loggers = [logging.getLogger(), logging.getLogger("zhunong")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def run_settings(db, fake_wechat):
    return make_settings(
        db.url, wechat_app_id=fake_wechat.app_id, wechat_app_secret=fake_wechat.app_secret,
        wechat_aes_key=AES_KEY, secret_key="console-signing-secret-0123456789",
        wechat_api_base=fake_wechat.base_url, wecom_webhook_base=fake_wechat.base_url,
        simulator=True)


@pytest.fixture
async def run(captured, run_settings, township, fake_wechat) -> dict:
    """The realistic run; returns every secret it used or was given."""
    db = township
    with db.transaction() as session:
        for name, key in (("麻城村村民群", ROBOT_KEY), ("石桥村村民群", BAD_ROBOT_KEY)):
            group = session.exec(select(Group).where(Group.name == name)).one()
            group.channel, group.robot_key = Channel.wecom_robot, key
        api_token = tokens.create(session, name="integration")
    for openid in (OFFICIAL, CANTEEN, "o_newcomer"):
        fake_wechat.state.follow(openid)
        fake_wechat.state.user_wrote(openid)
    fake_wechat.faults.set("/cgi-bin/qrcode", fail_ratio=1.0)
    app = create_app(run_settings, db, with_worker=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://zhunong.test") as client:
        courier = Courier(client, token=run_settings.wechat_token,
                          app_id=run_settings.wechat_app_id, aes_key=AES_KEY)
        await courier.text(OFFICIAL, "帮李佰飞发布 西兰花 5000斤 2.5元一斤 村部自提 留电话")
        await courier.text(OFFICIAL, "确认")
        await courier.text(CANTEEN, "订1 200斤")
        await courier.text("o_newcomer", "订1 10斤")
        await courier.text("o_newcomer", "张大姐")
        await courier.text("o_newcomer", "麻城村")
        await courier.text("o_newcomer", NEWCOMER_PHONE)
        link = (await courier.text(OFFICIAL, "后台")).reply
        browser = await sign_in(app, run_settings, db, "镇管理员")
        answers = await _answers(client, browser, api_token, link)
        await browser.client.aclose()
    _send_everything(db, run_settings)
    with db.session() as session:
        access_tokens = [row.token for row in session.exec(select(AccessToken))]
    assert access_tokens, "the run never fetched an access token"
    return {
        "answers": answers,
        "secrets": {
            "app secret": run_settings.wechat_app_secret, "AES key": AES_KEY,
            "signing key": run_settings.secret_key, "API token": api_token,
            "sign-in link": re.search(r"/console/signin/(\S+)", link).group(1),
            "console session": browser.client.cookies.get("zn_console") or "",
            "robot key": ROBOT_KEY, "bad robot key": BAD_ROBOT_KEY,
            **{f"access token {n}": token for n, token in enumerate(access_tokens)},
        },
    }


async def _answers(client, browser, api_token: str, link: str) -> dict[str, str]:
    """What error answers, the simulator and the exports show, by name."""
    forged = re.search(r"/console/signin/\S+", link).group(0)[:-4] + "0000"
    answers = {
        "API, bad token": (await client.get("/api/listings", headers={
            "Authorization": f"Bearer {api_token}x"})).text,
        "API, no such listing": (await client.get("/api/listings/999", headers={
            "Authorization": f"Bearer {api_token}"})).text,
        "callback, bad signature": (await client.post(
            "/wechat?signature=0&timestamp=1&nonce=1", content=b"<xml/>")).text,
        "forged sign-in link": (await client.get(forged)).text,
        "simulator": (await client.get("/simulator")).text,
        "simulator feed": (await client.get("/simulator/feed")).text,
    }
    for name in ("orders", "deliveries", "payouts"):
        for fmt in ("csv", "xlsx"):
            response = await browser.get(f"/console/export/{name}.{fmt}")
            assert response.status_code == 200
            answers[f"export {name}.{fmt}"] = _readable(response.content, fmt)
    answers["roster page"] = (await browser.get("/console/roster")).text
    answers["listing page"] = (await browser.get("/console/listings/1")).text
    return answers


def _readable(content: bytes, fmt: str) -> str:
    if fmt == "csv":
        return content.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(content)) as book:  # shared strings and sheets, as text
        return "\n".join(book.read(name).decode() for name in book.namelist()
                         if name.endswith(".xml"))


def _send_everything(db, settings) -> None:
    """The worker's part: send, let the retries come due, send again; a fresh dispatcher each
    time, as after a restart, so the listing card's QR code is asked for (and fails) again."""
    for _ in range(3):
        outbound.drain(db, Dispatcher.from_settings(settings, db,
                                                    render_card=broadcast.card_png).send)
        with db.transaction() as session:
            for message in session.exec(select(OutboundMessage).where(
                    OutboundMessage.status == Status.pending)):
                message.send_after = utcnow() - timedelta(seconds=1)
                session.add(message)


async def test_no_secret_in_the_logs(run, captured, fake_wechat):
    assert fake_wechat.state.calls("/cgi-bin/qrcode"), "the card's QR code was never asked for"
    assert "HTTP Request" in captured.text  # httpx logged its requests, URLs and all
    leaked = {name for name, secret in run["secrets"].items() if secret in captured.text}
    assert leaked == set()


async def test_no_secret_in_error_answers_the_simulator_or_the_exports(run):
    leaks = {(where, name) for where, text in run["answers"].items()
             for name, secret in run["secrets"].items() if secret and secret in text}
    assert leaks == set()


async def test_mobile_numbers_are_masked_in_the_logs(run, captured, township):
    with township.session() as session:
        phones = {p.phone for p in session.exec(select(Person)) if p.phone}
    assert NEWCOMER_PHONE in phones  # the newcomer's number was taken, and stored
    assert MOBILE.findall(captured.text) == []


async def test_groups_see_the_farmers_phone_only_when_asked_and_no_one_elses(run, township):
    with township.session() as session:
        farmer = person(session, "李佰飞").phone
        group_texts = [m.text for m in session.exec(select(OutboundMessage).where(
            OutboundMessage.target_kind == TargetKind.group))]
    assert group_texts
    shown = {number for text in group_texts for number in MOBILE.findall(text)}
    assert shown == {farmer}  # 留电话 in the listing message: the farmer's, and only it


async def test_without_asking_no_phone_reaches_the_groups(chat, township):
    official = chat(OFFICIAL)
    await official("帮李佰飞发布 西兰花 5000斤 2.5元一斤 村部自提")
    await official("确认")
    await chat(CANTEEN)("订1 200斤")
    with township.session() as session:
        texts = [m.text for m in session.exec(select(OutboundMessage).where(
            OutboundMessage.target_kind == TargetKind.group))]
    assert texts and [MOBILE.findall(text) for text in texts if MOBILE.search(text)] == []


def test_the_redaction_keeps_uvicorns_access_log_arguments_whole():
    """uvicorn's access formatter unpacks five arguments: redacting must keep them five."""
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/console/signin/abc.def", "1.1", 303), None)
    RedactSecrets([]).filter(record)
    assert len(record.args) == 5 and record.args[4] == 303
    assert record.getMessage() == '127.0.0.1:5000 - "GET /console/signin/*** HTTP/1.1" 303'
