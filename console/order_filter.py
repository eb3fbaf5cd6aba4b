"""Which orders a page or an export is about: the filters officials pick, as one query."""

from dataclasses import dataclass, fields
from datetime import date

from fastapi import Request
from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select
from sqlmodel import Session, select

from catalog.models import Listing
from console import forms, periods
from console.access import Viewer, scoped
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Canteen, Person, Village

BuyerVillage = aliased(Village, name="buyer_village")


@dataclass(frozen=True)
class OrderFilter:
    listing: int | None = None
    village: int | None = None  # where the buyer lives: where the order is taken to
    canteen: int | None = None
    buyer: int | None = None
    status: str = ""
    first: date | None = None  # placed on or after this local day
    last: date | None = None  # ... and on or before this one

    @classmethod
    def of(cls, request: Request) -> "OrderFilter":
        params = request.query_params

        def number(name: str) -> int | None:
            return forms.row_id(params.get(name, ""))

        status = params.get("status", "")
        return cls(
            listing=number("listing"), village=number("village"), canteen=number("canteen"),
            buyer=number("buyer"), status=status if status in OrderStatus.__members__ else "",
            first=periods.parse_day(params.get("first")),
            last=periods.parse_day(params.get("last")),
        )

    def query_string(self) -> str:
        """The filters as they came, for links to the next page and to the exports."""
        pairs = []
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in (None, ""):
                pairs.append(f"{field.name}={value}")
        return "&".join(pairs)

    def where(self, query: Select) -> Select:
        """The filters on a query that already joins Order, Listing and the buyer (Person)."""
        conditions = [
            (self.listing, lambda v: Order.listing_id == v),
            (self.village, lambda v: Person.village_id == v),
            (self.canteen, lambda v: Person.canteen_id == v),
            (self.buyer, lambda v: Order.buyer_id == v),
            (self.status, lambda v: Order.status == v),
            (self.first, lambda v: Order.created_at >= periods.start_of(v)),
            (self.last, lambda v: Order.created_at < periods.Period(v, v).end),
        ]
        for value, condition in conditions:
            if value not in (None, ""):
                query = query.where(condition(value))
        return query


def rows(viewer: Viewer, chosen: OrderFilter) -> Select:
    """Order, its listing, its buyer and where the buyer is, newest first, as the viewer may."""
    query = (
        select(Order, Listing, Person, BuyerVillage.name, Canteen.name)
        .join(Listing, Listing.id == Order.listing_id)
        .join(Person, Person.id == Order.buyer_id)
        .outerjoin(BuyerVillage, BuyerVillage.id == Person.village_id)
        .outerjoin(Canteen, Canteen.id == Person.canteen_id)
    )
    return scoped(viewer, chosen.where(query), Order)


def count(session: Session, viewer: Viewer, chosen: OrderFilter) -> int:
    query = (select(func.count(Order.id)).join(Listing, Listing.id == Order.listing_id)
             .join(Person, Person.id == Order.buyer_id))
    return session.exec(scoped(viewer, chosen.where(query), Order)).one()


def paid(session: Session, order_ids: list[int]) -> dict[int, int]:
    """Money received per order (refunds netted out), from the ledger."""
    if not order_ids:
        return {}
    query = (select(LedgerEntry.order_id, func.sum(LedgerEntry.paid_fen))
             .where(LedgerEntry.order_id.in_(order_ids)).group_by(LedgerEntry.order_id))
    return {order_id: int(total) for order_id, total in session.exec(query)}
