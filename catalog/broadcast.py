"""Telling the township about a listing: every village group and every canteen buyer.

Everything goes through the outbox in the caller's transaction, so a published listing and its
broadcast commit together or not at all. Each group is reached its own way: a WeCom robot
(paced per key), a village official who forwards by hand (with the listing card), or the sandbox.
The village's officials hear of any target that could not be reached, with 「重发 12」 to retry.
"""

from datetime import timedelta
from decimal import Decimal

from sqlmodel import Session, select

from catalog.card import CardFields, NoCjkFont, render_card
from catalog.models import Listing, ListingStatus
from core import news, outbound
from core.channels.wecom_robot import route_key
from core.outbound import Target, TargetKind
from core.templates import render
from roster.models import Channel, Group, Person, Role, Village

# Stock news waits this long, so that the orders of a busy minute make one message per group.
STOCK_UPDATE_DELAY = timedelta(seconds=60)


def topic(listing: Listing) -> str:
    return f"listing:{listing.id}"


def announce(session: Session, listing: Listing) -> int:
    """Queue the listing for every group and buyer; returns how many messages were queued."""
    farmer = session.get(Person, listing.farmer_id)
    village = session.get(Village, listing.village_id)
    text = render("broadcast/listing.txt", listing=listing, farmer=farmer, village=village)
    card = card_fields(listing, farmer, village)
    report = {"to": officials(session, listing.village_id), "hint": f"重发 {listing.code}"}
    groups = group_targets(session, listing.township_id)
    for target in groups:
        outbound.enqueue(session, target, _for_group(target, text), topic=topic(listing),
                         attachment=card, report=report)
    buyers = buyer_targets(session, listing)
    for target in buyers:
        outbound.enqueue(session, target, text, topic=topic(listing), report=report)
    return len(groups) + len(buyers)


def stock_update(session: Session, listing: Listing) -> None:
    """「还剩X斤」 to the groups a minute later, once for that minute's orders; 「已售罄」 or
    「已截单」 at once, so that nobody orders in vain."""
    if listing.published_at is None:
        return
    urgent = listing.status in (ListingStatus.sold_out, ListingStatus.closed)
    news.later(session, "stock", listing.id,
               delay=timedelta(0) if urgent else STOCK_UPDATE_DELAY)


@news.composer("stock")
def stock_news(session: Session, listing_id: str) -> list[tuple[Target, str]]:
    listing = session.get(Listing, int(listing_id))
    if listing is None:
        return []
    text = render("broadcast/stock.txt", listing=listing, status=ListingStatus)
    return [(target, _for_group(target, text))
            for target in group_targets(session, listing.township_id)]


def retry_failed(session: Session, listing: Listing) -> int:
    """「重发 12」: send again to every target of the broadcast that failed."""
    return outbound.retry_topic(session, topic=topic(listing))


def _for_group(target: Target, text: str) -> str:
    if target.channel == Channel.forward:
        return render("broadcast/forward.txt", group=target.name, text=text)
    return text


def group_targets(session: Session, township_id: int) -> list[Target]:
    """Every village group of the township, each with the way it is reached: two queries,
    however many groups, since stock news goes to all of them after every order."""
    rows = session.exec(
        select(Group.id, Group.name, Group.channel, Group.robot_key, Group.village_id)
        .join(Village, Group.village_id == Village.id)
        .where(Village.township_id == township_id).order_by(Group.id)
    ).all()
    forwarded = {row.village_id for row in rows if row.channel == Channel.forward}
    forwarders = _first_officials(session, forwarded) if forwarded else {}
    return [_group_target(row, forwarders) for row in rows]


def _group_target(group, forwarders: dict[int, str]) -> Target:
    if group.channel == Channel.wecom_robot and group.robot_key:
        return Target(TargetKind.group, str(group.id), group.name, Channel.wecom_robot,
                      route=group.robot_key, rate_key=route_key(group.robot_key))
    if group.channel == Channel.forward:
        return Target(TargetKind.group, str(group.id), group.name, Channel.forward,
                      route=forwarders.get(group.village_id))
    return Target(TargetKind.group, str(group.id), group.name, Channel.sandbox)


def _first_officials(session: Session, village_ids: set[int]) -> dict[int, str]:
    """Each village's first official on WeChat, who forwards to its personal groups."""
    first: dict[int, str] = {}
    for village_id, openid in session.exec(
        select(Person.village_id, Person.openid).where(
            Person.village_id.in_(village_ids), Person.role == Role.official,
            Person.openid.is_not(None)).order_by(Person.id)):
        first.setdefault(village_id, openid)
    return first


def buyer_targets(session: Session, listing: Listing) -> list[Target]:
    buyers = session.exec(
        select(Person).where(Person.township_id == listing.township_id,
                             Person.role == Role.buyer, Person.openid.is_not(None))
        .order_by(Person.id)
    )
    return [Target(TargetKind.user, b.openid, b.name) for b in buyers]


def officials(session: Session, village_id: int) -> list[str]:
    """The openids of the village's officials who are on WeChat."""
    return list(session.exec(
        select(Person.openid).where(Person.village_id == village_id, Person.role == Role.official,
                                    Person.openid.is_not(None)).order_by(Person.id)))


def card_png(fields: dict, qr_url: str | None) -> bytes | None:
    """The listing card drawn from an outbox attachment; None where no font draws Chinese,
    and the broadcast then goes as text alone."""
    card = CardFields(
        product=fields["product"], price_fen=fields["price_fen"], unit=fields["unit"],
        quantity=Decimal(fields["quantity"]), remaining=Decimal(fields["remaining"]),
        village=fields["village"], farmer=fields["farmer"], fulfilment=fields["fulfilment"],
        code=fields["code"])
    try:
        return render_card(card, qr_url)
    except NoCjkFont:
        return None


def card_fields(listing: Listing, farmer: Person, village: Village) -> dict:
    """What the listing card shows, as plain values the outbox can keep."""
    return {
        "code": listing.code, "product": listing.product, "unit": listing.unit,
        "price_fen": listing.price_fen, "quantity": str(listing.quantity),
        "remaining": str(listing.remaining), "village": village.name, "farmer": farmer.name,
        "fulfilment": listing.fulfilment, "scene": f"L{listing.code}",
    }
