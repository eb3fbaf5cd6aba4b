"""From WeChat's XML to a stored record and the bot's `Incoming`."""

import xml.parsers.expat
from dataclasses import dataclass

import xmltodict
from wechatpy import parse_message
from wechatpy.messages import BaseMessage

from bot.incoming import Incoming
from webhooks.models import InboundMessage

MAX_OPENID = 64


class BadMessage(ValueError):
    """The XML is not a WeChat message we can read; the text says why."""


@dataclass(frozen=True)
class Parsed:
    message: BaseMessage
    record: InboundMessage


def parse(xml_text: str) -> Parsed:
    try:
        message = parse_message(xml_text)
    except (xml.parsers.expat.ExpatError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadMessage(f"unreadable XML: {type(error).__name__}") from error
    if message is None:
        raise BadMessage("empty body")
    return Parsed(message, _record(message, xml_text))


def _record(message: BaseMessage, xml_text: str) -> InboundMessage:
    openid = _field(message, "source", "FromUserName")
    if not openid or len(openid) > MAX_OPENID:
        raise BadMessage("FromUserName missing or too long")
    created = _create_time(message)
    event = _event(message)
    msg_id = 0 if event else _msg_id(message)
    # Events have no MsgId: WeChat's retries of an event repeat its sender and CreateTime
    # (and the event itself, which tells apart a follow and an unfollow in the same second).
    key = f"msg:{msg_id}" if msg_id else f"event:{openid}:{created}:{event or message.type}"
    return InboundMessage(
        dedupe_key=key,
        openid=openid,
        account=_field(message, "target", "ToUserName") or "",
        msg_type=message.type[:32],
        event=event,
        content=_text_of(message),
        raw=xml_text,
        parsed=_fields(xml_text),
        created_time=created,
    )


def incoming(parsed: Parsed, inbound_id: int) -> Incoming:
    record = parsed.record
    scanned = record.event in ("subscribe", "scan")
    scene = getattr(parsed.message, "scene_id", None) if scanned else None
    return Incoming(
        openid=record.openid,
        kind=record.msg_type,
        text=record.content or "",
        event=record.event,
        scene=scene if isinstance(scene, str) and scene else None,
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
        return int(message.create_time.timestamp())
    except (ValueError, TypeError, OverflowError, OSError, AttributeError) as error:
        raise BadMessage("CreateTime is not a timestamp") from error


def _msg_id(message: BaseMessage) -> int:
    try:
        return int(message.id or 0)
    except (ValueError, TypeError) as error:
        raise BadMessage("MsgId is not a number") from error


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
