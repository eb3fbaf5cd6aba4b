"""Listings and their broadcast, read through the JSON API."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import Session, select

from catalog import broadcast
from catalog import service as catalog
from catalog.errors import UnknownListing
from catalog.models import Listing, ListingStatus
from core.api_errors import NOT_FOUND, UNAUTHORIZED
from core.auth import ApiClient
from core.deps import IdPath, PageDep, SessionDep
from core.outbound import OutboundMessage, Status
from core.quantities import Quantity
from roster.models import Person, Village

router = APIRouter(prefix="/api/listings", tags=["listings"], responses=UNAUTHORIZED)

PublicStatus = Literal["draft", "open", "closed", "sold_out"]
# A draft the village official turned down is, to anyone outside, a listing that is closed.
_SHOWN_AS = {ListingStatus.rejected: "closed"}
_STORED_AS = {"closed": [ListingStatus.closed, ListingStatus.rejected]}


class ListingPublic(BaseModel):
    id: int
    code: int = Field(description="What people type to order: 订12")
    product: str
    unit: str = Field(description="斤 for produce sold by weight, else a count unit (箱, 袋 ...)")
    quantity: Quantity = Field(description="Listed, in the listing's unit")
    remaining: Quantity = Field(description="Still for sale, in the listing's unit")
    price_fen: int = Field(description="Per unit, in fen")
    status: PublicStatus = Field(
        description="draft, open, closed or sold_out; a draft turned down by the village "
                    "official (rejected) is shown as closed")
    farmer: str
    farmer_id: int
    village: str
    village_id: int


class DeliveryPublic(BaseModel):
    target: str = Field(description="The village group's or the buyer's name")
    channel: str
    status: Status = Field(description="sent once delivered, else pending or failed")
    attempts: int


def _public(listing: Listing, farmer: str, village: str) -> ListingPublic:
    return ListingPublic(
        id=listing.id, code=listing.code, product=listing.product, unit=listing.unit,
        quantity=listing.quantity, remaining=listing.remaining, price_fen=listing.price_fen,
        status=_SHOWN_AS.get(listing.status, listing.status), farmer=farmer,
        farmer_id=listing.farmer_id, village=village, village_id=listing.village_id,
    )


def _with_names():
    return (
        select(Listing, Person.name, Village.name)
        .join(Person, Listing.farmer_id == Person.id)
        .join(Village, Listing.village_id == Village.id)
    )


@router.get("", response_model=list[ListingPublic])
def list_listings(
    client: ApiClient, session: SessionDep, page: PageDep, status: PublicStatus | None = None,
) -> list[ListingPublic]:
    query = _with_names().order_by(Listing.id)
    if status is not None:
        query = query.where(Listing.status.in_(_STORED_AS.get(status, [status])))
    return [_public(*row) for row in session.exec(page.of(query))]


@router.get("/{listing_id}", response_model=ListingPublic, responses=NOT_FOUND)
def get_listing(client: ApiClient, session: SessionDep, listing_id: IdPath) -> ListingPublic:
    return _public(*_named(session, listing_id))


@router.get("/{listing_id}/deliveries", response_model=list[DeliveryPublic],
            responses=NOT_FOUND)
def list_deliveries(
    client: ApiClient, session: SessionDep, page: PageDep, listing_id: IdPath,
) -> list[DeliveryPublic]:
    listing = catalog.get(session, listing_id=listing_id)
    query = (select(OutboundMessage).where(OutboundMessage.topic == broadcast.topic(listing))
             .order_by(OutboundMessage.id))
    return [
        DeliveryPublic(target=m.target_name, channel=m.channel, status=m.status,
                       attempts=m.attempts)
        for m in session.exec(page.of(query))
    ]


def _named(session: Session, listing_id: int) -> tuple[Listing, str, str]:
    row = session.exec(_with_names().where(Listing.id == listing_id)).first()
    if row is None:
        raise UnknownListing(listing_id)
    return row
