"""The least an order message can cost under zhunong's rules, with nothing of zhunong around it.

`bench/load.py` compares zhunong with the floor, a bare endpoint answering "success". This says
how close any implementation could come. It measures, on one core, in CPU time:

- the floor's own cost of a request, under the same load generator as `bench/load.py`;
- an order from a known buyer written directly against `sqlite3` on the real schema: the
  signature and the XML read once, the message stored and committed before it is handled, then
  the statements zhunong runs for the order (follower, buyer, dialog, listing, stock, news marks,
  order number, order, ledger, the reply recorded) and their commit, the text read by the bot's
  reader; no ORM, no template, no routing;
- a trip to a worker thread and back, which answering within WeChat's 5 seconds needs (the event
  loop must stay free to say "success" when the database is slow).

The ceiling is the throughput of one core spending the sum of the three on every message,
divided by the floor's measured throughput: the best ratio `bench/load.py` could ever show.

    python bench/bare.py
"""

import asyncio
import hashlib
import itertools
import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from anyio import CapacityLimiter, to_thread

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import xmltodict  # noqa: E402

import migrations  # noqa: E402
from bench import loadgen, scenarios, servers  # noqa: E402
from bot.language import parse as read  # noqa: E402
from core.database import Database  # noqa: E402
from webhooks.courier import text_xml  # noqa: E402

TOKEN = "bench-token"
BUYERS = 200

# zhunong's statements for an order from a buyer it knows, as it sends them to SQLite.
STORE = """INSERT INTO inbound_message (dedupe_key, openid, account, msg_type, event, content, raw,
    parsed, created_time, received_at, claimed_at, status)
    VALUES (?, ?, ?, 'text', NULL, ?, ?, ?, ?, ?, ?, 'received') RETURNING id"""
WINDOW = """INSERT INTO customer_window (openid, last_inbound_at, sent) VALUES (?, ?, 0)
    ON CONFLICT (openid) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, sent = 0"""
FOLLOWER = """INSERT INTO follower (openid, scene, first_seen_at, last_seen_at)
    VALUES (?, NULL, ?, ?) ON CONFLICT (openid) DO UPDATE
    SET scene = coalesce(excluded.scene, follower.scene), last_seen_at = excluded.last_seen_at"""
BUYER = """SELECT id, township_id, name, role, phone, openid, village_id, canteen_id, created_at
    FROM person WHERE openid = ?"""
DIALOG = """SELECT id, openid, dialog, step, data, listing_id, updated_at
    FROM conversation WHERE openid = ?"""
LISTING = """SELECT id, township_id, code, farmer_id, village_id, author_id, product, unit,
    pack_jin, quantity, remaining, price_fen, fulfilment, show_phone, status, reason, created_at,
    published_at FROM listing WHERE code = ?"""
REMEMBER = """UPDATE conversation SET dialog = NULL, step = NULL, data = '{}', listing_id = ?,
    updated_at = ? WHERE id = ?"""
RESERVE = """UPDATE listing SET remaining = remaining - ? WHERE id = ? AND status = 'open'
    AND remaining >= ? RETURNING remaining"""
MARK = """INSERT INTO outbound_message (channel, target_kind, target_address, target_name, text,
    topic, status, attempts, send_after, created_at)
    VALUES ('news', 'news', ?, '', '', ?, 'pending', 0, ?, ?)
    ON CONFLICT (topic) WHERE target_kind = 'news' DO UPDATE SET send_after = excluded.send_after
    WHERE excluded.send_after < outbound_message.send_after"""
NUMBER = """UPDATE counter SET value = value + 1 WHERE scope = ? AND name = 'order'
    RETURNING value"""
ORDER = """INSERT INTO purchase_order (township_id, code, listing_id, buyer_id, quantity,
    price_fen, amount_fen, delivered_quantity, status, note, created_at, delivered_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'open', '', ?, NULL) RETURNING id"""
LEDGER = """INSERT INTO ledger_entry (kind, order_id, listing_id, buyer_id, farmer_id, quantity,
    ordered_fen, delivered_fen, paid_fen, method, author_id, created_at)
    VALUES ('ordered', ?, ?, ?, ?, ?, ?, 0, 0, NULL, NULL, ?)"""
ANSWERED = """UPDATE inbound_message SET status = 'handled', reply = ?, reply_mode = 'passive',
    error = NULL, handled_at = ? WHERE id = ? AND status = 'received'"""


