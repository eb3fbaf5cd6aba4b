"""Benchmark the console: with 100,000 orders in the database, the dashboard and the delivery
roster each render (over HTTP, through the whole app) in under 300 ms.

Run `python bench/console.py [--database-url URL]`; without a URL it fills a fresh SQLite file.
It exits non-zero when the median render of either page, for the admin or an official, is over
the target.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import select  # noqa: E402

ORDERS = 100_000
DAYS = 60
TARGET_MS = 300.0
RUNS = 7
SEED = 20200315


def fill(db) -> None:
    """The demo township, a listing per village, and 100,000 orders over 60 days.

    Listings go through the catalog service. The orders are written in bulk, row for row as
    the orders service writes them (the order, and its ordered / delivered / paid / cancelled
    ledger entries): placing 100,000 one by one would take the benchmark longer than it
    measures anything.
    """
    from catalog import service as catalog
    from core.clock import utcnow
    from orders.models import LedgerEntry, Order
    from roster.importer import import_roster, load
    from roster.models import Person, Role, Village

    rng = random.Random(SEED)
    with db.transaction() as session:
        import_roster(session, load((ROOT / "examples" / "huangtuling.yaml").read_text("utf-8")))
        author = session.exec(select(Person).where(Person.role == Role.admin)).first()
        listings = []
        for village in session.exec(select(Village).order_by(Village.id)).all():
            farmer = Person(name=f"{village.name}农户", role=Role.farmer, village_id=village.id,
                            township_id=village.township_id)
            session.add(farmer)
            session.flush()
            product = rng.choice(["西蓝花", "白菜", "土豆"])
            listings.append(catalog.create(
                session, author=author, farmer=farmer, product=product, unit="斤",
                quantity=Decimal(10_000_000), price_fen=rng.choice([150, 250, 320])))
        buyers = session.exec(select(Person).where(Person.role.in_(
            [Role.buyer, Role.villager, Role.official]))).all()
        township = listings[0].township_id
    now = utcnow()
    orders, entries = [], []
    for code in range(1, ORDERS + 1):
        listing, buyer = rng.choice(listings), rng.choice(buyers)
        quantity = Decimal(rng.randint(5, 400))
        amount = int(quantity * listing.price_fen)
        created = now - timedelta(minutes=rng.randint(0, DAYS * 24 * 60))
        orders.append(dict(id=code, township_id=township, code=code, listing_id=listing.id,
                           buyer_id=buyer.id, quantity=quantity, price_fen=listing.price_fen,
                           amount_fen=amount, status="open", note="", created_at=created))
        entries.extend(_history(rng, orders[-1], listing.farmer_id, now))
    with db.transaction() as session:
        session.execute(insert(Order), orders)
        session.execute(insert(LedgerEntry), entries)
    # What a database does after a bulk load (PostgreSQL's autovacuum does it by itself):
    # fresh statistics, so the planner knows the tables are large.
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def _history(rng, order: dict, farmer_id: int, now) -> list[dict]:
    """The ledger entries of one order, mutating it as the service would."""
    base = dict(order_id=order["id"], listing_id=order["listing_id"], buyer_id=order["buyer_id"],
                farmer_id=farmer_id, created_at=order["created_at"])
    rows = [dict(base, kind="ordered", quantity=order["quantity"],
                 ordered_fen=order["amount_fen"])]
    age = now - order["created_at"]
    fate = rng.random()
    if fate < 0.03:
        order["status"] = "cancelled"
        rows.append(dict(base, kind="cancelled", quantity=-order["quantity"],
                         ordered_fen=-order["amount_fen"]))
    elif age > timedelta(days=1) and fate < 0.9:
        weight = (order["quantity"] * Decimal(rng.uniform(0.95, 1.0))).quantize(Decimal("0.1"))
        fen = int((weight * order["price_fen"]).to_integral_value(ROUND_HALF_UP))
        order.update(status="delivered", delivered_quantity=weight, amount_fen=fen,
                     delivered_at=order["created_at"] + timedelta(days=1))
        rows.append(dict(base, kind="delivered", quantity=weight, delivered_fen=fen))
        if fate < 0.8:
            rows.append(dict(base, kind="paid", paid_fen=fen - rng.choice([0, 0, 0, 1, 5]),
                             method="微信"))
    return rows


def timed(client, path: str) -> list[float]:
    client.get(path)  # warm: templates compiled, caches filled
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        runs.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text[:500]
    return runs


def signed_in(app, db, name: str):
    with warnings.catch_warnings():  # the test client's own deprecation notice, not ours
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from console import sessions
    from roster.models import Person

    with db.transaction() as session:
        token = sessions.start(session, person=session.exec(
            select(Person).where(Person.name == name)).one())
    client = TestClient(app, base_url="http://zhunong.bench")
    client.cookies.set(sessions.SESSION_COOKIE, token, path="/console")
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    args = parser.parse_args()
    import migrations
    from core.app import create_app
    from core.database import Database
    from core.settings import Settings

    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.db"
        migrations.upgrade(url)
        db = Database(url)
        started = time.perf_counter()
        fill(db)
        print(f"filled {ORDERS:,} orders in {time.perf_counter() - started:.1f} s")
        app = create_app(Settings(_env_file=None, database_url=url), db, with_worker=False)
        failed = False
        for who in ("镇管理员", "颜昌琪"):
            client = signed_in(app, db, who)
            for path in ("/console", "/console/deliveries"):
                runs = timed(client, path)
                median = statistics.median(runs)
                verdict = "ok" if median <= TARGET_MS else "OVER TARGET"
                failed |= median > TARGET_MS
                print(f"{who:5} {path:20} median {median:6.1f} ms  worst {max(runs):6.1f} ms"
                      f"  (target {TARGET_MS:.0f} ms)  {verdict}")
        db.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
