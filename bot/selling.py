"""Listing produce: an official for a farmer, or a farmer for himself (approved by an official).

    「帮李佰飞发布 西蓝花 5000斤 2.5元一斤 村部自提」
        │ dialog "listing": the steps the message already answered are skipped
        ▼
    [farmer] ──► [product] ──► [quantity] ──► [price] ──► [fulfilment] ──► [confirm]
                                                                            │ 「确认」
                          official or admin: published, broadcast queued ◄──┤
                      farmer: a draft; the village's officials are asked ◄──┘
                          「同意 12」 → published      「驳回 12 原因」 → the farmer hears why

    「取消」 leaves the dialog at any step; 30 minutes of silence forget it.

    「12号价格改成2块一斤」, 「12号降价 1.8元」 (an official of its village) ──► a new price
"""

from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import select

from bot import amounts, conversation
from bot.buying import YES
from bot.context import Context, say
from bot.language import Reading, ask_text, parse
from bot.lookup import WEIGHT_UNITS, listing_by_code, manages, person_named
from bot.router import Router
from catalog import service as catalog
from catalog.errors import BadAmount, ListingNotOpen
from catalog.models import Listing, ListingStatus
from core import outbound
from core.outbound import Target, TargetKind
from orders.notify import farm_side
from roster.models import Person, Role

router = Router()
OFFICIALS = {"official", "admin"}
SELLERS = OFFICIALS | {"farmer"}
STEPS = ("farmer", "product", "quantity", "price", "fulfilment")
SHOW_PHONE = ("留电话", "带电话", "公开电话", "附电话", "写上电话")


@router.command(r"我的发布|我发布的|我的产品|我卖的")
def my_listings(ctx: Context, match) -> str:
    """A farmer's own listings; an official's, those they published for farmers. Declared
    before the offer it would otherwise be read as (「我的发布」 reads as wanting to sell)."""
    if ctx.person is None:
        return say("offer_needs_binding")
    mine = (Listing.farmer_id == ctx.person.id) | (Listing.author_id == ctx.person.id)
    listings = ctx.session.exec(select(Listing).where(mine)
                                .order_by(Listing.code.desc()).limit(10)).all()
    return say("my_listings", listings=listings)


@router.intent("offer", roles=SELLERS)
def offer(ctx: Context, reading: Reading) -> str:
    if reading.listing is not None:  # 「12号价格改成2块一斤」 corrects a listing
        return _reprice(ctx, reading)
    data = _fields(reading)
    said = ""
    if amounts.negative(ctx.incoming.text):  # which number was negative? ask for both again
        data |= {"quantity": None, "price_fen": None}
        said = amounts.refused("negative", "listing")
    # The farmer's phone goes out only when the official asks for it in the listing message.
    data["show_phone"] = any(word in ctx.incoming.text for word in SHOW_PHONE)
    if ctx.role == "farmer":
        data["farmer_id"] = ctx.person.id
    elif reading.on_behalf_of:
        data |= _farmer_fields(ctx, reading.on_behalf_of)
    conversation.start(ctx.session, ctx.conversation, "listing", "farmer", **data)
    return _next(ctx, said)


def _reprice(ctx: Context, reading: Reading) -> str:
    """An official's new price for a listing of their village, for the orders from now on.
    More stock is 「补货 12 …」; anything else about a listing is changed in the console."""
    listing = listing_by_code(ctx, reading.listing)
    if listing is None:
        return say("no_listing", code=reading.listing)
    if not manages(ctx, listing):
        return say("not_allowed", role=ctx.role)
    price_fen = _price_fields(reading, listing.unit).get("price_fen")
    if price_fen is None or amounts.negative(ctx.incoming.text):
        return say("reprice_how", listing=listing)
    if problem := amounts.price_problem(price_fen):
        return amounts.refused(problem, "reprice", price_fen=price_fen, unit=listing.unit,
                               listing=listing)
    was = listing.price_fen
    try:
        catalog.edit(ctx.session, listing=listing, product=listing.product, price_fen=price_fen,
                     fulfilment=listing.fulfilment, show_phone=listing.show_phone)
    except ListingNotOpen:
        return say("listing_closed", listing=listing)
    return say("repriced", listing=listing, was_fen=was)


@router.intent("offer")
def offer_by_others(ctx: Context, reading: Reading) -> str:
    return say("offer_needs_binding")


