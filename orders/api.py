"""Orders and the ledger's balances, read through the JSON API."""

from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import select

from catalog.models import Listing
from core.api_errors import UNAUTHORIZED
from core.auth import ApiClient
from core.deps import IdQuery, PageDep, SessionDep
from core.quantities import Quantity
from orders.balances import balances
from orders.models import Order, OrderStatus
from roster.models import Person

router = APIRouter(prefix="/api", responses=UNAUTHORIZED)

JIN = "斤"  # the unit of weight every listing sold by weight is in


class OrderPublic(BaseModel):
    id: int
    code: str = Field(description="What people see and type, e.g. D35", examples=["D35"])
    listing_id: int
    buyer: str
    buyer_id: int
    quantity: Quantity = Field(description="Ordered, in the listing's unit")
    delivered_quantity: Quantity | None = Field(
        description="Delivered (weighed) amount in the listing's unit; null until delivered")
    unit: str = Field(description="The listing's unit")
    jin: Quantity | None = Field(
        description="The ordered weight in 斤: the quantity for a 斤 listing, quantity × the "
                    "pack weight for a count unit whose pack weight is known, else null")
    amount_fen: int = Field(description="What the order costs: by the delivered amount once "
                                        "delivered")
    status: OrderStatus


class BalancePublic(BaseModel):
    name: str
    id: int
    village: str | None
    village_id: int | None
    ordered_fen: int = Field(description="Σ of the live orders' amounts; cancellations subtract")
    delivered_fen: int = Field(description="Σ of the delivered amounts, by the weighed amounts")
    paid_fen: int = Field(description="Σ of payments less refunds")
    outstanding_fen: int = Field(description="Σ over the orders of the delivered amount (or, "
                                             "before delivery, the ordered amount) − paid_fen")


class BalancesPublic(BaseModel):
    buyers: list[BalancePublic]
    farmers: list[BalancePublic] = Field(description="The same sums over their listings' orders")


def weight_in_jin(quantity: Decimal, unit: str, pack_jin: Decimal | None) -> Decimal | None:
    if unit == JIN:
        return quantity
    return None if pack_jin is None else quantity * pack_jin


def _public(order: Order, buyer: str, unit: str, pack_jin: Decimal | None) -> OrderPublic:
    return OrderPublic(
        id=order.id, code=f"D{order.code}", listing_id=order.listing_id, buyer=buyer,
        buyer_id=order.buyer_id, quantity=order.quantity,
        delivered_quantity=order.delivered_quantity, unit=unit,
        jin=weight_in_jin(order.quantity, unit, pack_jin), amount_fen=order.amount_fen,
        status=order.status,
    )


@router.get("/orders", response_model=list[OrderPublic], tags=["orders"])
def list_orders(
    client: ApiClient, session: SessionDep, page: PageDep, listing: IdQuery = None,
    buyer: IdQuery = None, status: OrderStatus | None = None,
) -> list[OrderPublic]:
    query = (
        select(Order, Person.name, Listing.unit, Listing.pack_jin)
        .join(Person, Order.buyer_id == Person.id)
        .join(Listing, Order.listing_id == Listing.id)
        .order_by(Order.id)
    )
    if listing is not None:
        query = query.where(Order.listing_id == listing)
    if buyer is not None:
        query = query.where(Order.buyer_id == buyer)
    if status is not None:
        query = query.where(Order.status == status)
    return [_public(*row) for row in session.exec(page.of(query))]


@router.get("/ledger/balances", response_model=BalancesPublic, tags=["ledger"])
def get_balances(
    client: ApiClient, session: SessionDep, township: IdQuery = None,
) -> BalancesPublic:
    """Per buyer and per farmer with at least one ledger entry, summed from the ledger."""
    return BalancesPublic.model_validate(balances(session, township_id=township),
                                         from_attributes=True)
