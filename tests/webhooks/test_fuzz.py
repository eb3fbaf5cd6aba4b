"""Fuzzing POST /wechat: whatever arrives, the answer is a 2xx ("success" or a reply) or a 4xx
with a reason, never a 5xx or a hang; nothing is stored from a callback WeChat could not have
sent, and what WeChat could have sent is stored before it is answered.

A few hundred examples here; `make fuzz` drives thousands at a real server.
"""

import asyncio
import time

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from sqlalchemy import func, select
from sqlmodel import select as select_model
from wechatpy import parse_message

from core.app import create_app
from core.database import metadata
from roster.models import Follower
from tests.conftest import AES_KEY, APP_ID, TOKEN, make_settings
from tests.webhooks.hostile import Callback, Keys, callbacks, response_problems
from webhooks import translate
from webhooks.courier import event_xml, text_xml
from webhooks.models import InboundMessage, InboundStatus
from webhooks.signature import sign

KEYS = Keys(token=TOKEN, app_id=APP_ID, aes_key=AES_KEY)
TIMEOUT = 20  # seconds; the reply budget is 4, so anything near this is a hang
FUZZ = settings(deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture
async def fuzz_client(db):
    """The app in safe mode's configuration: it takes plaintext and encrypted callbacks."""
    app = create_app(make_settings(db.url, wechat_aes_key=AES_KEY), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def send(client: httpx.AsyncClient, callback: Callback) -> httpx.Response:
    request = client.post("/wechat", params=list(callback.params), content=callback.body)
    return await asyncio.wait_for(request, TIMEOUT)


def rows_per_table(db) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.execute(select(func.count()).select_from(table)).scalar()
                for table in metadata.sorted_tables}


def stored(db, dedupe_key: str) -> InboundMessage | None:
    with db.session() as session:
        query = select_model(InboundMessage).where(InboundMessage.dedupe_key == dedupe_key)
        return session.exec(query).first()


@settings(FUZZ, max_examples=150)
@given(callback=callbacks(KEYS, authentic=False))
async def test_a_callback_wechat_could_not_have_sent_is_refused_and_leaves_nothing(
        fuzz_client, db, callback):
    before = rows_per_table(db)
    response = await send(fuzz_client, callback)
    event(f"{response.status_code} {response.text[:40] if response.status_code != 200 else ''}")
    assert response_problems(callback, response.status_code, response.text) == []
    assert 400 <= response.status_code < 500
    assert rows_per_table(db) == before


@settings(FUZZ, max_examples=200)
@given(callback=callbacks(KEYS, authentic=True))
async def test_a_signed_callback_however_odd_is_stored_and_answered_or_refused_with_a_reason(
        fuzz_client, township, callback):
    response = await send(fuzz_client, callback)
    event(f"{response.status_code} {response.text[:40] if response.status_code != 200 else ''}")
    assert response_problems(callback, response.status_code, response.text) == []
    if response.status_code == 200:
        key = translate.parse(callback.plaintext).record.dedupe_key
        assert stored(township, key) is not None


# ------------------------------------------------------------------ what the fuzzing turned up

def signed(timestamp: str | None = None, nonce: str = "n") -> dict:
    timestamp = timestamp or str(int(time.time()))
    return {"timestamp": timestamp, "nonce": nonce, "signature": sign(TOKEN, timestamp, nonce)}


@pytest.mark.parametrize(("xml", "reason"), [
    # Each once reached the database and failed there (PostgreSQL): a 500.
    (text_xml("o_x", "hi", 5, 99_999_999_999), "CreateTime out of range"),
    (text_xml("o_x", "hi", 5, -5), "CreateTime out of range"),
    (text_xml("o_x", "hi", 10**40, 1_700_000_000), "MsgId out of range"),
    (text_xml("o_x", "hi", 5, 1_700_000_000, account="gh_" + "x" * 70),
     "ToUserName too long or not an account id"),
    # Echoed into the reply's XML, markup in an openid would have forged the reply.
    (text_xml("o<x/>y", "hi", 5, 1_700_000_000),
     "FromUserName missing, too long or not an openid"),
])
async def test_fields_the_database_cannot_hold_are_a_400(fuzz_client, db, xml, reason):
    response = await fuzz_client.post("/wechat", params=signed(), content=xml.encode())
    assert (response.status_code, response.json()["detail"]) == (400, reason)
    assert rows_per_table(db)["inbound_message"] == 0


@pytest.mark.parametrize("kind", ["subscribe", "SCAN"])
async def test_a_qr_scene_longer_than_wechats_is_no_scene(fuzz_client, db, kind):
    # Stored as the follower's scene, a long one failed the handler on PostgreSQL.
    key = ("qrscene_" if kind == "subscribe" else "") + "L1" + "x" * 100
    xml = event_xml("o_scene", kind, int(time.time()), key)
    response = await fuzz_client.post("/wechat", params=signed(), content=xml.encode())
    assert response.status_code == 200
    with db.session() as session:
        [message] = session.exec(select_model(InboundMessage)).all()
        [follower] = session.exec(select_model(Follower)).all()
    assert message.status == InboundStatus.handled and follower.scene is None


async def test_a_message_sent_after_2038_is_stored_and_answered(fuzz_client, db):
    # CreateTime past 2**31: PostgreSQL's column was 32-bit until it was widened.
    xml = text_xml("o_later", "帮助", 5, 2**31 + 86_400)
    response = await fuzz_client.post("/wechat", params=signed(), content=xml.encode())
    assert response.status_code == 200 and "<Content>" in response.text
    assert rows_per_table(db)["inbound_message"] == 1


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
async def test_a_utf16_body_without_a_bom_is_refused_not_stored_with_its_nuls(
        fuzz_client, db, encoding):
    # Valid UTF-8 (its NULs included) that expat reads as UTF-16: PostgreSQL refused the NULs.
    body = text_xml("o_x", "hi", 5, int(time.time())).encode(encoding)
    response = await fuzz_client.post("/wechat", params=signed(), content=body)
    assert (response.status_code, response.json()["detail"]) == (400, "NUL character in the body")
    assert rows_per_table(db)["inbound_message"] == 0


@pytest.mark.parametrize("declared", ["x-nonsense", "rot13", "idna", "GBK"])
async def test_an_envelope_declaring_an_odd_encoding_is_a_400(fuzz_client, declared):
    # Parsed as bytes, the declaration picked the codec, and an unknown one raised a 500.
    timestamp, nonce = str(int(time.time())), "n"
    body = f'<?xml version="1.0" encoding="{declared}"?><xml><Encrypt>abc</Encrypt></xml>'
    params = signed(timestamp, nonce) | {
        "encrypt_type": "aes", "msg_signature": sign(TOKEN, timestamp, nonce, "abc")}
    response = await fuzz_client.post("/wechat", params=params, content=body.encode())
    assert response.status_code == 400 and response.json()["detail"]


async def test_a_long_openid_with_a_long_event_name_is_stored_under_a_short_key(fuzz_client, db):
    xml = event_xml("o" * 64, "user_scan_product_verify_action", 1_700_000_000)
    response = await fuzz_client.post("/wechat", params=signed(), content=xml.encode())
    assert response.status_code == 200
    with db.session() as session:
        [row] = session.exec(select_model(InboundMessage)).all()
    assert row.dedupe_key.startswith("event:") and len(row.dedupe_key) <= 100


@pytest.mark.parametrize("timestamp", ["9" * 400, "１７００００００００", "1_700_000_000"])
async def test_a_timestamp_that_is_not_plain_digits_is_refused_not_a_500(fuzz_client, timestamp):
    body = text_xml("o_x", "hi", 5, 1_700_000_000).encode()
    response = await fuzz_client.post("/wechat", params=signed(timestamp), content=body)
    assert response.status_code == 403
    params = signed(timestamp) | {"echostr": "e"}
    assert (await fuzz_client.get("/wechat", params=params)).status_code == 403


async def test_an_odd_nonce_is_not_echoed_into_an_encrypted_reply(fuzz_client, db):
    from tests.webhooks.hostile import encrypt, envelope_xml

    timestamp, nonce = str(int(time.time())), "]]><Injected/>"
    sealed = encrypt(AES_KEY, text_xml("o_x", "帮助", 6, int(timestamp)).encode(), APP_ID)
    params = signed(timestamp, nonce) | {
        "encrypt_type": "aes", "msg_signature": sign(TOKEN, timestamp, nonce, sealed)}
    response = await fuzz_client.post("/wechat", params=params, content=envelope_xml(sealed))
    assert response.status_code == 200 and "<Encrypt>" in response.text
    assert "Injected" not in response.text


# ------------------------------------------------------------------------- replay protection

async def test_a_repeated_nonce_is_accepted_and_replays_are_stopped_by_time_and_msgid(
        fuzz_client, db):
    now = int(time.time())
    params, stale = signed(str(now), "1320562132"), signed(str(now - 3600), "1320562132")

    def post(query: dict, msg_id: int):
        body = text_xml("o_r", "帮助", msg_id, now)
        return fuzz_client.post("/wechat", params=query, content=body)

    first = await post(params, 1)
    other = await post(params, 2)  # WeChat may use a nonce again: it is not refused
    again = await post(params, 1)  # a retry (the same MsgId) is answered as before, stored once
    replay = await post(stale, 3)  # from outside the window: refused, however well signed

    assert [first.status_code, other.status_code, again.status_code] == [200, 200, 200]
    assert parse_message(again.text).content == parse_message(first.text).content
    assert replay.status_code == 403
    with db.session() as session:
        keys = session.exec(select_model(InboundMessage.dedupe_key)).all()
    assert sorted(keys) == ["msg:1", "msg:2"]
