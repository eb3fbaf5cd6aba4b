"""What the bot is told: one message from one WeChat user, stripped of WeChat's format."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Incoming:
    openid: str
    kind: str  # text, voice, event, or WeChat's own type name for anything else
    text: str = ""
    event: str | None = None  # subscribe, unsubscribe, scan, click, ...
    scene: str | None = None  # from a parametric QR code
    inbound_id: int | None = None
