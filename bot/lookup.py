"""Finding what a message refers to: a listing, an order, a person of the roster."""

import re
from decimal import Decimal

from sqlmodel import Session, select

from bot.context import Context
from bot.language import Pack, Reading, parse
from catalog import service as catalog
from catalog.errors import UnknownListing
from catalog.models import Listing
from core.statements import prepared
from orders import service as orders
from orders.errors import UnknownOrder
from orders.models import Order
from roster.models import Follower, Person, Role, Township

WEIGHT_UNITS = {"斤", "公斤", "千克", "吨", "两", "担", "克"}
SCENE = re.compile(r"^L(\d{1,6})$")  # a listing's QR code carries its code as L12


def township_id(session: Session, person: Person | None) -> int | None:
    """The person's township; an unknown user belongs to the only (or first) one."""
    if person is not None:
        return person.township_id
    return _first_township(session).scalar()


@prepared
def _first_township(dialect):
    return select(Township.id).order_by(Township.id).limit(1)


def listing_by_code(ctx: Context, code: int) -> Listing | None:
    try:
        return catalog.get_by_code(ctx.session, township_id=ctx.township_id, code=code)
    except UnknownListing:
        return None


def order_by_code(ctx: Context, code: str | int) -> Order | None:
    number = int(str(code).upper().lstrip("D"))
    try:
        return orders.get_by_code(ctx.session, township_id=ctx.township_id, code=number)
    except UnknownOrder:
        return None


def open_listings(ctx: Context, product: str | None = None) -> list[Listing]:
    listings = catalog.get_open(ctx.session, township_id=ctx.township_id)
    return [item for item in listings if product is None or item.product == product]


def remembered_listing(ctx: Context) -> Listing | None:
    """The listing this user last saw, asked about or reached by scanning its QR code."""
    if ctx.conversation.listing_id is not None:
        return ctx.session.get(Listing, ctx.conversation.listing_id)
    follower = ctx.session.exec(
        select(Follower).where(Follower.openid == ctx.incoming.openid)).first()
    match = SCENE.match(follower.scene or "") if follower else None
    return listing_by_code(ctx, int(match.group(1))) if match else None


def in_listing_unit(text: str, listing: Listing) -> tuple[Decimal | None, Reading]:
    """How much of the listing a text asks for, in the listing's unit, or None if unclear."""
    pack = Pack(listing.unit, listing.pack_jin, Decimal(1), "斤") if listing.pack_jin else None
    reading = parse(text, sold_by=listing.unit, pack=pack)
    if reading.quantity is None or reading.ask is not None:
        return None, reading
    if listing.unit == "斤":
        return reading.jin, reading
    if reading.unit in (None, listing.unit):
        return reading.quantity, reading
    if reading.jin is not None and listing.pack_jin:
        return reading.jin / listing.pack_jin, reading
    return None, reading


def person_named(ctx: Context, name: str, role: Role | None = None) -> Person | None:
    query = select(Person).where(Person.township_id == ctx.township_id, Person.name == name)
    if role is not None:
        query = query.where(Person.role == role)
    if ctx.person is not None and ctx.person.village_id is not None:
        # Two people of one name: the one in the official's own village first.
        query = query.order_by((Person.village_id == ctx.person.village_id).desc(), Person.id)
    return ctx.session.exec(query).first()


def manages(ctx: Context, listing: Listing) -> bool:
    """Officials act on their own village's listings; admins on the whole township's."""
    if ctx.person is None or listing.township_id != ctx.township_id:
        return False
    if ctx.person.role == Role.admin:
        return True
    return ctx.person.role == Role.official and ctx.person.village_id == listing.village_id

