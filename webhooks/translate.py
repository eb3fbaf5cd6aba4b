"""From WeChat's XML to a stored record and the bot's `Incoming`.

Everything WeChat sends is checked against what the database can hold before it is stored: a
field that would not fit or cannot be meant (a CreateTime in the next century, a MsgId of a
hundred digits, an openid with markup in it) is the sender's mistake, a 400, never the
database's error, a 500.
"""

import hashlib
import re
import xml.parsers.expat
from dataclasses import dataclass

import xmltodict
from wechatpy import parse_message
from wechatpy.messages import BaseMessage

from bot.incoming import Incoming
from core import statements
from webhooks.models import InboundMessage

# openids and account ids are letters, digits, "_" and "-"; they go back into the reply's XML,
# so anything else (markup, "]]>") is refused rather than echoed.
OPENID = re.compile(r"[A-Za-z0-9_-]{1,64}")
ACCOUNT = re.compile(r"[A-Za-z0-9_-]{0,64}")
MAX_CREATE_TIME = 4_102_444_800  # 2100-01-01: a later CreateTime is a forgery or a fault
MAX_MSG_ID = 2**64 - 1  # WeChat's MsgId is a 64-bit number
MAX_KEY = 100  # InboundMessage.dedupe_key
# WeChat's QR scenes are at most 64 characters (scene_str); a longer one is no scene of ours.
MAX_SCENE = 64


class BadMessage(ValueError):
    """The XML is not a WeChat message we can read; the text says why."""


@dataclass(frozen=True)
class Parsed:
    message: BaseMessage
    record: InboundMessage


def parse(xml_text: str) -> Parsed:
    # XML never holds U+0000, yet expat reads "<\0x\0..." as UTF-16 and parses it, and
    # PostgreSQL refuses the NULs of the raw text: such a body is refused here.
    if "\x00" in xml_text:
        raise BadMessage("NUL character in the body")
    try:
        message = parse_message(xml_text)
    except (xml.parsers.expat.ExpatError, ValueError, KeyError, TypeError, AttributeError,
            LookupError) as error:
        raise BadMessage(f"unreadable XML: {type(error).__name__}") from error
    if message is None:
        raise BadMessage("empty body")
    return Parsed(message, _record(message, xml_text))


def _record(message: BaseMessage, xml_text: str) -> InboundMessage:
    openid = _field(message, "source", "FromUserName") or ""
    if not OPENID.fullmatch(openid):
        raise BadMessage("FromUserName missing, too long or not an openid")
    account = _field(message, "target", "ToUserName") or ""
    if not ACCOUNT.fullmatch(account):
        raise BadMessage("ToUserName too long or not an account id")
    created = _create_time(message)
    event = _event(message)
    msg_id = 0 if event else _msg_id(message)
    return statements.construct(
        InboundMessage,
        dedupe_key=_dedupe_key(msg_id, openid, created, event or message.type),
        openid=openid,
        account=account,
        msg_type=message.type[:32],
        event=event,
        content=_text_of(message),
        raw=xml_text,
        parsed=_fields(xml_text),
        created_time=created,
    )


def _dedupe_key(msg_id: int, openid: str, created: int, kind: str) -> str:
    if msg_id:
        return f"msg:{msg_id}"
    # Events have no MsgId: WeChat's retries of an event repeat its sender and CreateTime
    # (and the event itself, which tells apart a follow and an unfollow in the same second).
    key = f"event:{openid}:{created}:{kind}"
    if len(key) <= MAX_KEY:
        return key
    # A long openid with a long event name: a digest of the same parts is just as stable.
    return f"event:{hashlib.sha256(key.encode()).hexdigest()}"


def incoming(parsed: Parsed, inbound_id: int) -> Incoming:
    record = parsed.record
    scanned = record.event in ("subscribe", "scan")
    scene = getattr(parsed.message, "scene_id", None) if scanned else None
    return Incoming(
        openid=record.openid,
        kind=record.msg_type,
        text=record.content or "",
        event=record.event,
        scene=scene if isinstance(scene, str) and 0 < len(scene) <= MAX_SCENE else None,
        inbound_id=inbound_id,
    )


def _fields(xml_text: str) -> dict:
    """The message's fields as WeChat sent them (wechatpy reads the same XML the same way)."""
    fields = xmltodict.parse(xml_text)["xml"]
    return {name: value for name, value in fields.items() if isinstance(value, str | None)}


def _field(message: BaseMessage, attribute: str, name: str) -> str | None:
    value = getattr(message, attribute, None)
    if value is not None and not isinstance(value, str):
        raise BadMessage(f"{name} is not text")
    return value


def _create_time(message: BaseMessage) -> int:
    try:
        created = int(message.create_time.timestamp())
    except (ValueError, TypeError, OverflowError, OSError, AttributeError) as error:
        raise BadMessage("CreateTime is not a timestamp") from error
    if not 0 <= created <= MAX_CREATE_TIME:
        raise BadMessage("CreateTime out of range")
    return created


def _msg_id(message: BaseMessage) -> int:
    try:
        msg_id = int(message.id or 0)
    except (ValueError, TypeError) as error:
        raise BadMessage("MsgId is not a number") from error
    if not 0 <= msg_id <= MAX_MSG_ID:
        raise BadMessage("MsgId out of range")
    return msg_id


def _event(message: BaseMessage) -> str | None:
    if message.type != "event":
        return None
    event = _field(message, "event", "Event") or "unknown"
    # A follow by QR code arrives as "subscribe_scan": to the bot it is a follow with a scene.
    return "subscribe" if event == "subscribe_scan" else event.lower()[:32]


def _text_of(message: BaseMessage) -> str | None:
    if message.type == "text":
        return _field(message, "content", "Content") or ""
    if message.type == "voice":
        # WeChat's own transcript, present when the account has speech recognition on.
        return _field(message, "recognition", "Recognition") or ""
    return None
