"""Buyers: order by reply, confirm what is short or heard by voice, see and cancel orders.

    「订12 200斤」 / 「12号要200斤」 / 「要200斤西蓝花」 / 「再要二十斤」
        │ which listing? code → product with one open listing → the one last seen
        │ how much, in the listing's unit? (ranges, vague amounts, unknown box weights: ask)
        ▼
    not in the roster? ──► dialog "register": [name] → [village] → [phone] ──┐
        │                                                                   │
    a voice note? ──► dialog "confirm": 「是」 ─────────────────────────────────┤
        ▼                                                                   ▼
    reserve ──► placed (D35)   short ──► dialog "short": 「只剩300斤，要300斤吗？」 「是」 → reserve

    「取消」 leaves any dialog; 30 minutes of silence forget it.
"""

from decimal import Decimal

from bot import amounts, conversation, registration
from bot.context import Context, say
from bot.language import Reading, ask_text
from bot.lookup import (
    in_listing_unit,
    listing_by_code,
    manages,
    open_listings,
    order_by_code,
    remembered_listing,
)
from bot.router import Router
from catalog.errors import BadAmount, ListingNotOpen, NotEnoughStock
from catalog.models import Listing, ListingStatus
from orders import service as orders
from orders.errors import OrderNotOpen
from orders.models import Order, OrderStatus

router = Router()
YES = {"是", "是的", "对", "对的", "好", "好的", "确认", "要", "可以", "行", "嗯", "ok", "OK"}
BUYING = {"buyer", "villager", "unknown", "official", "admin", "farmer"}


@router.intent("order", roles=BUYING)
def order(ctx: Context, reading: Reading) -> str | None:
    if reading.change and reading.order_code:
        return change(ctx, reading)
    listing = _which_listing(ctx, reading)
    if isinstance(listing, str):
        return listing
    conversation.remember_listing(ctx.session, ctx.conversation, listing.id)
    quantity, understood = in_listing_unit(ctx.incoming.text, listing)
    if quantity is None or amounts.garbled(ctx.incoming.text):
        return _how_much(listing, understood, ctx.incoming.text)
    if refusal := _refusal(ctx, quantity, "order", listing=listing):
        return refusal
    return _go_ahead(ctx, listing, quantity, " ".join(understood.notes))


def _refusal(ctx: Context, quantity: Decimal, what: str, **about) -> str | None:
    """A polite no for a negative, zero or absurd amount; None when it can be taken as meant."""
    problem = "negative" if amounts.negative(ctx.incoming.text) else amounts.quantity_problem(
        quantity)
    if problem is None:
        return None
    listing = about["listing"]
    return amounts.refused(problem, what, amount=quantity, unit=listing.unit, **about)


def _which_listing(ctx: Context, reading: Reading) -> Listing | str:
    if reading.listing is not None:
        listing = listing_by_code(ctx, reading.listing)
        # A draft is the farmer's and the village's business until it is published.
        if listing is None or listing.status in (ListingStatus.draft, ListingStatus.rejected):
            return say("no_listing", code=reading.listing)
        return listing
    if reading.product is not None:
        matching = open_listings(ctx, reading.product)
        if len(matching) == 1:
            return matching[0]
        if not matching:
            return say("no_listing", product=reading.product)
        return say("which_listing", listings=matching)
    return remembered_listing(ctx) or say("which_listing", listings=open_listings(ctx)[:5])


def _how_much(listing: Listing, reading: Reading, text: str) -> str:
    if reading.ask is not None:
        return ask_text(reading.ask)
    if amounts.garbled(text):  # 1e30 is read as 30: ask rather than take that
        return say("how_much", listing=listing)
    if reading.quantity is not None:  # a count unit the listing cannot convert
        return say("pack_unknown", listing=listing, unit=reading.unit)
    return say("how_much", listing=listing)


def _go_ahead(ctx: Context, listing: Listing, quantity: Decimal, note: str) -> str:
    newcomer = ctx.person is None
    if newcomer:
        registration.provisional(ctx)  # the stock is taken now; who they are can follow
    if ctx.voice:
        conversation.start(ctx.session, ctx.conversation, "confirm", "yes",
                           listing_id=listing.id, quantity=str(quantity), note=note)
        return say("voice_confirm", listing=listing, quantity=quantity)
    reply, placed = _place(ctx, listing, quantity, note)
    if newcomer and placed is not None:  # asked once, and only of someone who has an order
        reply += "\n\n" + registration.ask(ctx)
    return reply


def place(ctx: Context, listing: Listing, quantity: Decimal, note: str = "") -> str:
    return _place(ctx, listing, quantity, note)[0]


