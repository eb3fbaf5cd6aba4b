"""Statements from the ledger: a canteen's 对账单 and what each farmer's produce earned.

Both count the orders placed within the period (cancelled ones net to nothing) and take every
amount from the append-only ledger, summed per order as the API's balances are: what is due is
the delivered amount once delivered, else the ordered amount.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, select

from catalog.models import Listing
from console.access import Viewer, scoped
from console.periods import Period
from orders.models import EntryKind, LedgerEntry, Order, OrderStatus
from roster.models import Canteen, Person, Village


@dataclass(frozen=True)
class StatementLine:
    order: Order
    listing: Listing
    buyer: str
    quantity: Decimal  # delivered (weighed) once delivered, else ordered
    due_fen: int
    paid_fen: int


@dataclass(frozen=True)
class Statement:
    canteen: Canteen
    period: Period
    lines: list[StatementLine]

    @property
    def due_fen(self) -> int:
        return sum(line.due_fen for line in self.lines)

    @property
    def paid_fen(self) -> int:
        return sum(line.paid_fen for line in self.lines)

    @property
    def outstanding_fen(self) -> int:
        return self.due_fen - self.paid_fen


def _in_period(period: Period) -> ColumnElement[bool]:
    return (Order.created_at >= period.start) & (Order.created_at < period.end)


def ledger_by_order(session: Session, order_ids) -> dict[int, tuple[int, int]]:
    """(due, paid) in fen per order, from its ledger entries."""
    delivered = func.max(case((LedgerEntry.kind == EntryKind.delivered, 1), else_=0))
    query = (select(LedgerEntry.order_id, func.sum(LedgerEntry.ordered_fen),
                    func.sum(LedgerEntry.delivered_fen), func.sum(LedgerEntry.paid_fen), delivered)
             .where(LedgerEntry.order_id.in_(order_ids)).group_by(LedgerEntry.order_id))
    return {order_id: (int(done_fen if is_done else ordered), int(paid))
            for order_id, ordered, done_fen, paid, is_done in session.exec(query)}


def statement(session: Session, viewer: Viewer, canteen: Canteen, period: Period) -> Statement:
    query = scoped(viewer, (
        select(Order, Listing, Person.name)
        .join(Listing, Listing.id == Order.listing_id)
        .join(Person, Person.id == Order.buyer_id)
        .where(Person.canteen_id == canteen.id, _in_period(period))
        .order_by(Order.created_at, Order.id)
    ), Order)
    rows = session.exec(query).all()
    money = ledger_by_order(session, [order.id for order, _, _ in rows])
    lines = [
        StatementLine(order, listing, buyer,
                      order.delivered_quantity if order.delivered_quantity is not None
                      else order.quantity, *money.get(order.id, (0, 0)))
        for order, listing, buyer in rows
    ]
    # A cancelled order is left out unless money moved on it (paid, then cancelled).
    kept = [line for line in lines
            if line.order.status != OrderStatus.cancelled or line.paid_fen or line.due_fen]
    return Statement(canteen, period, kept)


@dataclass(frozen=True)
class PayoutLine:
    listing: Listing
    orders: int
    delivered_quantity: Decimal
    ordered_fen: int  # live orders, as ordered
    delivered_fen: int  # by the weighed amounts: what the farmer's produce earned
    paid_fen: int  # what buyers have paid for it so far


@dataclass(frozen=True)
class Payout:
    farmer: Person
    village: str
    lines: list[PayoutLine]

    def total(self, name: str):
        return sum(getattr(line, name) for line in self.lines)


def payouts(session: Session, viewer: Viewer, period: Period) -> list[Payout]:
    """Per farmer and listing, the sums of the ledger over the orders placed in the period.

    Cancelled orders stay in: their amounts net to nothing, but money taken before the
    cancellation still counts, as it does in the API's balances.
    """
    delivered_quantity = func.sum(case((LedgerEntry.kind == EntryKind.delivered,
                                        LedgerEntry.quantity), else_=0))
    query = scoped(viewer, (
        select(LedgerEntry.listing_id, func.count(func.distinct(LedgerEntry.order_id)),
               delivered_quantity, func.sum(LedgerEntry.ordered_fen),
               func.sum(LedgerEntry.delivered_fen), func.sum(LedgerEntry.paid_fen))
        .join(Order, Order.id == LedgerEntry.order_id)
        .where(_in_period(period))
        .group_by(LedgerEntry.listing_id)
    ), LedgerEntry)
    sums = {row[0]: row[1:] for row in session.exec(query)}
    listings = session.exec(
        select(Listing, Person, Village.name).join(Person, Person.id == Listing.farmer_id)
        .join(Village, Village.id == Listing.village_id)
        .where(Listing.id.in_(list(sums))).order_by(Village.id, Person.id, Listing.code)
    ).all()
    result: dict[int, Payout] = {}
    for listing, farmer, village in listings:
        count, quantity, ordered, delivered, paid = sums[listing.id]
        payout = result.setdefault(farmer.id, Payout(farmer, village, []))
        payout.lines.append(PayoutLine(listing, int(count), quantity or Decimal(0),
                                       int(ordered), int(delivered), int(paid)))
    return list(result.values())
