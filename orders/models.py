"""Orders, and the append-only ledger of everything that moves goods or money."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from core.database import Thousandths


class OrderStatus(StrEnum):
    open = "open"
    delivered = "delivered"
    cancelled = "cancelled"


class Order(SQLModel, table=True):
    __tablename__ = "purchase_order"
    __table_args__ = (
        UniqueConstraint("township_id", "code"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # Covering indexes for the console's overview: sums per buyer, and per day and listing,
        # read from the index alone instead of from 100,000 scattered rows.
        Index("ix_purchase_order_buyer_due", "buyer_id", "status", "listing_id", "amount_fen"),
        Index("ix_purchase_order_day_sums", "created_at", "status", "listing_id", "quantity",
              "amount_fen"),
    )

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    code: int  # shown as D35
    listing_id: int = Field(foreign_key="listing.id", index=True)
    buyer_id: int = Field(foreign_key="person.id", index=True)
    quantity: Decimal = Field(sa_type=Thousandths)  # in the listing's unit
    price_fen: int
    amount_fen: int
    delivered_quantity: Decimal | None = Field(default=None, sa_type=Thousandths)
    status: OrderStatus = Field(default=OrderStatus.open, sa_type=String(16), index=True)
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    delivered_at: datetime | None = None


class EntryKind(StrEnum):
    ordered = "ordered"
    changed = "changed"
    cancelled = "cancelled"
    delivered = "delivered"
    paid = "paid"
    refunded = "refunded"


class LedgerEntry(SQLModel, table=True):
    """One event, never updated or deleted. Each column is a change to one running total."""

    __tablename__ = "ledger_entry"
    __table_args__ = (Index("ix_ledger_entry_buyer_paid", "buyer_id", "listing_id", "paid_fen"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: EntryKind = Field(sa_type=String(16))
    order_id: int = Field(foreign_key="purchase_order.id", index=True)
    listing_id: int = Field(foreign_key="listing.id", index=True)
    buyer_id: int = Field(foreign_key="person.id", index=True)
    farmer_id: int = Field(foreign_key="person.id", index=True)
    quantity: Decimal = Field(default=Decimal(0), sa_type=Thousandths)
    ordered_fen: int = 0  # what the order is for
    delivered_fen: int = 0  # what was delivered, by the delivered weight
    paid_fen: int = 0  # money received (negative for a refund)
    method: str | None = Field(default=None, max_length=16)  # 微信, 现金 ...
    author_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)
