"""Listings: create, publish, reject, close, restock; and stock that is never oversold."""

from decimal import Decimal

from sqlalchemy import bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from catalog import broadcast
from catalog.errors import BadAmount, ListingNotOpen, NotEnoughStock, UnknownListing
from catalog.models import Listing, ListingStatus
from core import statements
from core.clock import utcnow
from core.counters import next_value
from core.statements import prepared
from roster.models import Person

# Over ¥1000 a unit is a typing slip (a price in fen, an extra zero), not a price.
MAX_PRICE_FEN = 100_000
# Quantities are stored in thousandths: anything finer is nothing. A hundred million units is
# beyond any township's harvest and keeps every sum far from the database's integer limits.
MIN_QUANTITY = Decimal("0.001")
MAX_QUANTITY = Decimal(100_000_000)


def get(session: Session, *, listing_id: int) -> Listing:
    listing = session.get(Listing, listing_id)
    if listing is None:
        raise UnknownListing(listing_id)
    return listing


def get_by_code(session: Session, *, township_id: int, code: int) -> Listing:
    listing = statements.first(session, _by_code, Listing, township=township_id, code=code)
    if listing is None:
        raise UnknownListing(code)
    return listing


@prepared  # nearly every order names its listing by code
def _by_code(dialect):
    return select(Listing.__table__).where(Listing.township_id == bindparam("township"),
                                           Listing.code == bindparam("code"))


def get_open(session: Session, *, township_id: int) -> list[Listing]:
    return list(session.exec(
        select(Listing)
        .where(Listing.township_id == township_id, Listing.status == ListingStatus.open)
        .order_by(Listing.code)
    ))


def create(
    session: Session, *, author: Person, farmer: Person, product: str, unit: str,
    quantity: Decimal, price_fen: int, pack_jin: Decimal | None = None, fulfilment: str = "",
    show_phone: bool = False, publish: bool = True,
) -> Listing:
    """A new listing; published (and broadcast) at once, or kept as a draft for approval."""
    if not MIN_QUANTITY <= quantity <= MAX_QUANTITY:
        raise BadAmount("quantity")
    if not 0 < price_fen <= MAX_PRICE_FEN:
        raise BadAmount("price")
    listing = Listing(
        township_id=farmer.township_id, farmer_id=farmer.id, village_id=farmer.village_id,
        author_id=author.id, product=product, unit=unit, pack_jin=pack_jin, quantity=quantity,
        remaining=quantity, price_fen=price_fen, fulfilment=fulfilment, show_phone=show_phone,
        code=next_value(session, scope=farmer.township_id, name="listing"),
    )
    session.add(listing)
    session.flush()
    if publish:
        _publish(session, listing)
    return listing


def publish(session: Session, *, listing: Listing) -> Listing:
    if listing.status != ListingStatus.draft:
        raise ListingNotOpen(listing.status)
    _publish(session, listing)
    return listing


def _publish(session: Session, listing: Listing) -> None:
    listing.status, listing.published_at = ListingStatus.open, utcnow()
    session.add(listing)
    session.flush()
    broadcast.announce(session, listing)  # queued in this same transaction


def reject(session: Session, *, listing: Listing, reason: str) -> Listing:
    if listing.status != ListingStatus.draft:
        raise ListingNotOpen(listing.status)
    listing.status, listing.reason = ListingStatus.rejected, reason[:200]
    session.add(listing)
    return listing


def edit(session: Session, *, listing: Listing, product: str, price_fen: int,
         fulfilment: str, show_phone: bool) -> Listing:
    """Correct what a listing says; a new price applies to orders placed from now on."""
    if listing.status in (ListingStatus.closed, ListingStatus.rejected):
        raise ListingNotOpen(listing.status)
    if not 0 < price_fen <= MAX_PRICE_FEN:
        raise BadAmount("price")
    if not product.strip():
        raise BadAmount("product")
    listing.product, listing.price_fen = product.strip()[:32], price_fen
    listing.fulfilment, listing.show_phone = fulfilment.strip()[:100], show_phone
    session.add(listing)
    session.flush()
    return listing


def close(session: Session, *, listing: Listing) -> Listing:
    if listing.status not in (ListingStatus.open, ListingStatus.sold_out):
        raise ListingNotOpen(listing.status)
    listing.status = ListingStatus.closed
    session.add(listing)
    session.flush()
    broadcast.stock_update(session, listing)
    return listing


def restock(session: Session, *, listing: Listing, amount: Decimal) -> Listing:
    if amount < MIN_QUANTITY or listing.quantity + amount > MAX_QUANTITY:
        raise BadAmount("quantity")
    if listing.status not in (ListingStatus.open, ListingStatus.sold_out):
        raise ListingNotOpen(listing.status)
    session.execute(
        update(Listing).where(Listing.id == listing.id)
        .values(quantity=Listing.quantity + amount, remaining=Listing.remaining + amount,
                status=ListingStatus.open)
    )
    session.refresh(listing)
    broadcast.stock_update(session, listing)
    return listing


def reserve(session: Session, *, listing: Listing, amount: Decimal) -> Decimal:
    """Take `amount` from the stock or raise; returns what is left.

    One conditional UPDATE: under concurrent buyers the database serialises the row, so the
    stock can never go below zero, on SQLite and on PostgreSQL alike.
    """
    if not MIN_QUANTITY <= amount <= MAX_QUANTITY:
        raise BadAmount("quantity")
    left = _take(session, listing=listing.id, amount=amount).scalar()
    if left is None:
        session.refresh(listing)
        if listing.status != ListingStatus.open:
            raise ListingNotOpen(listing.status)
        raise NotEnoughStock(listing.remaining)
    # The row as the database has it now, without a read and without marking it changed.
    set_committed_value(listing, "remaining", left)
    if left == 0:
        _sell_out(session, listing=listing.id)
        set_committed_value(listing, "status", ListingStatus.sold_out)
    broadcast.stock_update(session, listing)
    return left


@prepared
def _take(dialect):
    amount = bindparam("amount", type_=Listing.__table__.c.remaining.type)
    return (update(Listing)
            .where(Listing.id == bindparam("listing"), Listing.status == ListingStatus.open,
                   Listing.remaining >= amount)
            .values(remaining=Listing.remaining - amount).returning(Listing.remaining))


@prepared
def _sell_out(dialect):
    return (update(Listing).where(Listing.id == bindparam("listing"))
            .values(status=ListingStatus.sold_out))


def release(session: Session, *, listing: Listing, amount: Decimal) -> None:
    """Give back stock from a cancelled or reduced order."""
    session.execute(
        update(Listing).where(Listing.id == listing.id)
        .values(remaining=Listing.remaining + amount)
    )
    session.refresh(listing)
    if listing.status == ListingStatus.sold_out:
        listing.status = ListingStatus.open
        session.add(listing)
        session.flush()
    broadcast.stock_update(session, listing)
