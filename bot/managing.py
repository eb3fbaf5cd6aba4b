"""What village officials do with a listing and its orders, by short commands.

    「订单 12」 orders so far and what is left    「截单 12」 stop taking orders
    「补货 12 1000斤」 more stock                    「收款 D35 480元 微信」 money received
    「送达 D35」 / 「送达 D35 实收9.6斤」 delivered, charged by the weighed amount
    「重发 12」 the broadcast again to every group it failed to reach
"""

import re
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import select

from bot import amounts
from bot.context import Context, say
from bot.language import parse
from bot.lookup import in_listing_unit, listing_by_code, manages, order_by_code
from bot.router import Router
from catalog import broadcast
from catalog import service as catalog
from catalog.errors import BadAmount, ListingNotOpen
from catalog.models import Listing
from orders import service as orders
from orders.errors import BadPayment, OrderNotOpen
from orders.models import LedgerEntry, Order
from roster.models import Person

router = Router()
OFFICIALS = {"official", "admin"}
METHODS = ("微信", "支付宝", "现金", "转账", "银行")


def _listing(ctx: Context, code: str) -> Listing | None:
    listing = listing_by_code(ctx, int(code))
    return listing if listing is not None and manages(ctx, listing) else None


@router.command(r"(?:重发|重新发送)\s*#?(\d+)(?:号)?", roles=OFFICIALS)
def resend(ctx: Context, match: re.Match) -> str:
    listing = _listing(ctx, match.group(1))
    if listing is None:
        return say("no_listing", code=match.group(1))
    return say("resending", listing=listing, count=broadcast.retry_failed(ctx.session, listing))


def _order(ctx: Context, code: str) -> tuple[Order | None, Listing | None]:
    """An order of a listing this official manages, with its listing; else (None, None)."""
    order = order_by_code(ctx, code)
    listing = order and ctx.session.get(Listing, order.listing_id)
    if listing is None or not manages(ctx, listing):
        return None, None
    return order, listing


@router.command(r"(?:订单|查订单|看订单)\s*#?(\d+)(?:号)?", roles=OFFICIALS)
def listing_orders(ctx: Context, match: re.Match) -> str:
    listing = _listing(ctx, match.group(1))
    if listing is None:
        return say("no_listing", code=match.group(1))
    rows = [(o, ctx.session.get(Person, o.buyer_id))
            for o in orders.get_for_listing(ctx.session, listing_id=listing.id)]
    return say("listing_orders", listing=listing, rows=rows)


@router.command(r"(?:截单|停止接单|结束)\s*#?(\d+)(?:号)?", roles=OFFICIALS)
def close(ctx: Context, match: re.Match) -> str:
    listing = _listing(ctx, match.group(1))
    if listing is None:
        return say("no_listing", code=match.group(1))
    try:
        catalog.close(ctx.session, listing=listing)
    except ListingNotOpen:
        return say("listing_closed", listing=listing)
    return say("listing_closed_now", listing=listing)


@router.command(r"(?:补货|加货|追加)\s*#?(\d+)(?:号)?\s*(.+)", roles=OFFICIALS)
def restock(ctx: Context, match: re.Match) -> str:
    listing = _listing(ctx, match.group(1))
    if listing is None:
        return say("no_listing", code=match.group(1))
    text = match.group(2)
    amount, _ = in_listing_unit(text, listing)
    if amount is None or amounts.garbled(text):
        return say("restock_how_much", listing=listing)
    if problem := _quantity_problem(text, amount):
        return amounts.refused(problem, "restock", amount=amount, unit=listing.unit,
                               listing=listing)
    try:
        catalog.restock(ctx.session, listing=listing, amount=amount)
    except BadAmount:
        return amounts.refused("too_large", "restock", amount=amount, unit=listing.unit,
                               listing=listing)
    except ListingNotOpen:
        return say("listing_closed", listing=listing)
    return say("restocked", listing=listing, amount=amount)


def _quantity_problem(text: str, amount: Decimal) -> str | None:
    return "negative" if amounts.negative(text) else amounts.quantity_problem(amount)


@router.command(r"(?:送达|已送达|送到了|已送)\s*([Dd]\d+)\s*(.*)", roles=OFFICIALS)
def deliver(ctx: Context, match: re.Match) -> str:
    order, listing = _order(ctx, match.group(1))
    if order is None:
        return say("no_such_order", code=match.group(1).upper())
    weight = None
    if text := match.group(2).strip():
        weight, _ = in_listing_unit(text, listing)
        if weight is None or amounts.garbled(text):
            return say("deliver_weight_unclear", order=order, listing=listing)
        if problem := _weight_problem(text, weight, order):
            return amounts.refused(problem, "deliver", amount=weight, unit=listing.unit,
                                   order=order, listing=listing)
    try:
        orders.deliver(ctx.session, order=order, weight=weight, author=ctx.person)
    except OrderNotOpen as closed:
        return say("order_not_open", order=order, status=closed.status)
    except BadPayment:
        return say("deliver_weight_unclear", order=order, listing=listing)
    return say("delivered", order=order, listing=listing)


def _weight_problem(text: str, weight: Decimal, order: Order) -> str | None:
    """A weighed amount is near what was ordered: far above it is a slip of the keyboard."""
    if problem := _quantity_problem(text, weight):
        return problem
    return "weight_too_much" if weight > order.quantity * amounts.WEIGHED_AT_MOST else None


@router.command(r"(?:收款|收到|已收)\s*([Dd]\d+)\s*(.+)", roles=OFFICIALS)
def pay(ctx: Context, match: re.Match) -> str:
    order, _ = _order(ctx, match.group(1))
    if order is None:
        return say("no_such_order", code=match.group(1).upper())
    rest = match.group(2)
    amount = parse(rest).price_fen
    if amount is None or amounts.garbled(rest):
        return say("payment_unclear", order=order)
    if problem := _payment_problem(ctx, rest, amount, order):
        return amounts.refused(problem, "pay", order=order, due_fen=_due_fen(ctx, order))
    method = next((m for m in METHODS if m in rest), None)
    try:
        orders.pay(ctx.session, order=order, amount_fen=amount, method=method, author=ctx.person)
    except (OrderNotOpen, BadPayment):
        return say("order_not_open", order=order, status=order.status)
    return say("paid", order=order, amount_fen=amount, method=method)


def _payment_problem(ctx: Context, text: str, amount_fen: int, order: Order) -> str | None:
    """Refunds are not taken in chat; nor is more than the order still owes."""
    if amounts.negative(text):
        return "negative"
    if amount_fen <= 0:
        return "pay_zero"
    return "pay_too_much" if amount_fen > _due_fen(ctx, order) else None


def _due_fen(ctx: Context, order: Order) -> int:
    paid = ctx.session.exec(select(func.coalesce(func.sum(LedgerEntry.paid_fen), 0))
                            .where(LedgerEntry.order_id == order.id)).one()
    return order.amount_fen - int(paid)
