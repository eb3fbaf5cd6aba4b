"""Orders: place, change, cancel, deliver by weight, pay. Every step writes a ledger entry."""

from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, select

from catalog import service as catalog
from catalog.errors import BadAmount
from catalog.models import Listing
from core import statements
from core.clock import utcnow
from core.counters import next_value
from orders import notify
from orders.errors import BadPayment, OrderNotOpen, UnknownOrder
from orders.models import EntryKind, LedgerEntry, Order, OrderStatus
from roster.models import Person

# No order can cost more than the largest listing at the highest price: a payment beyond that
# is a slip, and refusing it keeps the ledger's sums within the database's integers.
MAX_PAYMENT_FEN = int(catalog.MAX_QUANTITY) * catalog.MAX_PRICE_FEN


def fen(quantity: Decimal, price_fen: int) -> int:
    """The amount for a quantity, rounded half up to the fen."""
    return int((quantity * price_fen).to_integral_value(ROUND_HALF_UP))


def get_by_code(session: Session, *, township_id: int, code: int) -> Order:
    order = session.exec(
        select(Order).where(Order.township_id == township_id, Order.code == code)
    ).first()
    if order is None:
        raise UnknownOrder(code)
    return order


def get_for_buyer(session: Session, *, buyer_id: int, limit: int = 10) -> list[Order]:
    return list(session.exec(
        select(Order).where(Order.buyer_id == buyer_id).order_by(Order.id.desc()).limit(limit)
    ))


def get_for_listing(session: Session, *, listing_id: int) -> list[Order]:
    return list(session.exec(
        select(Order).where(Order.listing_id == listing_id).order_by(Order.id)
    ))


def place(session: Session, *, listing: Listing, buyer: Person, quantity: Decimal,
          note: str = "", author: Person | None = None) -> Order:
    """Reserve the stock and record the order; raises NotEnoughStock when too little is left."""
    catalog.reserve(session, listing=listing, amount=quantity)
    order = statements.construct(
        Order, township_id=listing.township_id, listing_id=listing.id, buyer_id=buyer.id,
        quantity=quantity, price_fen=listing.price_fen, amount_fen=fen(quantity, listing.price_fen),
        note=note[:200], code=next_value(session, scope=listing.township_id, name="order"),
    )
    statements.insert(session, order)
    _record(session, order, listing, EntryKind.ordered, author, quantity=quantity,
            ordered_fen=order.amount_fen)
    notify.new_order(session, listing=listing)
    return order


def change(session: Session, *, order: Order, quantity: Decimal,
           author: Person | None = None) -> Order:
    """Change the amount of an open order; the difference is reserved or given back."""
    _require_open(order)
    if not catalog.MIN_QUANTITY <= quantity <= catalog.MAX_QUANTITY:
        raise BadAmount("quantity")
    listing = catalog.get(session, listing_id=order.listing_id)
    difference = quantity - order.quantity
    if difference > 0:
        catalog.reserve(session, listing=listing, amount=difference)
    elif difference < 0:
        catalog.release(session, listing=listing, amount=-difference)
    new_amount = fen(quantity, order.price_fen)
    _record(session, order, listing, EntryKind.changed, author, quantity=difference,
            ordered_fen=new_amount - order.amount_fen)
    order.quantity, order.amount_fen = quantity, new_amount
    session.add(order)
    return order


def cancel(session: Session, *, order: Order, author: Person | None = None) -> Order:
    """Cancel an order that has not been delivered; its stock goes back on sale."""
    _require_open(order)
    listing = catalog.get(session, listing_id=order.listing_id)
    catalog.release(session, listing=listing, amount=order.quantity)
    _record(session, order, listing, EntryKind.cancelled, author, quantity=-order.quantity,
            ordered_fen=-order.amount_fen)
    order.status = OrderStatus.cancelled
    session.add(order)
    return order


def deliver(session: Session, *, order: Order, weight: Decimal | None = None,
            author: Person | None = None) -> Order:
    """Mark delivered; with a weighed amount (实收9.6斤) the order is charged by that weight."""
    _require_open(order)
    if weight is not None and not catalog.MIN_QUANTITY <= weight <= catalog.MAX_QUANTITY:
        raise BadPayment("delivered weight")
    listing = catalog.get(session, listing_id=order.listing_id)
    delivered = order.quantity if weight is None else weight
    delivered_fen = fen(delivered, order.price_fen)
    _record(session, order, listing, EntryKind.delivered, author, quantity=delivered,
            delivered_fen=delivered_fen)
    order.status, order.delivered_quantity, order.delivered_at = (
        OrderStatus.delivered, delivered, utcnow())
    order.amount_fen = delivered_fen
    session.add(order)
    notify.delivered(session, order=order, listing=listing)
    return order


def pay(session: Session, *, order: Order, amount_fen: int, method: str | None = None,
        author: Person | None = None) -> LedgerEntry:
    if order.status == OrderStatus.cancelled:
        raise OrderNotOpen(order.status)
    if amount_fen == 0 or abs(amount_fen) > MAX_PAYMENT_FEN:
        raise BadPayment("amount")
    listing = catalog.get(session, listing_id=order.listing_id)
    kind = EntryKind.paid if amount_fen > 0 else EntryKind.refunded
    return _record(session, order, listing, kind, author, paid_fen=amount_fen, method=method)


def _require_open(order: Order) -> None:
    if order.status != OrderStatus.open:
        raise OrderNotOpen(order.status)


def _record(session: Session, order: Order, listing: Listing, kind: EntryKind,
            author: Person | None, **amounts) -> LedgerEntry:
    entry = statements.construct(
        LedgerEntry, kind=kind, order_id=order.id, listing_id=listing.id, buyer_id=order.buyer_id,
        farmer_id=listing.farmer_id, author_id=author.id if author else None, **amounts,
    )
    statements.insert(session, entry)
    return entry
