"""The numbers of the dashboard, scoped to what the viewer may see, in three queries.

The last 14 days are read once, summed per local day and listing, and today's figures, the
chart and the top villages are all taken from that. Who owes what is summed from the order
rows (what is due) and the ledger (what was paid), each from a covering index: with 100,000
orders the page must still render in well under a third of a second. The statements and the
exports take every amount from the ledger, per order, as the API's balances do.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from catalog.models import Listing, ListingStatus
from console import periods
from console.access import Viewer, scoped
from core.outbound import OutboundMessage, Status
from orders.api import weight_in_jin
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Person, Village

CHART_DAYS = 14


@dataclass(frozen=True)
class Today:
    orders: int
    jin: Decimal
    amount_fen: int


@dataclass(frozen=True)
class Owed:
    id: int
    name: str
    outstanding_fen: int


@dataclass(frozen=True)
class Window:
    """Live orders of the last 14 days: (day, listing id) → quantity, count, amount."""

    days: list[date]
    sums: dict[tuple[str, int], tuple[Decimal, int, int]]
    listings: dict[int, tuple[str, Decimal | None, str]]  # unit, pack weight, village

    def jin(self, listing_id: int, quantity: Decimal) -> Decimal:
        unit, pack_jin, _ = self.listings[listing_id]
        return weight_in_jin(quantity, unit, pack_jin) or Decimal(0)


def open_listings(session: Session, viewer: Viewer) -> list[tuple[Listing, str]]:
    query = (select(Listing, Village.name).join(Village, Village.id == Listing.village_id)
             .where(Listing.status.in_([ListingStatus.open, ListingStatus.draft]))
             .order_by(Listing.code.desc()))
    return list(session.exec(scoped(viewer, query, Listing)))


def window(session: Session, viewer: Viewer) -> Window:
    first = periods.today() - timedelta(days=CHART_DAYS - 1)
    day = periods.local_day(Order.created_at)
    query = (
        select(day, Order.listing_id, func.sum(Order.quantity), func.count(),
               func.sum(Order.amount_fen))
        .where(Order.created_at >= periods.start_of(first),
               Order.status != OrderStatus.cancelled)
        .group_by(day, Order.listing_id)
    )
    sums = {(when, listing): (quantity, count, int(fen))
            for when, listing, quantity, count, fen in session.exec(scoped(viewer, query, Order))}
    listings = {
        listing_id: (unit, pack_jin, village) for listing_id, unit, pack_jin, village in
        session.exec(select(Listing.id, Listing.unit, Listing.pack_jin, Village.name)
                     .join(Village, Village.id == Listing.village_id)
                     .where(Listing.id.in_({listing for _, listing in sums})))
    }
    return Window([first + timedelta(days=n) for n in range(CHART_DAYS)], sums, listings)


def today(data: Window) -> Today:
    key = periods.today().isoformat()
    picked = [(listing, values) for (when, listing), values in data.sums.items() if when == key]
    return Today(sum(count for _, (_, count, _) in picked),
                 sum((data.jin(listing, q) for listing, (q, _, _) in picked), Decimal(0)),
                 sum(fen for _, (_, _, fen) in picked))


def jin_per_day(data: Window) -> list[tuple[date, Decimal]]:
    """斤 ordered on each day of the window, oldest first, days without orders as zero."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (when, listing), (quantity, _, _) in data.sums.items():
        totals[when] += data.jin(listing, quantity)
    return [(d, totals.get(d.isoformat(), Decimal(0))) for d in data.days]


def top_villages(data: Window, limit: int = 5) -> list[tuple[str, Decimal]]:
    """The villages whose produce sold most over the window, by 斤."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (_, listing), (quantity, _, _) in data.sums.items():
        totals[data.listings[listing][2]] += data.jin(listing, quantity)
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return [item for item in ranked if item[1] > 0][:limit]


def unpaid(session: Session, viewer: Viewer) -> list[Owed]:
    """Buyers who still owe, most first.

    What is due is each live order's amount (the delivered amount once delivered, the
    services keep it so), what was paid comes from the ledger; the difference is the ledger
    balance's outstanding_fen, which the tests hold the two to.
    """
    due = scoped(viewer, select(Order.buyer_id, func.sum(Order.amount_fen))
                 .where(Order.status != OrderStatus.cancelled).group_by(Order.buyer_id), Order)
    paid = scoped(viewer, select(LedgerEntry.buyer_id, func.sum(LedgerEntry.paid_fen))
                  .group_by(LedgerEntry.buyer_id), LedgerEntry)
    owed: dict[int, int] = defaultdict(int)
    for buyer, fen in session.exec(due):
        owed[buyer] += int(fen)
    for buyer, fen in session.exec(paid):
        owed[buyer] -= int(fen)
    names = dict(session.exec(select(Person.id, Person.name).where(
        Person.id.in_([buyer for buyer, fen in owed.items() if fen > 0]))).all())
    found = [Owed(buyer, names[buyer], fen) for buyer, fen in owed.items() if fen > 0]
    return sorted(found, key=lambda owed_by: owed_by.outstanding_fen, reverse=True)


def failed_deliveries(session: Session, viewer: Viewer,
                      limit: int = 10) -> list[OutboundMessage]:
    query = (select(OutboundMessage).where(OutboundMessage.status == Status.failed)
             .order_by(OutboundMessage.id.desc()).limit(limit))
    return list(session.exec(scoped(viewer, query, OutboundMessage)))