@router.dialog("listing")
def listing_step(ctx: Context, text: str, reading: Reading) -> str:
    step, data = ctx.conversation.step, ctx.conversation.data
    if step == "confirm":
        return _confirm(ctx, text)
    if step == "farmer":
        data = _farmer_fields(ctx, text.strip())
    elif step == "product":
        data = {"product": reading.product or text.strip()[:32]}
    elif step == "quantity":
        data = {k: v for k, v in _fields(reading).items() if k in ("quantity", "unit", "pack_jin")}
    elif step == "price":
        data = _price_fields(reading, ctx.conversation.data.get("unit", "斤"))
    elif step == "fulfilment":
        data = {"fulfilment": text.strip()[:100]}
    if step in ("quantity", "price") and amounts.negative(text):
        return _joined(amounts.refused("negative", "listing"), _ask(step, reading))
    if not data:
        return _ask(step, reading)
    conversation.advance(ctx.session, ctx.conversation, step, **data)
    return _next(ctx)


def _next(ctx: Context, said: str = "") -> str:
    """Ask for the first missing part, or show the summary to confirm; an implausible quantity
    or price is said so and asked for again."""
    said = said or _implausible(ctx)
    data = ctx.conversation.data
    for step in STEPS:
        if step == "farmer" and ("farmer_id" in data or "farmer_name" in data):
            continue
        if step != "farmer" and data.get(_key(step)) is not None:
            continue
        conversation.advance(ctx.session, ctx.conversation, step)
        return _joined(said, say(f"listing_ask_{step}", data=data))
    conversation.advance(ctx.session, ctx.conversation, "confirm")
    return say("listing_summary", data=data, farmer=_farmer_label(ctx, data),
               publish=ctx.role != "farmer")


def _implausible(ctx: Context) -> str:
    """The refusal of a quantity or price no one means (which is then forgotten), or ""."""
    data, step = ctx.conversation.data, ctx.conversation.step
    unit = data.get("unit") or "斤"
    if data.get("quantity") is not None:
        quantity = Decimal(data["quantity"])
        if problem := amounts.quantity_problem(quantity):
            conversation.advance(ctx.session, ctx.conversation, step, quantity=None)
            return amounts.refused(problem, "listing", amount=quantity, unit=unit)
    price_fen = data.get("price_fen")
    if price_fen is not None and (problem := amounts.price_problem(price_fen)):
        conversation.advance(ctx.session, ctx.conversation, step, price_fen=None)
        return amounts.refused(problem, "listing", price_fen=price_fen, unit=unit)
    return ""


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _key(step: str) -> str:
    return {"price": "price_fen"}.get(step, step)


def _ask(step: str, reading: Reading) -> str:
    if reading.ask is not None:
        return ask_text(reading.ask)
    return say(f"listing_ask_{step}", data={})


def _confirm(ctx: Context, text: str) -> str:
    if text not in YES:
        return say("listing_confirm_again")
    data = ctx.conversation.data
    farmer = _farmer(ctx, data)
    try:
        listing = catalog.create(
            ctx.session, author=ctx.person, farmer=farmer, product=data["product"],
            unit=data["unit"], quantity=Decimal(data["quantity"]), price_fen=data["price_fen"],
            pack_jin=Decimal(data["pack_jin"]) if data.get("pack_jin") else None,
            fulfilment=data.get("fulfilment") or "", show_phone=data.get("show_phone", False),
            publish=ctx.role != "farmer")
    except BadAmount:
        conversation.finish(ctx.session, ctx.conversation)
        return say("listing_bad_amount")
    conversation.finish(ctx.session, ctx.conversation)
    if listing.status == ListingStatus.draft:
        _ask_officials(ctx, listing, farmer)
        return say("listing_draft_sent", listing=listing)
    groups = ctx.session.exec(select(outbound.OutboundMessage).where(
        outbound.OutboundMessage.topic == f"listing:{listing.id}")).all()
    return say("listing_published", listing=listing, farmer=farmer, reach=len(groups))


def _ask_officials(ctx: Context, listing: Listing, farmer: Person) -> None:
    text = say("listing_draft_for_official", listing=listing, farmer=farmer)
    for target in farm_side(ctx.session, listing):
        if target.address != farmer.openid:
            outbound.enqueue(ctx.session, target, text, topic=f"draft:{listing.id}")


