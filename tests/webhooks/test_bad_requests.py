"""Whatever arrives at /wechat, the answer is a 4xx with a reason, and nothing is stored."""

import time

import pytest
from sqlmodel import func, select
from wechatpy.crypto import WeChatCrypto

from tests.conftest import AES_KEY, TOKEN
from webhooks.courier import text_xml
from webhooks.models import InboundMessage
from webhooks.signature import sign

XXE = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>o_x</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><ToUserName>gh</ToUserName><FromUserName>o_x</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol3;</Content><MsgId>2</MsgId></xml>"""


def signed_params(token: str = TOKEN) -> dict:
    timestamp, nonce = str(int(time.time())), "abc"
    return {"timestamp": timestamp, "nonce": nonce, "signature": sign(token, timestamp, nonce)}


def count(db) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(InboundMessage)).one()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not xml at all", 400),
        (b"<xml><unclosed></xml>", 400),
        (XXE.encode(), 400),
        (BILLION_LAUGHS.encode(), 400),
        (b"<xml>just text</xml>", 400),
        (b"<xml><MsgType>text</MsgType></xml>", 400),  # no sender
        (b"", 400),
        ("<xml>\u4e2d</xml>".encode("gbk"), 400),  # not UTF-8
        (text_xml("o_x", "hi", 5, 1).replace("<CreateTime>1<", "<CreateTime>abc<").encode(), 400),
        (text_xml("o_x", "hi", 5, 1).replace("<MsgId>5<", "<MsgId>five<").encode(), 400),
        (text_xml("o" * 65, "hi", 5, 1).encode(), 400),
        (text_xml("o_x", "hi", 5, 1).replace("<Content>hi</Content>",
                                             "<Content><b>hi</b></Content>").encode(), 400),
    ],
)
async def test_malformed_bodies_get_400_and_leave_no_row(client, db, body, status):
    response = await client.post("/wechat", params=signed_params(), content=body)
    assert response.status_code == status, response.text
    assert response.json()["detail"]
    assert count(db) == 0


async def test_a_forged_signature_is_refused_before_anything_is_stored(client, db):
    body = text_xml("o_x", "订12 200斤", 9, int(time.time())).encode()
    response = await client.post("/wechat", params=signed_params("forged"), content=body)
    assert response.status_code == 403
    response = await client.post("/wechat", content=body)  # no signature at all
    assert response.status_code == 403
    assert count(db) == 0


async def test_an_oversized_body_is_refused(client, db):
    body = text_xml("o_x", "菜" * 30_000, 9, int(time.time())).encode()
    assert len(body) > 64 * 1024
    response = await client.post("/wechat", params=signed_params(), content=body)
    assert response.status_code == 413
    assert count(db) == 0


async def test_an_oversized_stream_without_length_is_refused(client, db):
    async def chunks():
        for _ in range(100):
            yield b"x" * 1024

    response = await client.post("/wechat", params=signed_params(), content=chunks())
    assert response.status_code == 413


async def test_a_replayed_message_with_an_old_timestamp_is_refused(client, db):
    timestamp, nonce = str(int(time.time()) - 3600), "n"
    params = {"timestamp": timestamp, "nonce": nonce, "signature": sign(TOKEN, timestamp, nonce)}
    response = await client.post("/wechat", params=params, content=text_xml("o", "hi", 3, 1))
    assert response.status_code == 403
    assert count(db) == 0


def encrypted_params(body: str, timestamp: str, nonce: str) -> dict:
    import xmltodict

    signature = xmltodict.parse(body)["xml"]["MsgSignature"]
    return {"timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes",
            "msg_signature": signature, "signature": sign(TOKEN, timestamp, nonce)}


@pytest.fixture
def aes_settings(db):
    from tests.conftest import make_settings

    return make_settings(db.url, wechat_aes_key=AES_KEY)


@pytest.fixture
async def aes_client(aes_settings, db):
    import httpx

    from core.app import create_app

    app = create_app(aes_settings, db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_an_encrypted_message_for_another_appid_is_refused(aes_client, db):
    timestamp, nonce = str(int(time.time())), "nonce1"
    other = WeChatCrypto(TOKEN, AES_KEY, "wxSOMEONEELSE0000")
    body = other.encrypt_message(text_xml("o_x", "hi", 11, int(timestamp)), nonce, timestamp)
    response = await aes_client.post("/wechat", params=encrypted_params(body, timestamp, nonce),
                                     content=body)
    assert response.status_code == 400
    assert response.json()["detail"] == "message for another appid"
    assert count(db) == 0


async def test_an_encrypted_message_with_a_forged_msg_signature_is_refused(aes_client, db):
    from tests.conftest import APP_ID

    timestamp, nonce = str(int(time.time())), "nonce2"
    body = WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(
        text_xml("o_x", "hi", 12, int(timestamp)), nonce, timestamp)
    params = encrypted_params(body, timestamp, nonce) | {"msg_signature": "0" * 40}
    response = await aes_client.post("/wechat", params=params, content=body)
    assert response.status_code == 403
    assert count(db) == 0


async def test_garbage_inside_the_envelope_is_refused(aes_client, db):
    timestamp, nonce = str(int(time.time())), "nonce3"
    encrypt = "bm90IHJlYWxseSBlbmNyeXB0ZWQ="
    body = f"<xml><ToUserName>gh</ToUserName><Encrypt>{encrypt}</Encrypt></xml>"
    params = {"timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes",
              "msg_signature": sign(TOKEN, timestamp, nonce, encrypt)}
    response = await aes_client.post("/wechat", params=params, content=body)
    assert response.status_code == 400
    assert count(db) == 0
