"""`zhunong demo`: the week of spring 2020 at 皇图岭镇, replayed through the real services.

One listing and its broadcast drained through the outbox; orders from the canteens and from
villagers of several villages; weighed deliveries, payments and a cancel; then the ledger, read
back from `orders.balances`.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func
from sqlmodel import Session, select

from catalog import broadcast
from catalog import service as catalog
from catalog.models import Listing
from core import outbound, worker
from core.database import Database
from core.outbound import OutboundMessage, TargetKind
from core.templates import render
from orders import service as orders
from orders.balances import Balance, balances
from orders.models import Order
from roster.importer import import_roster, load
from roster.models import Person, Role, Township, Village

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ROSTER = EXAMPLES / "huangtuling.yaml"
STORY = EXAMPLES / "huangtuling-demo.yaml"

Echo = Callable[[str], object]


class AlreadyPlayed(Exception):
    """Listings exist: the story would mix with real or earlier data."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoryListing(_Entry):
    author: str
    farmer: str
    product: str
    unit: str
    quantity: Decimal
    price_fen: int
    fulfilment: str = ""


class StoryOrder(_Entry):
    buyer: str
    village: str | None = None  # a walk-in villager, added to this village
    quantity: Decimal
    delivered: bool = False
    weighed: Decimal | None = None  # delivered, charged by this weight
    paid: int | Literal["all"] = 0
    cancel: bool = False


class Story(_Entry):
    township: str
    payment_method: str
    listing: StoryListing
    orders: list[StoryOrder]


@dataclass
class Tally:
    placed: int = 0
    walk_ins: int = 0
    cancelled: int = 0
    delivered: int = 0
    weighed: int = 0
    payments: int = 0
    buyers: set[int] = field(default_factory=set)


def play(db: Database, *, echo: Echo, roster: Path = ROSTER, story: Path = STORY) -> None:
    started = time.monotonic()
    plot = Story.model_validate(yaml.safe_load(story.read_text(encoding="utf-8")))
    township_id = _prepare(db, roster, plot.township)
    listing_id = _publish(db, township_id, plot.listing, echo)
    _broadcast(db, listing_id, drain_all(db), echo)
    _orders(db, township_id, listing_id, plot, echo)
    drain_all(db)
    _ledger(db, township_id, listing_id, echo)
    seconds = f"{time.monotonic() - started:.1f}"
    echo(render("demo/done.txt", sent=_count(db, outbound.Status.sent),
                waiting=_count(db, outbound.Status.pending), seconds=seconds))


def drain_all(db: Database) -> int:
    """Send everything that is due now; news held back to merge a minute's orders stays."""
    total = 0
    while sent := worker.once(db):
        total += sent
    return total


def _prepare(db: Database, roster: Path, township_name: str) -> int:
    with db.transaction() as session:
        if session.exec(select(Listing)).first() is not None:
            raise AlreadyPlayed(render("demo/refused.txt"))
        if session.exec(select(Township)).first() is None:
            import_roster(session, load(roster.read_text(encoding="utf-8")))
        return session.exec(select(Township.id).where(Township.name == township_name)).one()


def _publish(db: Database, township_id: int, entry: StoryListing, echo: Echo) -> int:
    with db.transaction() as session:
        author = _known(session, township_id, entry.author)
        farmer = _known(session, township_id, entry.farmer)
        listing = catalog.create(
            session, author=author, farmer=farmer, product=entry.product, unit=entry.unit,
            quantity=entry.quantity, price_fen=entry.price_fen, fulfilment=entry.fulfilment)
        village = session.get(Village, listing.village_id)
        echo(render("demo/listed.txt", listing=listing, author=author, farmer=farmer,
                    village=village))
        return listing.id


def _broadcast(db: Database, listing_id: int, sent: int, echo: Echo) -> None:
    with db.session() as session:
        reached = session.exec(
            select(OutboundMessage).where(
                OutboundMessage.topic == broadcast.topic(session.get(Listing, listing_id)),
                OutboundMessage.status == outbound.Status.sent,
            ).order_by(OutboundMessage.id)
        ).all()
    groups = sum(1 for m in reached if m.target_kind == TargetKind.group)
    buyers = [m.target_name for m in reached if m.target_kind == TargetKind.user]
    echo(render("demo/broadcast.txt", sent=sent, groups=groups, buyers=buyers))


