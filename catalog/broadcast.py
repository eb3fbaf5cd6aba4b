"""Telling the township about a listing: every village group and every canteen buyer.

Everything goes through the outbox in the caller's transaction, so a published listing and its
broadcast commit together or not at all.
"""

from datetime import timedelta

from sqlmodel import Session, select

from catalog.models import Listing, ListingStatus
from core import outbound
from core.outbound import Target, TargetKind
from core.templates import render
from roster.models import Group, Person, Role, Village

# Stock news waits this long, so that the orders of a busy minute make one message per group.
STOCK_UPDATE_DELAY = timedelta(seconds=60)


def topic(listing: Listing) -> str:
    return f"listing:{listing.id}"


def announce(session: Session, listing: Listing) -> int:
    """Queue the listing for every group and buyer; returns how many messages were queued."""
    farmer = session.get(Person, listing.farmer_id)
    village = session.get(Village, listing.village_id)
    text = render("broadcast/listing.txt", listing=listing, farmer=farmer, village=village)
    targets = group_targets(session, listing.township_id) + buyer_targets(session, listing)
    for target in targets:
        outbound.enqueue(session, target, text, topic=topic(listing))
    return len(targets)


def stock_update(session: Session, listing: Listing) -> None:
    """「还剩X斤」, 「已售罄」 or 「已截单」 to the groups, merged over a minute."""
    if listing.published_at is None:
        return
    text = render("broadcast/stock.txt", listing=listing, status=ListingStatus)
    for target in group_targets(session, listing.township_id):
        outbound.enqueue(session, target, text, topic=f"stock:{listing.id}",
                         delay=STOCK_UPDATE_DELAY, coalesce=True)


def group_targets(session: Session, township_id: int) -> list[Target]:
    groups = session.exec(
        select(Group).join(Village, Group.village_id == Village.id)
        .where(Village.township_id == township_id).order_by(Group.id)
    )
    return [Target(TargetKind.group, str(g.id), g.name, g.channel) for g in groups]


def buyer_targets(session: Session, listing: Listing) -> list[Target]:
    buyers = session.exec(
        select(Person).where(Person.township_id == listing.township_id,
                             Person.role == Role.buyer, Person.openid.is_not(None))
        .order_by(Person.id)
    )
    return [Target(TargetKind.user, b.openid, b.name) for b in buyers]
