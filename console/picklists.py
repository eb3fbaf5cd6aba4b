"""Pick lists: a day's orders sorted by where they are taken, with totals per product.

A canteen's buyer receives at the canteen's address; everyone else at their village committee;
a walk-in buyer with neither collects at the pickup point of the listing.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from catalog.models import Listing
from console import order_filter
from console.access import Viewer
from console.order_filter import OrderFilter
from orders.api import weight_in_jin
from orders.models import Order, OrderStatus
from roster.models import Canteen, Person

WALK_IN = ""  # the drop point of buyers who belong to no village or canteen


@dataclass(frozen=True)
class Line:
    order: Order
    listing: Listing
    buyer: Person

    @property
    def quantity(self) -> Decimal:
        return self.order.quantity if self.order.delivered_quantity is None \
            else self.order.delivered_quantity


@dataclass
class Total:
    product: str
    unit: str
    quantity: Decimal = Decimal(0)
    jin: Decimal = Decimal(0)
    amount_fen: int = 0
    orders: int = 0


@dataclass
class Sheet:
    place: str  # the canteen or the village, or WALK_IN
    kind: str  # canteen, village or walk_in
    address: str = ""
    lines: list[Line] = field(default_factory=list)

    @property
    def totals(self) -> list[Total]:
        return totals(self.lines)

    @property
    def amount_fen(self) -> int:
        return sum(line.order.amount_fen for line in self.lines)


def totals(lines: list[Line]) -> list[Total]:
    """Per product and unit, in the order the products first appear."""
    per: dict[tuple[str, str], Total] = {}
    for line in lines:
        key = (line.listing.product, line.listing.unit)
        total = per.setdefault(key, Total(*key))
        total.quantity += line.quantity
        total.jin += weight_in_jin(line.quantity, line.listing.unit, line.listing.pack_jin) or 0
        total.amount_fen += line.order.amount_fen
        total.orders += 1
    return list(per.values())


def for_day(session: Session, viewer: Viewer, day: date, *,
            delivered_too: bool = False) -> list[Sheet]:
    """One sheet per drop point for the orders placed on `day`, canteens first."""
    chosen = OrderFilter(first=day, last=day, status="" if delivered_too else OrderStatus.open)
    query = order_filter.rows(viewer, chosen).where(Order.status != OrderStatus.cancelled)
    sheets: dict[tuple[int, int], Sheet] = {}
    for order, listing, buyer, village, canteen in session.exec(query):
        if buyer.canteen_id is not None:
            key, place, kind = (0, buyer.canteen_id), canteen, "canteen"
        elif village is not None:
            key, place, kind = (1, buyer.village_id), village, "village"
        else:
            key, place, kind = (2, 0), WALK_IN, "walk_in"
        sheet = sheets.setdefault(key, Sheet(place, kind))
        sheet.lines.append(Line(order, listing, buyer))
    _addresses(session, sheets)
    for sheet in sheets.values():
        sheet.lines.sort(key=lambda line: (line.buyer.name, line.order.code))
    return [sheets[key] for key in sorted(sheets)]  # canteens, villages, walk-ins; by id


def _addresses(session: Session, sheets: dict[tuple[int, int], Sheet]) -> None:
    for sheet in sheets.values():
        if sheet.kind == "canteen":
            canteen = session.get(Canteen, sheet.lines[0].buyer.canteen_id)
            sheet.address = canteen.address if canteen else ""


def grand_totals(sheets: list[Sheet]) -> list[Total]:
    return totals([line for sheet in sheets for line in sheet.lines])