def _orders(db: Database, township_id: int, listing_id: int, plot: Story, echo: Echo) -> None:
    tally = Tally()
    placed = [_place(db, township_id, listing_id, entry, tally) for entry in plot.orders]
    for entry, order_id in zip(plot.orders, placed, strict=True):
        _fulfil(db, order_id, entry, plot.payment_method, tally)
    with db.session() as session:
        people = session.exec(select(Person).where(Person.id.in_(tally.buyers))).all()
    villages = {p.village_id for p in people if p.village_id is not None}
    echo(render("demo/orders.txt", placed=tally.placed, walk_ins=tally.walk_ins,
                units=sum(1 for p in people if p.canteen_id is not None),
                villages=len(villages), villagers=sum(1 for p in people if p.role == Role.villager),
                cancelled=tally.cancelled, delivered=tally.delivered, weighed=tally.weighed,
                payments=tally.payments))


def _place(db: Database, township_id: int, listing_id: int, entry: StoryOrder,
           tally: Tally) -> int:
    """One buyer's order in its own transaction, as it would come in from chat."""
    with db.transaction() as session:
        buyer = _buyer(session, township_id, entry, tally)
        order = orders.place(session, listing=session.get(Listing, listing_id), buyer=buyer,
                             quantity=entry.quantity)
        tally.placed += 1
        tally.buyers.add(buyer.id)
        return order.id


def _fulfil(db: Database, order_id: int, entry: StoryOrder, method: str, tally: Tally) -> None:
    with db.transaction() as session:
        order = session.get(Order, order_id)
        if entry.cancel:
            orders.cancel(session, order=order)
            tally.cancelled += 1
            return
        if entry.delivered or entry.weighed is not None:
            orders.deliver(session, order=order, weight=entry.weighed)
            tally.delivered += 1
            tally.weighed += entry.weighed is not None
        if entry.paid:
            paid = order.amount_fen if entry.paid == "all" else entry.paid
            orders.pay(session, order=order, amount_fen=paid, method=method)
            tally.payments += 1


def _person(session: Session, township_id: int, name: str) -> Person | None:
    return session.exec(select(Person).where(Person.township_id == township_id,
                                              Person.name == name)).first()


def _known(session: Session, township_id: int, name: str) -> Person:
    person = _person(session, township_id, name)
    if person is None:
        raise LookupError(f"no one called {name} in the roster")
    return person


def _buyer(session: Session, township_id: int, entry: StoryOrder, tally: Tally) -> Person:
    """A buyer of the roster, or a villager who came to the village office to order."""
    found = _person(session, township_id, entry.buyer)
    if found is not None or entry.village is None:
        return found or _known(session, township_id, entry.buyer)
    village_id = session.exec(select(Village.id).where(
        Village.township_id == township_id, Village.name == entry.village)).one()
    walk_in = Person(township_id=township_id, name=entry.buyer, role=Role.villager,
                     village_id=village_id)
    session.add(walk_in)
    session.flush()
    tally.walk_ins += 1
    return walk_in


def _ledger(db: Database, township_id: int, listing_id: int, echo: Echo) -> None:
    with db.session() as session:
        township = session.get(Township, township_id)
        listing = session.get(Listing, listing_id)
        result = balances(session, township_id=township_id)
    echo(render(
        "demo/ledger.txt", township=township, listing=listing,
        sold=listing.quantity - listing.remaining, total=_sum("", result.buyers),
        units=[b for b in result.buyers if b.village_id is None],
        villages=_per_village(result.buyers), farmers=result.farmers,
    ))


@dataclass(frozen=True)
class VillageTotal:
    name: str
    people: int
    ordered_fen: int
    delivered_fen: int
    paid_fen: int
    outstanding_fen: int


def _sum(name: str, people: list[Balance]) -> VillageTotal:
    return VillageTotal(
        name=name, people=len(people), ordered_fen=sum(b.ordered_fen for b in people),
        delivered_fen=sum(b.delivered_fen for b in people),
        paid_fen=sum(b.paid_fen for b in people),
        outstanding_fen=sum(b.outstanding_fen for b in people),
    )


def _per_village(buyers: list[Balance]) -> list[VillageTotal]:
    villages: dict[int, list[Balance]] = {}
    for buyer in sorted(buyers, key=lambda b: b.village_id or 0):
        if buyer.village_id is not None:
            villages.setdefault(buyer.village_id, []).append(buyer)
    return [_sum(people[0].village, people) for people in villages.values()]


def _count(db: Database, status: outbound.Status) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(OutboundMessage).where(
            OutboundMessage.status == status)).one()
