"""Who hears about orders: the farmer and the village officials, and the buyer.

News of new orders waits a minute in the outbox and is rewritten as more orders come, so a
farmer gets one message for a busy minute, not thirty.
"""

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from catalog.models import Listing
from core import outbound
from core.outbound import OutboundMessage, Target, TargetKind
from core.templates import render
from orders.models import Order
from roster.models import Person, Role

ORDER_NEWS_DELAY = timedelta(seconds=60)
SHOWN_ORDERS = 10


def new_order(session: Session, *, listing: Listing) -> None:
    topic = f"orders:{listing.id}"
    for target in farm_side(session, listing):
        orders = _orders_since(session, listing, _last_sent(session, target, topic))
        text = render("notify/new_orders.txt", listing=listing, orders=orders[-SHOWN_ORDERS:],
                      more=max(0, len(orders) - SHOWN_ORDERS))
        outbound.enqueue(session, target, text, topic=topic, delay=ORDER_NEWS_DELAY,
                         coalesce=True)
        if listing.remaining == 0:
            outbound.enqueue(session, target, render("notify/sold_out.txt", listing=listing),
                             topic=f"sold_out:{listing.id}")


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


def _last_sent(session: Session, target: Target, topic: str) -> datetime | None:
    return session.exec(
        select(func.max(OutboundMessage.sent_at)).where(
            OutboundMessage.topic == topic, OutboundMessage.target_address == target.address,
            OutboundMessage.status == outbound.Status.sent,
        )
    ).one()


def _orders_since(session: Session, listing: Listing, since: datetime | None) -> list[tuple]:
    query = (
        select(Order, Person.name).join(Person, Order.buyer_id == Person.id)
        .where(Order.listing_id == listing.id).order_by(Order.id)
    )
    if since is not None:
        query = query.where(Order.created_at > since)
    return list(session.exec(query))
