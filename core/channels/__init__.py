"""Channels: how a queued message reaches its target. One module each, one interface.

A channel's `send` makes one attempt and says what happened; the outbox decides what follows
(record it, try again later with backoff, or give up and report it).
"""

from collections.abc import Callable
from typing import Protocol

import httpx

from core.outbound import OutboundMessage, Outcome


class Channel(Protocol):
    # True for a channel that sends the listing card along (only `forward` does).
    carries_card: bool

    def send(self, message: OutboundMessage, image: bytes | None = None) -> Outcome: ...


# A rendered listing card (PNG bytes) for a message's attachment, or None when none can be made.
CardRenderer = Callable[[dict, str | None], bytes | None]


def http_outcome(error: httpx.HTTPError) -> Outcome:
    """Network trouble is always worth another try."""
    return Outcome.retry(f"{type(error).__name__}")


def errcode_outcome(errcode: int, errmsg: str, retryable: set[int]) -> Outcome:
    if errcode == 0:
        return Outcome.sent()
    reason = f"errcode {errcode}: {errmsg}"
    return Outcome.retry(reason) if errcode in retryable else Outcome.failed(reason)
