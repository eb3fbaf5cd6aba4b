"""Benchmark a broadcast: one listing to 1,387 village groups (株洲's village count) and 200
canteen buyers, through the real channels against the fake platform at 50 ms a call.

Run `python bench/broadcast.py`; it exits non-zero when not everything is delivered within
10 seconds, or when the process's memory grows by more than 50 MB while sending.
"""

import contextlib
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import httpx
from sqlmodel import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import migrations  # noqa: E402
from catalog import broadcast  # noqa: E402
from catalog import service as catalog  # noqa: E402
from core import outbound  # noqa: E402
from core.channels import oa_customer  # noqa: E402
from core.channels.dispatch import Dispatcher  # noqa: E402
from core.database import Database  # noqa: E402
from core.outbound import OutboundMessage, Status  # noqa: E402
from core.settings import Settings  # noqa: E402
from fake_wechat.state import DEFAULT_APPS  # noqa: E402
from roster.importer import import_roster, load  # noqa: E402
from roster.models import Person  # noqa: E402
from tests.live import free_port  # noqa: E402

GROUPS, BUYERS = 1387, 200
LATENCY_MS = 50
TARGET_SECONDS = 10.0
TARGET_GROWTH_MB = 50
THREADS = 32
APP_ID, APP_SECRET = next(iter(DEFAULT_APPS.items()))


def roster() -> str:
    villages = "\n".join(
        f"  - name: 村{n}\n    groups: [{{name: 村{n}群, channel: wecom_robot, key: key-{n}}}]"
        for n in range(GROUPS))
    buyers = ", ".join(f"{{name: 采购{n}, openid: buyer-{n}}}" for n in range(BUYERS))
    return (f"township: 测试镇\nvillages:\n  - name: 麻城村\n"
            f"    officials: [{{name: 颜昌琪, openid: o_yan}}]\n    farmers: [{{name: 李佰飞}}]\n"
            f"{villages}\ncanteens:\n  - name: 食堂\n    buyers: [{buyers}]\n")


def prepare(db: Database, fake: httpx.Client) -> None:
    with db.transaction() as session:
        import_roster(session, load(roster()))
        for n in range(BUYERS):
            oa_customer.user_wrote(session, openid=f"buyer-{n}")
            fake.post(f"/_fake/users/buyer-{n}/wrote").raise_for_status()
        people = {p.name: p for p in session.exec(select(Person))}
        catalog.create(session, author=people["颜昌琪"], farmer=people["李佰飞"],
                       product="西兰花", unit="斤", quantity=Decimal(10000), price_fen=250)


def pending(db: Database) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(OutboundMessage).where(
            OutboundMessage.topic == "listing:1", OutboundMessage.status != Status.sent)).one()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def fake_platform() -> Iterator[httpx.Client]:
    """The fake platform in a process of its own, so its memory is not counted as ours."""
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "zhunong"), "fake-wechat",
                                "--port", str(port), "--latency-ms", str(LATENCY_MS)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.TransportError):
                if client.get("/_fake/health").status_code == 200:
                    break
            time.sleep(0.05)
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder, fake_platform() as fake:
        url = f"sqlite:///{folder}/bench.db"
        migrations.upgrade(url)
        db = Database(url)
        prepare(db, fake)
        base = str(fake.base_url)
        settings = Settings(_env_file=None, database_url=url, wechat_api_base=base,
                            wecom_webhook_base=base, wechat_app_id=APP_ID,
                            wechat_app_secret=APP_SECRET)
        send = Dispatcher.from_settings(settings, db, render_card=broadcast.card_png).send
        before = rss_mb()
        started = time.perf_counter()
        while pending(db) and time.perf_counter() - started < 60:
            outbound.drain(db, send, threads=THREADS)
        seconds = time.perf_counter() - started
        growth = rss_mb() - before
        left = pending(db)
        calls = fake.get("/_fake/requests", params={"prefix": "/cgi-bin/webhook"}).json()
        robots = sum(1 for call in calls if call["errcode"] == 0)
        customers = len(fake.get("/_fake/received", params={"kind": "custom"}).json())
    print(f"broadcast: {GROUPS} groups + {BUYERS} buyers at {LATENCY_MS} ms a call")
    print(f"delivered: {robots} robot texts, {customers} customer messages, "
          f"{left} not yet sent")
    print(f"time: {seconds:.1f} s (target < {TARGET_SECONDS:.0f} s)")
    print(f"peak memory growth while sending: {growth:.1f} MB (target < {TARGET_GROWTH_MB} MB)")
    ok = not left and seconds < TARGET_SECONDS and growth < TARGET_GROWTH_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
