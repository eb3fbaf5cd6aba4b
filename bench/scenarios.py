"""What the load is: a township that has just broadcast, and the replies that come back.

The demo township is imported and three listings are published with plenty of stock. Buyers
are WeChat users the roster does not know: they order at once and are then asked their name,
which is what a broadcast's replies look like. Each scenario says how many orders and
cancellations it should leave behind, so the run can check that none was lost or doubled.
"""

import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlmodel import select

from bench.loadgen import Message, Script
from catalog import service as catalog
from core.database import Database
from orders import service as orders
from roster.importer import import_roster, load
from roster.models import Person, Role

ROSTER = Path(__file__).resolve().parent.parent / "examples" / "huangtuling.yaml"
PRODUCTS = ("西蓝花", "土豆", "白菜")
STOCK = Decimal(100_000_000)
CANCELLERS = 2_000
JIELONG_OFFICIALS = ("demo_yanchangqi", "demo_jiaoxiangping")
JIELONG_LIST = "#接龙\n1. 张三 2斤\n2. 李四 3斤\n3. 王五 1斤"
_ids = itertools.count(7_000_000_000_000_000)


@dataclass
class Scenario:
    name: str
    connections: int
    scripts: list[Script]
    orders: int = 0  # orders it must add, exactly
    cancels: int = 0  # orders it must cancel, exactly
    distinct: int = 0  # messages the server must store, once each
    note: str = ""

    @property
    def requests(self) -> int:
        return sum(len(script) for script in self.scripts)


@dataclass
class Township:
    """What the scenarios refer to: listing codes and orders that may be cancelled."""

    listing_codes: list[int]
    cancellable: list[tuple[str, int]] = field(default_factory=list)  # (openid, order code)


def prepare(db: Database, cancellers: int = CANCELLERS) -> Township:
    with db.transaction() as session:
        import_roster(session, load(ROSTER.read_text(encoding="utf-8")))
        people = {p.name: p for p in session.exec(select(Person))}
        listings = [catalog.create(session, author=people["颜昌琪"], farmer=people["李佰飞"],
                                   product=product, unit="斤", quantity=STOCK, price_fen=250,
                                   fulfilment="村部自提") for product in PRODUCTS]
        township = Township([listing.code for listing in listings])
        village_id = people["王桂兰"].village_id
        for n in range(cancellers):
            buyer = Person(township_id=listings[0].township_id, village_id=village_id,
                           role=Role.villager, name=f"压测{n}", openid=f"bench_cancel_{n}")
            session.add(buyer)
            session.flush()
            placed = orders.place(session, listing=listings[n % 3], buyer=buyer,
                                  quantity=Decimal(1))
            township.cancellable.append((buyer.openid, placed.code))
    return township


def _message(openid: str, text: str) -> Message:
    return Message(openid, text, next(_ids))


def _order(township: Township, openid: str, n: int, amount: int = 1) -> Script:
    code = township.listing_codes[n % len(township.listing_codes)]
    return [_message(openid, f"订{code} {amount}斤")]


def ordering(township: Township, count: int, connections: int, buyers: int = 1000,
             prefix: str = "bench_buyer") -> Scenario:
    """(a) Orders from `buyers` people, each ordering again and again."""
    scripts = [_order(township, f"{prefix}_{n % buyers}", n) for n in range(count)]
    return Scenario("orders", connections, scripts, orders=count, distinct=count)


def burst(township: Township, count: int, connections: int) -> Scenario:
    """(d) `count` people who have never written before, each ordering once."""
    scripts = [_order(township, f"bench_burst_{n}", 0) for n in range(count)]
    return Scenario("burst", connections, scripts, orders=count, distinct=count)


def retry_storm(township: Township, count: int, connections: int) -> Scenario:
    """(c) Every order arrives three times at once, as WeChat retries a slow answer."""
    scripts = []
    for n in range(count):
        [message] = _order(township, f"bench_retry_{n % 500}", n)
        scripts += [[message], [message], [message]]
    return Scenario("retry x3", connections, scripts, orders=count, distinct=count)


def mix(township: Township, count: int, connections: int, seed: int = 7) -> Scenario:
    """(b) What a broadcast brings: orders, questions, help, cancellations and 接龙 imports."""
    chooser = random.Random(seed)
    scripts: list[Script] = []
    scenario = Scenario("mix", connections, scripts)
    jielong = {openid: [] for openid in JIELONG_OFFICIALS}
    officials = itertools.cycle(JIELONG_OFFICIALS)
    while sum(len(s) for s in scripts) + sum(len(s) for s in jielong.values()) < count:
        roll, buyer = chooser.random(), f"bench_mix_{chooser.randrange(500)}"
        if roll < 0.5:
            scripts.append(_order(township, buyer, chooser.randrange(3), 2))
            scenario.orders += 1
        elif roll < 0.65:
            scripts.append([_message(buyer, chooser.choice(("还有西兰花吗", "有土豆卖吗")))])
        elif roll < 0.7:
            scripts.append([_message(buyer, "我的订单")])
        elif roll < 0.8:
            scripts.append([_message(buyer, "帮助")])
        elif roll < 0.9 and township.cancellable:
            openid, code = township.cancellable.pop()
            scripts.append([_message(openid, f"取消 D{code}")])
            scenario.cancels += 1
        else:
            official = next(officials)
            jielong[official] += _jielong_import(township, official)
            scenario.orders += 3
    # Each official's imports are one script: their dialog steps must not overtake each other.
    scenario.scripts[:0] = [script for script in jielong.values() if script]
    scenario.distinct = scenario.requests
    return scenario


def _jielong_import(township: Township, official: str) -> list[Message]:
    code = township.listing_codes[0]
    return [_message(official, text) for text in (f"导入接龙 {code}", JIELONG_LIST, "确认")]
