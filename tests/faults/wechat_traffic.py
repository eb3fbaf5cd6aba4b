"""Order messages delivered to a running zhunong the way WeChat's servers deliver them.

WeChat waits 5 seconds for an answer and, on a timeout or an error, delivers the same message
(the same MsgId) again, three times at most. A message counts as acknowledged when one of its
deliveries got a 200: after that WeChat stops, and the buyer has been answered (or will be, by a
customer-service message). Each delivery's status is kept, so a test can count the answers given
during an outage.
"""

import asyncio
import itertools
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from tests.conftest import TOKEN
from webhooks.courier import Courier

WECHAT_TIMEOUT = 5.0
WECHAT_RETRIES = 3
_msg_ids = itertools.count(5_100_000_000_000_000)


@dataclass
class Message:
    openid: str
    text: str
    msg_id: int = field(default_factory=lambda: next(_msg_ids))
    statuses: list[int] = field(default_factory=list)  # 0: no answer (refused, timed out)
    answered_at: list[float] = field(default_factory=list)  # monotonic, one per delivery
    reply: str | None = None
    body: str = ""  # of the last answer

    @property
    def acknowledged(self) -> bool:
        return 200 in self.statuses


async def deliver(client: httpx.AsyncClient, message: Message, retry_after: float,
                  tries: int = 1 + WECHAT_RETRIES) -> Message:
    """Deliver until a 200, retrying as WeChat does; returns the message with its history."""
    courier = Courier(client, token=TOKEN)
    for _ in range(tries):
        try:
            delivery = await courier.text(message.openid, message.text, msg_id=message.msg_id)
            status, message.reply, message.body = delivery.status, delivery.reply, delivery.body
        except httpx.TransportError:
            status = 0
        message.statuses.append(status)
        message.answered_at.append(time.monotonic())
        if status == 200:
            break
        await asyncio.sleep(retry_after)
    return message


async def orders(base: str, messages: list[Message], *, every: float,
                 retry_after: float) -> list[Message]:
    """Deliver `messages`, a new one every `every` seconds whatever became of the ones before
    (people write when they write), each retried as WeChat does."""
    async with httpx.AsyncClient(base_url=base, timeout=WECHAT_TIMEOUT) as client:
        async def later(message: Message, delay: float) -> Message:
            await asyncio.sleep(delay)
            return await deliver(client, message, retry_after)

        await asyncio.gather(*(later(message, n * every) for n, message in enumerate(messages)))
    return messages


def statuses(messages: list[Message]) -> Counter:
    """How many deliveries got each status, over every delivery of every message."""
    return Counter(status for message in messages for status in message.statuses)
