"""`kill -9` of the worker in the middle of a broadcast: every group still gets the listing.

The robots' platform here fails a fifth of the calls and enforces 20 a minute per key; the worker
is a real `zhunong worker` process, killed without warning and started again.
"""

import os
import signal
import subprocess
import time
from collections import Counter
from decimal import Decimal

from sqlmodel import func, select

from catalog import service as catalog
from core import outbound
from core.outbound import OutboundMessage, Status
from roster.importer import import_roster, load
from roster.models import Person
from tests.live import ROOT, ZHUNONG, environment

GROUPS = 60
# What a worker may have sent but not yet recorded when it dies: its threads' sends in flight,
# and finished sends waiting for the next batch of records.
UNRECORDED = 16 + outbound.RECORD_EVERY


def township_of_robots(db) -> None:
    groups = "\n".join(f"      - {{name: 第{n}组, channel: wecom_robot, key: crash-key-{n}}}"
                       for n in range(GROUPS))
    roster = (f"township: 皇图岭镇\nvillages:\n  - name: 麻城村\n"
              f"    officials: [{{name: 颜昌琪, openid: o_yan}}]\n"
              f"    farmers: [{{name: 李佰飞}}]\n    groups:\n{groups}\n")
    with db.transaction() as session:
        import_roster(session, load(roster))
        people = {p.name: p for p in session.exec(select(Person))}
        catalog.create(session, author=people["颜昌琪"], farmer=people["李佰飞"],
                       product="西兰花", unit="斤", quantity=Decimal(5000), price_fen=250)


def sent(db) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(OutboundMessage).where(
            OutboundMessage.topic == "listing:1", OutboundMessage.status == Status.sent)).one()


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([ZHUNONG, "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def robots_of_groups(db, fake_wechat, **faults) -> None:
    """One robot key per group, on a platform with `faults`, and the listing to broadcast."""
    for n in range(GROUPS):
        fake_wechat.state.add_robot(f"crash-key-{n}")
    fake_wechat.faults.set("/cgi-bin/webhook", **faults)
    township_of_robots(db)


def robot_texts(fake_wechat) -> list:
    return [m for m in fake_wechat.state.messages("robot") if m.msgtype == "text"]


def send_the_rest(db, env: dict) -> None:
    """A worker that is left alone until the whole broadcast is sent."""
    worker = start_worker(env)
    try:
        wait_for(lambda: sent(db) == GROUPS, 60)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_a_broadcast_survives_kill_9_of_the_worker(db, fake_wechat):
    robots_of_groups(db, fake_wechat, fail_ratio=0.2, latency_ms=50)
    env = environment(db.url, wecom_webhook_base=fake_wechat.base_url,
                      outbox_lease_seconds="2")

    first = start_worker(env)
    try:
        wait_for(lambda: len(robot_texts(fake_wechat)) >= GROUPS // 4, 30)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    assert len(robot_texts(fake_wechat)) < GROUPS  # it died in the middle

    send_the_rest(db, env)
    copies = Counter(m.to for m in robot_texts(fake_wechat))
    assert set(copies) == {f"crash-key-{n}" for n in range(GROUPS)}  # every group reached
    assert max(copies.values()) <= 2  # a repeat only for what was in flight at the kill
    assert sum(copies.values()) - GROUPS <= UNRECORDED


KILLS = 4


def test_a_broadcast_survives_kill_9_again_and_again(db, fake_wechat):
    """Killed four times in the middle of the same broadcast, each time at a later point.
    The platform is slow but never fails here, so every repeat is the kills' doing."""
    robots_of_groups(db, fake_wechat, latency_ms=200)
    env = environment(db.url, wecom_webhook_base=fake_wechat.base_url,
                      outbox_lease_seconds="1")
    reached = lambda: len({m.to for m in robot_texts(fake_wechat)})  # noqa: E731
    for kill in range(1, KILLS + 1):
        worker = start_worker(env)
        goal = GROUPS * kill // (KILLS + 1)
        try:
            wait_for(lambda goal=goal: reached() >= goal, 60)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
    assert reached() < GROUPS  # the last one died in the middle too

    send_the_rest(db, env)
    copies = Counter(m.to for m in robot_texts(fake_wechat))
    repeats = sum(copies.values()) - GROUPS
    print(f"{KILLS} kills: {repeats} repeats over {GROUPS} groups, at most "
          f"{max(copies.values())} copies to one")
    assert set(copies) == {f"crash-key-{n}" for n in range(GROUPS)}  # every group reached
    # Each kill repeats at most what that worker had sent and not yet recorded: one message
    # per group at most, and no more than UNRECORDED in all.
    assert max(copies.values()) <= 1 + KILLS
    assert repeats <= KILLS * UNRECORDED
