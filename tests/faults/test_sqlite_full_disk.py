"""SQLite on a full disk: a clear refusal while it lasts, nothing lost or damaged, and back to
work by itself once there is room.

zhunong serves from an SQLite file on a tmpfs of a few megabytes; orders come in, then the disk
is filled to the last byte. Callbacks that need to write are answered 503 with the reason, so
WeChat delivers them again later; the command line says so in one line. The file passes
PRAGMA integrity_check throughout, every acknowledged order is still there, and once the
space is freed WeChat's next deliveries are handled, each exactly once.
"""

import asyncio
import json
import os
import sqlite3
from contextlib import closing

import httpx
import pytest

import migrations
from core.database import Database
from tests.conftest import TOKEN
from tests.faults import market
from tests.faults.small_disk import small_disk, why_not
from tests.faults.wechat_traffic import Message, deliver, orders, statuses
from tests.live import environment, server, zhunong

MEGABYTES = 8
RETRY_AFTER = 0.5  # the test frees the disk itself: no need to wait WeChat's 5 seconds
REFUSALS_WANTED = 5


def integrity(path) -> str:
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


async def until_refused(base: str, messages: list[Message]) -> list[Message]:
    """Deliver each once, one after another, until enough were refused; those delivered."""
    delivered: list[Message] = []
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        for message in messages:
            delivered.append(await deliver(client, message, RETRY_AFTER, tries=1))
            if sum(not m.acknowledged for m in delivered) >= REFUSALS_WANTED:
                break
    return delivered


async def redeliver(base: str, messages: list[Message]) -> None:
    """WeChat's next deliveries of the refused messages, one after another."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        for message in messages:
            await deliver(client, message, RETRY_AFTER)


@pytest.mark.skipif(bool(os.environ.get("ZHUNONG_TEST_DATABASE_URL")),
                    reason="SQLite's own: runs in the suite's SQLite pass")
def test_a_full_disk_refuses_clearly_loses_nothing_and_recovers(tmp_path):
    reason = why_not(tmp_path / "probe")
    if reason:
        pytest.skip(reason)
    with small_disk(tmp_path / "disk", MEGABYTES) as disk:
        path = disk.folder / "zhunong.db"
        url = f"sqlite:///{path}"
        migrations.upgrade(url)
        db = Database(url)
        code = market.open_listing(db)
        env = environment(url, wechat_token=TOKEN)
        with server(env) as base:
            before = asyncio.run(orders(base, market.order_messages(code, "before", 20),
                                        every=0.02, retry_after=RETRY_AFTER))
            assert all(m.acknowledged for m in before)

            filled = disk.fill()
            during = asyncio.run(until_refused(base, market.order_messages(code, "full", 300)))
            refused = [m for m in during if not m.acknowledged]
            assert len(refused) == REFUSALS_WANTED, statuses(during)
            assert {m.statuses[-1] for m in refused} == {503}
            assert json.loads(refused[0].body) == {
                "error": "database_full", "detail": "the database's disk is full, try again later"}
            cli = zhunong("token", "create", "ops", env=env)
            assert (cli.returncode, cli.stderr.strip()) == (
                1, "zhunong: the database's disk is full, try again later")
            assert integrity(path) == "ok"
            assert not market.audit(db, before)  # what was acknowledged before is all there

            disk.free()
            asyncio.run(redeliver(base, refused))
            after = asyncio.run(orders(base, market.order_messages(code, "after", 10),
                                       every=0.02, retry_after=RETRY_AFTER))
            assert market.settle(db) == 0
        everything = before + during + after
        problems = market.audit(db, everything)
        db.dispose()
        assert integrity(path) == "ok"
    print(f"{filled:,} bytes filled the disk; {len(during) - len(refused)} more orders fitted, "
          f"then {len(refused)} were refused")
    assert not problems, problems
    assert all(m.acknowledged for m in everything)
    assert set(statuses(everything)) <= {200, 503}
