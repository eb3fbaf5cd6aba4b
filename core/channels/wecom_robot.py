"""WeCom group robots: POST JSON to the robot's webhook; 20 messages a minute per key.

The pacing itself happens when the outbox hands out work (see `core.pacing`), so a robot is never
sent its 21st message within a minute, however many workers run.
"""

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
    carries_card = False

    def __init__(self, client: httpx.Client, base: str) -> None:
        self.client, self.base = client, base.rstrip("/")

    def send(self, message: OutboundMessage, image: bytes | None = None) -> Outcome:
        """The text alone: a card would be a second call against the robot's 20 a minute,
        and the text is what a member needs to order."""
        if not message.route:
            return Outcome.failed("no robot key")
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


def clip(text: str, limit: int) -> str:
    """Cut at a character boundary so the UTF-8 form fits `limit` bytes."""
    encoded = text.encode()
    return text if len(encoded) <= limit else encoded[:limit].decode(errors="ignore")