@router.command(r"(?:同意|通过|批准)\s*#?(\d+)(?:号)?", roles=OFFICIALS)
def approve(ctx: Context, match) -> str:
    listing = listing_by_code(ctx, int(match.group(1)))
    if listing is None or not manages(ctx, listing):
        return say("no_listing", code=match.group(1))
    try:
        catalog.publish(ctx.session, listing=listing)
    except ListingNotOpen:
        return say("listing_not_draft", listing=listing)
    _tell_farmer(ctx, listing, say("listing_approved_farmer", listing=listing))
    return say("listing_published", listing=listing,
               farmer=ctx.session.get(Person, listing.farmer_id), reach=None)


@router.command(r"(?:驳回|退回|拒绝)\s*#?(\d+)(?:号)?\s*(.*)", roles=OFFICIALS)
def reject(ctx: Context, match) -> str:
    listing = listing_by_code(ctx, int(match.group(1)))
    if listing is None or not manages(ctx, listing):
        return say("no_listing", code=match.group(1))
    reason = match.group(2).strip() or None
    try:
        catalog.reject(ctx.session, listing=listing, reason=reason or "")
    except ListingNotOpen:
        return say("listing_not_draft", listing=listing)
    _tell_farmer(ctx, listing, say("listing_rejected_farmer", listing=listing, reason=reason))
    return say("listing_rejected", listing=listing)


def _tell_farmer(ctx: Context, listing: Listing, text: str) -> None:
    farmer = ctx.session.get(Person, listing.farmer_id)
    if farmer.openid:
        outbound.enqueue(ctx.session, Target(TargetKind.user, farmer.openid, farmer.name), text,
                         topic=f"draft:{listing.id}")


def _fields(reading: Reading) -> dict:
    """What an offer message says: product, quantity in the listing's unit, price per unit."""
    data: dict = {}
    if reading.product:
        data["product"] = reading.product
    unit = "斤" if reading.unit in WEIGHT_UNITS else reading.unit
    if reading.quantity is not None and reading.ask is None:
        amount = reading.jin if unit == "斤" else reading.quantity
        if amount is not None:
            data |= {"quantity": str(amount), "unit": unit}
    if reading.pack is not None and reading.pack.jin is not None:
        data |= {"pack_jin": str(reading.pack.jin), "unit": data.get("unit", reading.pack.unit)}
    data |= _price_fields(reading, data.get("unit") or _price_unit(reading))
    if reading.notes:
        data["fulfilment"] = " ".join(reading.notes)[:100]
    return data


def _price_unit(reading: Reading) -> str:
    return "斤" if reading.price_unit in (None, *WEIGHT_UNITS) else reading.price_unit


def _price_fields(reading: Reading, unit: str) -> dict:
    """The price per listing unit; a price per 公斤 becomes a price per 斤."""
    if reading.price_fen is None or (reading.ask is not None and reading.ask.kind == "two_prices"):
        return {}
    per = reading.price_unit or unit
    if per == unit:
        return {"price_fen": reading.price_fen, "unit": unit}
    if unit == "斤" and per in WEIGHT_UNITS:
        jin_per_unit = parse(f"1{per}").jin
        if jin_per_unit:
            per_jin = (Decimal(reading.price_fen) / jin_per_unit).to_integral_value(ROUND_HALF_UP)
            return {"price_fen": int(per_jin), "unit": unit}
    return {}


def _farmer_fields(ctx: Context, name: str) -> dict:
    if not name:
        return {}
    farmer = person_named(ctx, name, Role.farmer)
    if farmer is not None and _may_list_for(ctx, farmer):
        return {"farmer_id": farmer.id}
    # A new farmer joins the official's village; an admin has none, so must name one we know.
    return {"farmer_name": name[:20]} if ctx.person.village_id else {}


def _may_list_for(ctx: Context, farmer: Person) -> bool:
    """An official lists for the village's own farmers; an admin for any of the township's.

    A farmer of the same name in another village is someone else: the official's village gets
    a new farmer of that name, as for any name not yet in the roster.
    """
    return ctx.person.role == Role.admin or farmer.village_id == ctx.person.village_id


def _farmer_label(ctx: Context, data: dict) -> str:
    if "farmer_id" in data:
        return ctx.session.get(Person, data["farmer_id"]).name
    return data["farmer_name"]


def _farmer(ctx: Context, data: dict) -> Person:
    """The farmer of the listing; a name not in the roster becomes a new farmer of the village."""
    if "farmer_id" in data:
        return ctx.session.get(Person, data["farmer_id"])
    farmer = Person(township_id=ctx.township_id, name=data["farmer_name"], role=Role.farmer,
                    village_id=ctx.person.village_id)
    ctx.session.add(farmer)
    ctx.session.flush()
    return farmer
