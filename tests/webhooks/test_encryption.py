"""Safe and compatible mode: encrypted in, encrypted out; WeChat's own published sample."""

import time

import httpx
import pytest
import xmltodict
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from core.app import create_app
from tests.conftest import AES_KEY, APP_ID, TOKEN, make_settings
from webhooks.courier import Courier
from webhooks.signature import sign

# The sample of WeChat's message encryption docs and demo code (compatible mode: the plain fields
# and <Encrypt> side by side), with the token, appid and EncodingAESKey it was made with.
SAMPLE_TOKEN = "spamtest"
SAMPLE_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SAMPLE_APP_ID = "wx2c2769f8efd9abc2"
SAMPLE_TIMESTAMP = "1409735669"
SAMPLE_NONCE = "1320562132"
SAMPLE_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
SAMPLE_XML = (
    "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA["
    "oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType>"
    "<![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728"
    "</MsgId><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+"
    "LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C4"
    "1IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw"
    "6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1B"
    "D1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2"
    "PE=]]></Encrypt></xml>"
)


def open_reply(body: str, token: str, aes_key: str, app_id: str) -> str:
    envelope = xmltodict.parse(body)["xml"]
    return WeChatCrypto(token, aes_key, app_id).decrypt_message(
        body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])


@pytest.fixture
async def sample_client(db):
    settings = make_settings(db.url, wechat_token=SAMPLE_TOKEN, wechat_app_id=SAMPLE_APP_ID,
                             wechat_aes_key=SAMPLE_AES_KEY, wechat_max_clock_skew=0)
    app = create_app(settings, db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_wechats_sample_message_gets_an_encrypted_passive_reply(sample_client, db):
    params = {"timestamp": SAMPLE_TIMESTAMP, "nonce": SAMPLE_NONCE, "encrypt_type": "aes",
              "msg_signature": SAMPLE_MSG_SIGNATURE,
              "signature": sign(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE)}
    response = await sample_client.post("/wechat", params=params, content=SAMPLE_XML)

    assert response.status_code == 200
    envelope = xmltodict.parse(response.text)["xml"]
    assert set(envelope) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    assert envelope["Nonce"] == SAMPLE_NONCE
    assert envelope["MsgSignature"] == sign(
        SAMPLE_TOKEN, envelope["TimeStamp"], envelope["Nonce"], envelope["Encrypt"])
    reply = parse_message(open_reply(response.text, SAMPLE_TOKEN, SAMPLE_AES_KEY, SAMPLE_APP_ID))
    assert reply.target == "oyORnuP8q7ou2gfYjqLzSIWZf0rs" and reply.source == "gh_10f6c3c3ac5a"
    assert reply.content  # the bot answered the sample's text "abcdteT"


async def test_the_sample_with_a_tampered_ciphertext_is_refused(sample_client, db):
    params = {"timestamp": SAMPLE_TIMESTAMP, "nonce": SAMPLE_NONCE, "encrypt_type": "aes",
              "msg_signature": SAMPLE_MSG_SIGNATURE}
    body = SAMPLE_XML.replace("hyzAe4", "hyzAe5")
    response = await sample_client.post("/wechat", params=params, content=body)
    assert response.status_code == 403


@pytest.fixture
async def aes_app_client(db):
    app = create_app(make_settings(db.url, wechat_aes_key=AES_KEY), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_safe_mode_round_trip(aes_app_client, township):
    courier = Courier(aes_app_client, token=TOKEN, app_id=APP_ID, aes_key=AES_KEY)
    delivery = await courier.text("demo_yanchangqi", "帮助")
    assert delivery.status == 200 and "<Encrypt>" in delivery.body
    assert "帮李佰飞发布" in delivery.reply


async def test_a_message_sealed_with_the_previous_key_still_opens(db):
    new_key = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
    settings = make_settings(db.url, wechat_aes_key=new_key, wechat_aes_key_previous=AES_KEY)
    app = create_app(settings, db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        # Sealed with the old key; the reply comes back sealed with the new one.
        old = Courier(c, token=TOKEN, app_id=APP_ID, aes_key=AES_KEY, reply_aes_key=new_key)
        delivery = await old.text("o_rotating", "帮助")
    assert delivery.status == 200
    assert "订12 20斤" in delivery.reply


async def test_compatible_mode_without_a_key_is_read_from_the_plain_fields(client, db):
    timestamp, nonce = str(int(time.time())), "n1"
    params = {"timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes",
              "msg_signature": "not checked without a key",
              "signature": sign(TOKEN, timestamp, nonce)}
    response = await client.post("/wechat", params=params, content=SAMPLE_XML)
    assert response.status_code == 200
    assert parse_message(response.text).target == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
