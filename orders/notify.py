"""Who hears about orders: the farmer and the village officials, and the buyer.

News of new orders is written a minute after the first of them, from the orders there are by
then, so a farmer gets one message for a busy minute, not thirty (see core.news).
"""

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from catalog.models import Listing
from core import news, outbound
from core.outbound import OutboundMessage, Target, TargetKind
from core.templates import render
from orders.models import Order
from roster.models import Person, Role

ORDER_NEWS_DELAY = timedelta(seconds=60)
SHOWN_ORDERS = 10


def new_order(session: Session, *, listing: Listing) -> None:
    news.later(session, "orders", listing.id, delay=ORDER_NEWS_DELAY)
    if listing.remaining == 0:
        for target in farm_side(session, listing):
            outbound.enqueue(session, target, render("notify/sold_out.txt", listing=listing),
                             topic=f"sold_out:{listing.id}")


@news.composer("orders")
def order_news(session: Session, listing_id: str) -> list[tuple[Target, str]]:
    """The orders since each person last heard: the farmer and officials mostly share a text."""
    listing = session.get(Listing, int(listing_id))
    if listing is None:
        return []
    targets = farm_side(session, listing)
    last_sent = _last_sent(session, targets, f"orders:{listing.id}")
    texts: dict[datetime | None, str] = {}
    messages = []
    for target in targets:
        since = last_sent.get(target.address)
        if since not in texts:
            texts[since] = _news(session, listing, since)
        messages.append((target, texts[since]))
    return messages


def delivered(session: Session, *, order: Order, listing: Listing) -> None:
    buyer = session.get(Person, order.buyer_id)
    if buyer is None or not buyer.openid:
        return
    text = render("notify/delivered.txt", order=order, listing=listing)
    outbound.enqueue(session, Target(TargetKind.user, buyer.openid, buyer.name), text,
                     topic=f"order:{order.id}")


def farm_side(session: Session, listing: Listing) -> list[Target]:
    """The farmer (when on WeChat) and the officials of the listing's village."""
    people = session.exec(
        select(Person).where(
            Person.openid.is_not(None),
            (Person.id == listing.farmer_id)
            | ((Person.village_id == listing.village_id) & (Person.role == Role.official)),
        ).order_by(Person.id)
    )
    return [Target(TargetKind.user, p.openid, p.name) for p in people]


def _last_sent(session: Session, targets: list[Target], topic: str) -> dict[str, datetime]:
    """When each target was last sent news on `topic`, in one query."""
    if not targets:
        return {}
    return dict(session.exec(
        select(OutboundMessage.target_address, func.max(OutboundMessage.sent_at)).where(
            OutboundMessage.topic == topic, OutboundMessage.status == outbound.Status.sent,
            OutboundMessage.target_address.in_([t.address for t in targets]),
        ).group_by(OutboundMessage.target_address)
    ).all())


def _news(session: Session, listing: Listing, since: datetime | None) -> str:
    """The orders since the last news: counted, and the latest few named.

    Only SHOWN_ORDERS rows are read, however busy the minute: reading them all on every
    order made a burst of orders quadratic."""
    newer = [Order.listing_id == listing.id]
    if since is not None:
        newer.append(Order.created_at > since)
    total = session.exec(select(func.count()).select_from(Order).where(*newer)).one()
    latest = list(session.exec(
        select(Order, Person.name).join(Person, Order.buyer_id == Person.id)
        .where(*newer).order_by(Order.id.desc()).limit(SHOWN_ORDERS)))
    return render("notify/new_orders.txt", listing=listing, orders=latest[::-1],
                  more=max(0, total - SHOWN_ORDERS))
