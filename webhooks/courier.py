"""Delivering messages to a /wechat callback exactly as WeChat's servers do.

The chat simulator talks to zhunong through it, and so do the tests: signed XML in, the
passive reply out, encrypted in safe mode when an EncodingAESKey is given.
"""

import secrets
import time
from dataclasses import dataclass
from xml.sax.saxutils import escape

import httpx
import xmltodict
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from webhooks.signature import sign

ACCOUNT = "gh_zhunong"


@dataclass(frozen=True)
class Delivery:
    status: int
    body: str
    reply: str | None  # the text of a passive reply, None for "success" or an error


def text_xml(openid: str, text: str, msg_id: int, created: int, account: str = ACCOUNT) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{account}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{created}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType><Content>{escape(text)}</Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(openid: str, event: str, created: int, key: str = "", account: str = ACCOUNT) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{account}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{created}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
        f"<EventKey>{escape(key)}</EventKey></xml>"
    )


class Courier:
    def __init__(self, client: httpx.AsyncClient, *, token: str, app_id: str = "",
                 aes_key: str = "", reply_aes_key: str = "", path: str = "/wechat") -> None:
        self.client, self.token, self.app_id, self.aes_key, self.path = (
            client, token, app_id, aes_key, path)
        # The key replies are sealed with; it differs from aes_key only during a key rotation.
        self.reply_aes_key = reply_aes_key or aes_key

    async def text(self, openid: str, text: str, msg_id: int | None = None) -> Delivery:
        msg_id = msg_id or secrets.randbits(62)
        return await self.deliver(text_xml(openid, text, msg_id, int(time.time())))

    async def event(self, openid: str, event: str, key: str = "") -> Delivery:
        return await self.deliver(event_xml(openid, event, int(time.time()), key))

    async def deliver(self, xml_text: str, timestamp: str | None = None) -> Delivery:
        timestamp = timestamp or str(int(time.time()))
        nonce = secrets.token_hex(5)
        params = {"timestamp": timestamp, "nonce": nonce,
                  "signature": sign(self.token, timestamp, nonce)}
        body = xml_text
        if self.aes_key:
            crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
            body = crypto.encrypt_message(xml_text, nonce, timestamp)
            envelope = _envelope(body)
            params |= {"encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}
        response = await self.client.post(self.path, params=params, content=body.encode())
        return Delivery(response.status_code, response.text, self._reply_text(response))

    def _reply_text(self, response: httpx.Response) -> str | None:
        if response.status_code != 200 or not response.text.startswith("<xml>"):
            return None
        xml_text = response.text
        if self.reply_aes_key:
            envelope = _envelope(xml_text)
            xml_text = WeChatCrypto(self.token, self.reply_aes_key, self.app_id).decrypt_message(
                xml_text, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])
        return parse_message(xml_text).content


def _envelope(xml_text: str) -> dict:
    return xmltodict.parse(xml_text)["xml"]