class Township:
    """The demo township with three open listings, and a bare connection to its database."""

    def __init__(self, folder: str) -> None:
        url = f"sqlite:///{folder}/bare.db"
        migrations.upgrade(url)
        db = Database(url)
        self.codes = scenarios.prepare(db, cancellers=10).listing_codes
        db.dispose()
        self.connection = sqlite3.connect(f"{folder}/bare.db", isolation_level=None)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            self.connection.execute(f"PRAGMA {pragma}")
        self._ids = itertools.count(8_000_000_000)

    def callback(self, n: int) -> tuple[str, str]:
        """The n-th order's (signature query, XML), as WeChat sends them."""
        openid, code = f"bare_{n % BUYERS}", self.codes[n % len(self.codes)]
        xml = text_xml(openid, f"订{code} 1斤", next(self._ids), int(time.time()))
        return "timestamp-nonce", xml

    def order(self, query: str, xml: str) -> str:
        """Everything an order message needs done, done directly; returns the reply."""
        hashlib.sha1("".join(sorted((TOKEN, query))).encode()).hexdigest()
        fields = xmltodict.parse(xml)["xml"]
        openid, now = fields["FromUserName"], _now()
        inbound = self._stored(fields, xml, now)
        reading = read(fields["Content"])
        return self._handled(inbound, openid, int(reading.listing), reading.jin, now)

    def _stored(self, fields: dict, xml: str, now: str) -> int:
        run = self.connection.execute
        run("BEGIN IMMEDIATE")
        inbound = run(STORE, (f"msg:{fields['MsgId']}", fields["FromUserName"],
                              fields["ToUserName"], fields["Content"], xml, json.dumps(fields),
                              int(fields["CreateTime"]), now, now)).fetchone()[0]
        run(WINDOW, (fields["FromUserName"], now))
        run("COMMIT")
        return inbound

    def _handled(self, inbound: int, openid: str, code: int, jin, now: str) -> str:
        run = self.connection.execute
        thousandths = int(jin * 1000)  # of the listing's unit, 斤 here, as zhunong stores it
        run("BEGIN IMMEDIATE")
        run(FOLLOWER, (openid, now, now))
        buyer = run(BUYER, (openid,)).fetchone()
        dialog = run(DIALOG, (openid,)).fetchone()
        listing = run(LISTING, (code,)).fetchone()
        listing_id, township, farmer, price = listing[0], listing[1], listing[3], listing[11]
        run(REMEMBER, (listing_id, now, dialog[0]))
        run(RESERVE, (thousandths, listing_id, thousandths)).fetchone()
        due = (datetime.now(UTC) + timedelta(seconds=60)).replace(tzinfo=None).isoformat(" ")
        run(MARK, (str(listing_id), f"stock:{listing_id}", due, now))
        number = run(NUMBER, (township,)).fetchone()[0]
        amount = price * thousandths // 1000
        order = run(ORDER, (township, number, listing_id, buyer[0], thousandths, price, amount,
                            now)).fetchone()[0]
        run(LEDGER, (order, listing_id, buyer[0], farmer, thousandths, amount, now))
        run(MARK, (str(listing_id), f"orders:{listing_id}", due, now))
        reply = f"D{number} {code} {jin} {amount}"
        run(ANSWERED, (reply, now, inbound))
        run("COMMIT")
        return reply

    def known_buyers(self) -> None:
        """Each buyer orders once first, so the timed orders are from people zhunong knows (as
        in `bench/load.py`, whose warm-up does the same)."""
        run, now = self.connection.execute, _now()
        for n in range(BUYERS):
            openid = f"bare_{n}"
            run("INSERT INTO person (township_id, name, role, openid, created_at) "
                "VALUES (1, ?, 'villager', ?, ?)", (openid, openid, now))
            run("INSERT INTO conversation (openid, data, updated_at) VALUES (?, '{}', ?)",
                (openid, now))


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(" ")


def order_cost(township: Township, count: int) -> float:
    """CPU seconds an order takes, done directly."""
    callbacks = [township.callback(n) for n in range(count)]
    started = time.process_time()
    for query, xml in callbacks:
        township.order(query, xml)
    return (time.process_time() - started) / count


def hop_cost(count: int) -> float:
    """CPU seconds of a trip to a worker thread and back, as zhunong makes it."""
    async def trips() -> float:
        limiter, nothing = CapacityLimiter(4), lambda: None
        started = time.process_time()
        for _ in range(count):
            task = asyncio.ensure_future(to_thread.run_sync(nothing, limiter=limiter))
            await asyncio.wait_for(asyncio.shield(task), 4)
        return (time.process_time() - started) / count
    return asyncio.run(trips())


def floor_cost(count: int, connections: int = 16) -> tuple[float, float]:
    """The floor's CPU seconds a request and its throughput, under the load generator."""
    signer = loadgen.Signer(TOKEN)
    scripts = [[loadgen.Message(f"bare_{n % BUYERS}", "订101 1斤", 9_000_000_000 + n)]
               for n in range(count + count // 4)]
    requests = loadgen.prepare(scripts, signer)
    with servers.floor() as (ports, processes):
        asyncio.run(loadgen.run("127.0.0.1", ports, requests[count:], connections))  # warm-up
        before = processes.cpu_seconds()
        outcome = asyncio.run(loadgen.run("127.0.0.1", ports, requests[:count], connections))
        return (processes.cpu_seconds() - before) / outcome.count, outcome.throughput


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        township = Township(folder)
        township.known_buyers()
        order_cost(township, count // 10)  # warm-up: caches, the reader's patterns
        order = order_cost(township, count)
        township.connection.close()
    hop = hop_cost(count)
    floor_cpu, floor_throughput = floor_cost(count)
    ceiling = 1 / (floor_cpu + order + hop)
    return {"floor_cpu": floor_cpu, "floor_throughput": floor_throughput, "order": order,
            "hop": hop, "ceiling": ceiling, "ratio": ceiling / floor_throughput}


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    found = measure(count)
    print("| | CPU a message, ms |\n|---|---|")
    print(f"| the floor's request (under the load generator) | {found['floor_cpu'] * 1e3:.3f} |")
    print(f"| an order's own work, directly on sqlite3 | {found['order'] * 1e3:.3f} |")
    print(f"| a trip to a worker thread and back | {found['hop'] * 1e3:.3f} |")
    print(f"\nOne core doing all three: {found['ceiling']:.0f} msg/s; the floor ran at "
          f"{found['floor_throughput']:.0f} msg/s; the best possible ratio: "
          f"{found['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
