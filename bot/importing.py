"""Turning a pasted 接龙 list into orders, shown for confirmation before anything is saved.

    「导入接龙 12」 ──► [paste] ──► preview ──► 「确认」 ──► one order per line
    a pasted 「#接龙 …」 list ─────────┘   names found in the roster, or new walk-in buyers;
                                        lines the stock cannot cover are reported, not guessed
"""

import re
from decimal import Decimal

from bot import amounts, conversation
from bot.buying import YES
from bot.context import Context, say
from bot.language import Pack, Reading, parse
from bot.lookup import listing_by_code, manages, open_listings, person_named
from bot.router import Router
from catalog.errors import BadAmount, ListingNotOpen, NotEnoughStock
from catalog.models import Listing
from core import outbound
from core.outbound import Target, TargetKind
from orders import service as orders
from roster.models import Person, Role

router = Router()
OFFICIALS = {"official", "admin"}


@router.command(r"导入接龙\s*#?(\d+)?(?:号)?", roles=OFFICIALS)
def begin(ctx: Context, match: re.Match) -> str:
    code = match.group(1)
    listing = listing_by_code(ctx, int(code)) if code else None
    if code and (listing is None or not manages(ctx, listing)):
        return say("no_listing", code=code)
    conversation.start(ctx.session, ctx.conversation, "jielong", "paste",
                       listing_id=listing.id if listing else None)
    return say("jielong_paste", listing=listing)


@router.intent("jielong", roles=OFFICIALS)
def pasted(ctx: Context, reading: Reading) -> str:
    conversation.start(ctx.session, ctx.conversation, "jielong", "paste", listing_id=None)
    return preview(ctx, ctx.incoming.text)


@router.dialog("jielong")
def jielong_step(ctx: Context, text: str, reading: Reading) -> str:
    if ctx.conversation.step == "paste":
        return preview(ctx, ctx.incoming.text)
    if text not in YES:
        return say("listing_confirm_again")
    return commit(ctx)


def preview(ctx: Context, text: str) -> str:
    listing = _listing_for(ctx, parse(text))
    if listing is None:
        return say("jielong_which_listing", listings=open_listings(ctx)[:5])
    pack = Pack(listing.unit, listing.pack_jin, Decimal(1), "斤") if listing.pack_jin else None
    reading = parse(text, sold_by=listing.unit, pack=pack)
    lines, unclear = [], []
    negative = _with_a_minus(text, reading)
    for line in reading.lines:
        quantity = _quantity(line, listing)
        if (line.name and line.name not in negative and quantity is not None
                and amounts.quantity_problem(quantity) is None):
            lines.append({"name": line.name, "quantity": str(quantity),
                          "known": person_named(ctx, line.name) is not None})
        else:
            unclear.append(line.name or str(line.number or "?"))
    if not lines:
        return say("jielong_empty")
    conversation.advance(ctx.session, ctx.conversation, "confirm", listing_id=listing.id,
                         lines=lines)
    return say("jielong_preview", listing=listing, lines=lines, unclear=unclear)


def _with_a_minus(text: str, reading: Reading) -> set[str]:
    """The names on lines with a negative amount (「王五 -2斤」), not to be read as 「+1」."""
    rows = [row for row in text.splitlines() if amounts.negative(row)]
    return {line.name for line in reading.lines
            if line.name and any(line.name in row for row in rows)}


def commit(ctx: Context) -> str:
    data = ctx.conversation.data
    conversation.finish(ctx.session, ctx.conversation)
    listing = ctx.session.get(Listing, data["listing_id"])
    placed, short = [], []
    for line in data["lines"]:
        buyer = person_named(ctx, line["name"]) or _walk_in(ctx, line["name"], listing)
        try:
            order = orders.place(ctx.session, listing=listing, buyer=buyer,
                                 quantity=Decimal(line["quantity"]), author=ctx.person)
        except (NotEnoughStock, ListingNotOpen, BadAmount):
            short.append(line)
            continue
        placed.append(order)
        _tell_buyer(ctx, buyer, order, listing)
    return say("jielong_done", listing=listing, placed=placed, short=short)


def _tell_buyer(ctx: Context, buyer: Person, order, listing: Listing) -> None:
    """Someone on the list who follows the account hears that the order is in."""
    if buyer.openid:
        text = say("ordered_for_you", order=order, listing=listing, official=ctx.person)
        outbound.enqueue(ctx.session, Target(TargetKind.user, buyer.openid, buyer.name), text,
                         topic=f"order:{order.id}")


def _listing_for(ctx: Context, reading: Reading) -> Listing | None:
    if ctx.conversation.data.get("listing_id"):
        return ctx.session.get(Listing, ctx.conversation.data["listing_id"])
    if reading.listing is not None:
        listing = listing_by_code(ctx, reading.listing)
        return listing if listing is not None and manages(ctx, listing) else None
    mine = [item for item in open_listings(ctx, reading.product) if manages(ctx, item)]
    return mine[0] if len(mine) == 1 else None


def _quantity(line, listing: Listing) -> Decimal | None:
    if line.quantity is None and line.unit is None:
        return Decimal(1)  # 「+1」: one of whatever the list sells
    if listing.unit == "斤":
        return line.jin
    if line.unit in (None, listing.unit):
        return line.quantity
    return line.jin / listing.pack_jin if line.jin is not None and listing.pack_jin else None


def _walk_in(ctx: Context, name: str, listing: Listing) -> Person:
    """Someone on the list who is not in the roster: recorded as a buyer of the village."""
    person = Person(township_id=listing.township_id, name=name[:64], role=Role.villager,
                    village_id=listing.village_id)
    ctx.session.add(person)
    ctx.session.flush()
    return person
