"""PostgreSQL restarted under WeChat traffic: no order lost or doubled, and zhunong recovers alone.

zhunong (`zhunong serve`, sending in the same process) runs against a PostgreSQL server of the
test's own, which is stopped in the middle of a stream of order messages, once the polite way
(`pg_ctl stop -m fast`: transactions rolled back, connections closed) and once as in a crash
(`-m immediate`: recovery at the next start), and started again two seconds later. WeChat is
played as it behaves: every message without a 200 is delivered again, three times at most.

During the outage a callback answers 503 with its reason: WeChat delivers the message again,
and the buyer's order is placed by a delivery after the restart. After the restart the
connections left broken by the restart are replaced without anyone's help (pool_pre_ping).
At the end: one order for every acknowledged message, none doubled, the stock and the ledger
in step with the orders, every message handled, and the outbox drained.
"""

import asyncio
import os
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import migrations
from core.database import Database
from tests.conftest import TOKEN
from tests.faults import market
from tests.faults.private_postgres import PrivateServer, private_server, why_not
from tests.faults.wechat_traffic import Message, orders, statuses
from tests.live import environment, server

pytestmark = [
    pytest.mark.skipif(why_not() is not None, reason=why_not() or ""),
    # Its server is its own whichever database the suite runs on: once is enough.
    pytest.mark.skipif(bool(os.environ.get("ZHUNONG_TEST_DATABASE_URL")),
                       reason="runs in the suite's SQLite pass, on a PostgreSQL of its own"),
]

DOWN_SECONDS = 2.0
PER_RESTART = 100  # one every 50 ms: some before the stop, many during the outage, some after
RETRY_AFTER = 5.0  # WeChat's pace: it waits 5 seconds for an answer


def database_in(pg: PrivateServer) -> str:
    admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('CREATE DATABASE "zhunong"'))
    admin.dispose()
    return make_url(pg.url).set(database="zhunong").render_as_string(hide_password=False)


async def through_a_restart(base: str, pg: PrivateServer, mode: str,
                            messages: list[Message]) -> tuple[float, float]:
    """Send `messages` while the server goes down and comes back; (seconds down, up at)."""
    traffic = asyncio.create_task(orders(base, messages, every=0.05, retry_after=RETRY_AFTER))
    await asyncio.sleep(0.5)
    began = time.monotonic()
    await asyncio.to_thread(pg.stop, mode)
    await asyncio.sleep(DOWN_SECONDS)
    await asyncio.to_thread(pg.start)
    up = time.monotonic()
    await traffic
    return up - began, up


def test_orders_survive_a_fast_and_an_immediate_restart():
    with private_server() as pg:
        url = database_in(pg)
        migrations.upgrade(url)
        db = Database(url)
        code = market.open_listing(db)
        sent = market.order_messages(code, "before", 10)
        with server(environment(url, wechat_token=TOKEN)) as base:
            asyncio.run(orders(base, sent, every=0.05, retry_after=RETRY_AFTER))
            for mode in ("fast", "immediate"):
                batch = market.order_messages(code, mode, PER_RESTART)
                down, up = asyncio.run(through_a_restart(base, pg, mode, batch))
                sent += batch
                after = [at for m in batch for status, at in zip(m.statuses, m.answered_at,
                                                                 strict=True)
                         if status == 200 and at > up]
                print(f"{mode} restart, {down:.1f} s down: {statuses(batch)} for "
                      f"{len(batch)} messages; first 200 after it "
                      f"{min(after, default=up) - up:.2f} s after the server was up")
            assert market.settle(db) == 0  # every stored message handled
            assert market.drained(db) == 0  # and everything it queued sent
        problems = market.audit(db, sent)
        db.dispose()
    assert not problems, problems
    assert all(m.acknowledged for m in sent)  # WeChat's retries got each one through
    every = statuses(sent)
    assert set(every) <= {200, 503}, every  # during the outage 503, never a 500
    assert every[503] > 0  # the outage was met
