"""A load generator for the /wechat callback: signed requests built before the clock starts,
sent over a fixed number of keep-alive connections, each reply timed.

The client speaks HTTP/1.1 over raw asyncio streams: a generator that spends more of the
machine than the server it measures would flatter the slower server, and the bare-framework
floor runs under exactly this client too.
"""

import asyncio
import gc
import secrets
import statistics
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlencode

from wechatpy.crypto import WeChatCrypto

from webhooks.courier import text_xml
from webhooks.signature import sign


@dataclass(frozen=True)
class Message:
    openid: str
    text: str
    msg_id: int


# A script is sent in order over one connection: a dialog (导入接龙, the list, 确认) must not
# race with itself. Most scripts are one message.
Script = list[Message]


@dataclass(frozen=True)
class Signer:
    token: str
    app_id: str = ""
    aes_key: str = ""  # set: the request is encrypted in safe mode

    def request(self, message: Message, path: str = "/wechat") -> bytes:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(5)
        xml = text_xml(message.openid, message.text, message.msg_id, int(timestamp))
        params = {"timestamp": timestamp, "nonce": nonce,
                  "signature": sign(self.token, timestamp, nonce)}
        body = xml
        if self.aes_key:
            body = WeChatCrypto(self.token, self.aes_key, self.app_id).encrypt_message(
                xml, nonce, timestamp)
            signature = body.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
            params |= {"encrypt_type": "aes", "msg_signature": signature}
        payload = body.encode()
        head = (f"POST {path}?{urlencode(params)} HTTP/1.1\r\nHost: zhunong\r\n"
                f"Content-Type: text/xml\r\nContent-Length: {len(payload)}\r\n\r\n")
        return head.encode() + payload


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, one per request
    statuses: dict[int, int] = field(default_factory=dict)
    deferred: int = 0  # answered "success": the reply follows as a customer-service message
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    @property
    def slowest(self) -> float:
        return max(self.latencies, default=0.0)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200)


def prepare(scripts: list[Script], signer: Signer) -> list[list[bytes]]:
    """Every request signed (and encrypted) up front, so the timed run only sends."""
    return [[signer.request(message) for message in script] for script in scripts]


async def run(host: str, ports: list[int], scripts: list[list[bytes]],
              connections: int) -> Outcome:
    """Send every script over `connections` keep-alive connections, spread over `ports`."""
    queue, outcome = deque(scripts), Outcome()
    # A full collection of this process's heap pauses every connection for tens of ms, which
    # would be counted as the server's latency: the heap as it is now is set aside.
    gc.collect()
    gc.freeze()
    try:
        started = time.perf_counter()
        await asyncio.gather(*(
            _connection(host, ports[n % len(ports)], queue, outcome) for n in range(connections)))
        outcome.seconds = time.perf_counter() - started
    finally:
        gc.unfreeze()
    return outcome


async def _connection(host: str, port: int, queue: deque, outcome: Outcome) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while queue:
            for request in queue.popleft():
                sent = time.perf_counter()
                writer.write(request)
                status, body = await _response(reader)
                outcome.latencies.append(time.perf_counter() - sent)
                outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
                if body == b"success":
                    outcome.deferred += 1
    finally:
        writer.close()


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    return status, await reader.readexactly(length) if length else b""
