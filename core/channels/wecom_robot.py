"""WeCom group robots: POST JSON to the robot's webhook; 20 messages a minute per key.

The pacing itself happens when the outbox hands out work (see `core.pacing`), so a robot is never
sent its 21st message within a minute, however many workers run.
"""

import base64
import hashlib

import httpx

from core.channels import Outcome, errcode_outcome, http_outcome
from core.outbound import OutboundMessage

TEXT_LIMIT = 2048  # bytes of UTF-8, WeCom's limit for a text message
PER_MINUTE = 20
# -1 busy, 45009 over the frequency limit: both pass. 93000 (bad key) and the rest do not.
RETRYABLE = {-1, 45009, 45011}


def route_key(key: str) -> str:
    """The pacing key of a robot; a digest, so the secret key is not written twice."""
    return "robot:" + hashlib.sha256(key.encode()).hexdigest()[:16]


class WecomRobot:
    def __init__(self, client: httpx.Client, base: str) -> None:
        self.client, self.base = client, base.rstrip("/")

    def send(self, message: OutboundMessage, image: bytes | None = None) -> Outcome:
        if not message.route:
            return Outcome.failed("no robot key")
        if image is not None and message.attempts <= 1:
            # The card goes first; the text (the part that must arrive) is what decides.
            self._post(message.route, image_payload(image))
        return self._post(message.route, text_payload(message.text))

    def _post(self, key: str, payload: dict) -> Outcome:
        try:
            response = self.client.post(f"{self.base}/cgi-bin/webhook/send", params={"key": key},
                                        json=payload)
        except httpx.HTTPError as error:
            return http_outcome(error)
        if response.status_code >= 500:
            return Outcome.retry(f"HTTP {response.status_code}")
        if response.status_code != 200:
            return Outcome.failed(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            return Outcome.retry("unreadable answer")
        return errcode_outcome(int(body.get("errcode", -1)), str(body.get("errmsg", "")),
                               RETRYABLE)


def text_payload(text: str) -> dict:
    return {"msgtype": "text", "text": {"content": clip(text, TEXT_LIMIT)}}


def image_payload(png: bytes) -> dict:
    return {"msgtype": "image", "image": {"base64": base64.b64encode(png).decode(),
                                          "md5": hashlib.md5(png).hexdigest()}}


def clip(text: str, limit: int) -> str:
    """Cut at a character boundary so the UTF-8 form fits `limit` bytes."""
    encoded = text.encode()
    return text if len(encoded) <= limit else encoded[:limit].decode(errors="ignore")
