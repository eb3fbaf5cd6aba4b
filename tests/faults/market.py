"""A township with one open listing, and the audit that follows a fault.

Every buyer in these tests is a newcomer who orders once, so each order message has its own
openid and the audit can tell, per message, whether it became exactly one order.
"""

import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from sqlmodel import func, select

from bench import checks
from catalog import service as catalog
from catalog.models import Listing
from core.database import Database
from core.outbound import OutboundMessage, Status
from orders.models import EntryKind, LedgerEntry, Order
from roster.importer import import_roster, load
from roster.models import Person
from tests.faults.wechat_traffic import Message

ROSTER = Path(__file__).resolve().parents[2] / "examples" / "huangtuling.yaml"
STOCK = Decimal(1_000_000)


def open_listing(db: Database) -> int:
    """Import the demo township and publish a listing with plenty of stock; its code."""
    with db.transaction() as session:
        import_roster(session, load(ROSTER.read_text(encoding="utf-8")))
        people = {person.name: person for person in session.exec(select(Person))}
        listing = catalog.create(session, author=people["颜昌琪"], farmer=people["李佰飞"],
                                 product="西兰花", unit="斤", quantity=STOCK, price_fen=250,
                                 fulfilment="村部自提")
        return listing.code


def order_messages(code: int, prefix: str, count: int) -> list[Message]:
    return [Message(f"{prefix}_{n}", f"订{code} 2斤") for n in range(count)]


def settle(db: Database) -> int:
    """How many stored messages are still unhandled after waiting up to 30 s for them."""
    return checks.settle(db, seconds=30)


def audit(db: Database, messages: list[Message]) -> list[str]:
    """Every way the database disagrees with what WeChat was told; empty when none."""
    with db.session() as session:
        per_buyer = Counter(session.exec(
            select(Person.openid).join(Order, Order.buyer_id == Person.id)).all())
        listing = session.exec(select(Listing)).one()
        reserved = sum(session.exec(select(Order.quantity)).all(), Decimal(0))
        entries = session.exec(select(func.count()).select_from(LedgerEntry).where(
            LedgerEntry.kind == EntryKind.ordered)).one()
    problems = [f"{openid} has {count} orders" for openid, count in per_buyer.items()
                if count > 1]
    problems += [f"{m.openid} was acknowledged ({m.statuses}) and has no order"
                 for m in messages if m.acknowledged and not per_buyer[m.openid]]
    orders = sum(per_buyer.values())
    acknowledged = sum(m.acknowledged for m in messages)
    if orders != acknowledged:  # an order nobody was told of, or one told of and missing
        problems.append(f"{orders} orders for {acknowledged} acknowledged order messages")
    if entries != orders:
        problems.append(f"{entries} ledger entries for {orders} orders")
    if listing.quantity - listing.remaining != reserved:
        problems.append(f"{listing.quantity - listing.remaining} taken from stock, "
                        f"{reserved} reserved by orders")
    return problems


def drained(db: Database, seconds: float = 30) -> int:
    """Wait for the outbox to empty; how many messages are still not sent at the end.

    News held back a minute to merge with what follows is made due at once (only what no
    worker has claimed yet), so the test does not wait out the minute."""
    with db.transaction() as session:
        for message in session.exec(select(OutboundMessage).where(
                OutboundMessage.status == Status.pending, OutboundMessage.attempts == 0)):
            message.send_after = min(message.send_after, message.created_at)
            session.add(message)
    deadline = time.monotonic() + seconds
    while True:
        with db.session() as session:
            unsent = session.exec(select(func.count()).select_from(OutboundMessage).where(
                OutboundMessage.status != Status.sent)).one()
        if not unsent or time.monotonic() > deadline:
            return unsent
        time.sleep(0.2)
