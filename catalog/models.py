"""A farmer's listing: what is for sale, how much is left, at what price."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from core.database import Thousandths


class ListingStatus(StrEnum):
    draft = "draft"  # a farmer's own listing, waiting for the village official
    open = "open"
    closed = "closed"
    sold_out = "sold_out"
    rejected = "rejected"


class Listing(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("township_id", "code"),
        CheckConstraint("remaining >= 0", name="remaining_not_negative"),
        CheckConstraint("remaining <= quantity", name="remaining_within_quantity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    code: int  # what people type: 订12
    farmer_id: int = Field(foreign_key="person.id", index=True)
    village_id: int = Field(foreign_key="village.id", index=True)
    author_id: int = Field(foreign_key="person.id")
    product: str = Field(max_length=32)
    # 斤 for anything sold by weight; otherwise the count unit (箱, 袋, 把 ...).
    unit: str = Field(max_length=8)
    # The weight of one count unit when stated (每箱10斤), so orders in 斤 can be converted.
    pack_jin: Decimal | None = Field(default=None, sa_type=Thousandths)
    quantity: Decimal = Field(sa_type=Thousandths)
    remaining: Decimal = Field(sa_type=Thousandths)
    price_fen: int  # per unit
    fulfilment: str = Field(default="", max_length=100)  # 村部自提, 送货上门, 周三前 ...
    show_phone: bool = False
    status: ListingStatus = Field(default=ListingStatus.draft, sa_type=String(16), index=True)
    reason: str | None = Field(default=None, max_length=200)  # why a draft was turned down
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