def _place(ctx: Context, listing: Listing, quantity: Decimal, note: str
           ) -> tuple[str, Order | None]:
    try:
        placed = orders.place(ctx.session, listing=listing, buyer=ctx.person, quantity=quantity,
                              note=note)
    except NotEnoughStock as short:
        if short.remaining <= 0:
            return say("sold_out", listing=listing), None
        conversation.start(ctx.session, ctx.conversation, "short", "yes",
                           listing_id=listing.id, quantity=str(short.remaining), note=note)
        return say("only_left", listing=listing, remaining=short.remaining), None
    except ListingNotOpen as closed:
        sold_out = closed.status == ListingStatus.sold_out
        return say("sold_out" if sold_out else "listing_closed", listing=listing), None
    except BadAmount:
        return amounts.refused("zero", "order", unit=listing.unit, listing=listing), None
    return say("order_placed", listing=listing, order=placed), placed


@router.dialog("short")
@router.dialog("confirm")
def confirm(ctx: Context, text: str, reading: Reading) -> str:
    if text in YES:
        return resume(ctx)
    if reading.intent == "order" and reading.quantity is not None:
        # Another amount instead of 「是」: that order replaces the one being asked about.
        conversation.finish(ctx.session, ctx.conversation)
        return order(ctx, reading)
    return say("answer_yes_or_cancel")


def resume(ctx: Context) -> str:
    """Place the order a dialog was holding (after 「是」, or once the buyer is registered)."""
    data = ctx.conversation.data
    conversation.finish(ctx.session, ctx.conversation)
    listing = ctx.session.get(Listing, data["listing_id"])
    return place(ctx, listing, Decimal(data["quantity"]), data.get("note", ""))


@router.command(r"我的订单|我的订单呢|查订单|订单")
def my_orders(ctx: Context, match) -> str:
    if ctx.person is None:
        return say("no_orders")
    placed = orders.get_for_buyer(ctx.session, buyer_id=ctx.person.id)
    rows = [(o, ctx.session.get(Listing, o.listing_id)) for o in placed]
    return say("my_orders", rows=rows) if rows else say("no_orders")


@router.intent("cancel")
def cancel(ctx: Context, reading: Reading) -> str:
    if reading.order_code is None:
        return _which_to_cancel(ctx)
    order_ = order_by_code(ctx, reading.order_code)
    if order_ is None or not _may_touch(ctx, order_):
        return say("no_such_order", code=reading.order_code)
    try:
        orders.cancel(ctx.session, order=order_, author=ctx.person)
    except OrderNotOpen as closed:
        return say("order_not_open", order=order_, status=closed.status)
    listing = ctx.session.get(Listing, order_.listing_id)
    return say("order_cancelled", order=order_, listing=listing)


def _which_to_cancel(ctx: Context) -> str:
    open_orders = [] if ctx.person is None else [
        o for o in orders.get_for_buyer(ctx.session, buyer_id=ctx.person.id)
        if o.status == OrderStatus.open]
    return say("cancel_which", orders=open_orders)


def change(ctx: Context, reading: Reading) -> str:
    order_ = order_by_code(ctx, reading.order_code)
    if order_ is None or not _may_touch(ctx, order_):
        return say("no_such_order", code=reading.order_code)
    listing = ctx.session.get(Listing, order_.listing_id)
    quantity, understood = in_listing_unit(ctx.incoming.text, listing)
    if quantity is None or amounts.garbled(ctx.incoming.text):
        return _how_much(listing, understood, ctx.incoming.text)
    if refusal := _refusal(ctx, quantity, "change", listing=listing, order=order_):
        return refusal
    try:
        orders.change(ctx.session, order=order_, quantity=quantity, author=ctx.person)
    except OrderNotOpen as closed:
        return say("order_not_open", order=order_, status=closed.status)
    except NotEnoughStock as short:
        return say("change_short", order=order_, listing=listing, remaining=short.remaining)
    return say("order_changed", order=order_, listing=listing)


def _may_touch(ctx: Context, order_: Order) -> bool:
    """A buyer touches their own orders; an official those of the village's listings."""
    if ctx.person is None:
        return False
    if order_.buyer_id == ctx.person.id:
        return True
    return manages(ctx, ctx.session.get(Listing, order_.listing_id))


@router.intent("query")
def query(ctx: Context, reading: Reading) -> str:
    if reading.topic == "orders":
        return my_orders(ctx, None)
    listings = open_listings(ctx, reading.product)
    if len(listings) == 1:
        conversation.remember_listing(ctx.session, ctx.conversation, listings[0].id)
    return say("listings_now", listings=listings, product=reading.product)

