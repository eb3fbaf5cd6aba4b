"""The numbers of the dashboard, each one aggregate query, scoped to what the viewer may see."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from catalog.models import Listing, ListingStatus
from console import periods
from console.access import Viewer, scoped, visible
from core.outbound import OutboundMessage, Status
from orders.api import weight_in_jin
from orders.balances import Balance, balances
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Village

CHART_DAYS = 14


@dataclass(frozen=True)
class Today:
    orders: int
    jin: Decimal
    amount_fen: int


def open_listings(session: Session, viewer: Viewer) -> list[tuple[Listing, str]]:
    query = (select(Listing, Village.name).join(Village, Village.id == Listing.village_id)
             .where(Listing.status.in_([ListingStatus.open, ListingStatus.draft]))
             .order_by(Listing.code.desc()))
    return list(session.exec(scoped(viewer, query, Listing)))


def today(session: Session, viewer: Viewer) -> Today:
    start = periods.start_of(periods.today())
    rows = session.exec(scoped(viewer, _weights().where(Order.created_at >= start), Order))
    count, jin, fen = 0, Decimal(0), 0
    for quantity, unit, pack_jin, orders, amount in rows:
        count, fen = count + orders, fen + int(amount)
        jin += weight_in_jin(quantity, unit, pack_jin) or 0
    return Today(count, jin, fen)


def _weights(*columns):
    """Ordered quantity per listing unit (and any extra grouping), live orders only."""
    return (
        select(func.sum(Order.quantity), Listing.unit, Listing.pack_jin, func.count(Order.id),
               func.sum(Order.amount_fen), *columns)
        .join(Listing, Listing.id == Order.listing_id)
        .where(Order.status != OrderStatus.cancelled)
        .group_by(Listing.unit, Listing.pack_jin, *columns)
    )


def jin_per_day(session: Session, viewer: Viewer) -> list[tuple[date, Decimal]]:
    """斤 ordered on each of the last 14 days, oldest first, days without orders as zero."""
    first = periods.today() - timedelta(days=CHART_DAYS - 1)
    day = periods.local_day(Order.created_at)
    query = _weights(day).where(Order.created_at >= periods.start_of(first))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for quantity, unit, pack_jin, _count, _fen, when in session.exec(scoped(viewer, query, Order)):
        totals[when] += weight_in_jin(quantity, unit, pack_jin) or 0
    days = [first + timedelta(days=n) for n in range(CHART_DAYS)]
    return [(d, totals.get(d.isoformat(), Decimal(0))) for d in days]


def top_villages(session: Session, viewer: Viewer, limit: int = 5) -> list[tuple[str, Decimal]]:
    """The villages whose produce sold most over the chart's days, by 斤."""
    first = periods.today() - timedelta(days=CHART_DAYS - 1)
    query = (_weights(Village.name).join(Village, Village.id == Listing.village_id)
             .where(Order.created_at >= periods.start_of(first)))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for quantity, unit, pack_jin, _count, _fen, name in session.exec(scoped(viewer, query, Order)):
        totals[name] += weight_in_jin(quantity, unit, pack_jin) or 0
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return [item for item in ranked if item[1] > 0][:limit]


def unpaid(session: Session, viewer: Viewer) -> list[Balance]:
    """Buyers who still owe, most first (from the ledger, as the API sums it)."""
    owed = balances(session, township_id=viewer.township_id,
                    entries=visible(viewer, LedgerEntry)).buyers
    return sorted((b for b in owed if b.outstanding_fen > 0),
                  key=lambda b: b.outstanding_fen, reverse=True)


def failed_deliveries(session: Session, viewer: Viewer,
                      limit: int = 10) -> list[OutboundMessage]:
    query = (select(OutboundMessage).where(OutboundMessage.status == Status.failed)
             .order_by(OutboundMessage.id.desc()).limit(limit))
    return list(session.exec(scoped(viewer, query, OutboundMessage)))
