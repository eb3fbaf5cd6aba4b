"""After every run: no listing oversold, no order lost or doubled, every message stored once."""

import time
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from catalog.models import Listing
from core.database import Database
from orders.models import EntryKind, LedgerEntry, Order, OrderStatus
from webhooks.models import InboundMessage, InboundStatus

SETTLE_SECONDS = 120.0


@dataclass(frozen=True)
class Counts:
    orders: int
    cancelled: int
    ordered_entries: int
    inbound: int


def counts(db: Database) -> Counts:
    with db.session() as session:
        def count(model, *where) -> int:
            return session.exec(select(func.count()).select_from(model).where(*where)).one()

        return Counts(
            orders=count(Order),
            cancelled=count(Order, Order.status == OrderStatus.cancelled),
            ordered_entries=count(LedgerEntry, LedgerEntry.kind == EntryKind.ordered),
            inbound=count(InboundMessage),
        )


def settle(db: Database, seconds: float = SETTLE_SECONDS) -> int:
    """Wait for replies still being written after WeChat got "success"; returns how many are
    left unhandled when the wait runs out (0 when everything was handled)."""
    deadline = time.monotonic() + seconds
    while True:
        with db.session() as session:
            waiting = session.exec(select(func.count()).select_from(InboundMessage).where(
                InboundMessage.status == InboundStatus.received)).one()
        if not waiting or time.monotonic() > deadline:
            return waiting
        time.sleep(0.2)


def oversold(db: Database) -> list[str]:
    """Listings whose stock went below zero or does not match what their orders reserve."""
    problems = []
    with db.session() as session:
        for listing in session.exec(select(Listing)):
            reserved = session.exec(select(func.coalesce(func.sum(Order.quantity), 0)).where(
                Order.listing_id == listing.id, Order.status != OrderStatus.cancelled)).one()
            reserved_jin = reserved / 1000 if isinstance(reserved, int) else reserved
            if listing.remaining < 0 or listing.quantity - listing.remaining != reserved_jin:
                problems.append(f"listing {listing.code}: {listing.quantity} listed, "
                                f"{listing.remaining} left, {reserved_jin} reserved by orders")
    return problems


def verify(db: Database, before: Counts, *, orders: int, cancels: int,
           distinct: int) -> list[str]:
    """Every problem found, in words; an empty list means the run was correct."""
    unhandled = settle(db)
    after = counts(db)
    problems = oversold(db)
    if unhandled:
        problems.append(f"{unhandled} messages never handled")
    added = after.orders - before.orders
    if added != orders:
        problems.append(f"{added} orders placed, {orders} expected (lost or doubled)")
    if after.ordered_entries - before.ordered_entries != orders:
        problems.append(f"{after.ordered_entries - before.ordered_entries} ledger entries "
                        f"for {orders} orders")
    if after.cancelled - before.cancelled != cancels:
        problems.append(f"{after.cancelled - before.cancelled} cancelled, {cancels} expected")
    if after.inbound - before.inbound != distinct:
        problems.append(f"{after.inbound - before.inbound} messages stored, {distinct} sent")
    return problems
