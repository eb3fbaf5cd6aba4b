"""Who may see what in the console: one rule, applied to every query of every page and export.

An admin sees the whole township; an official sees their own village: its listings, the orders
and ledger entries of those listings, its people, groups, invites and their messages, and the
broadcast of its listings. Canteens are the township's buyers and visible to every official, but
what an official sees of a canteen's orders is still only those of the village's listings.

Pages never filter by hand: they pass their query through `scoped`, and fetch single rows by id
through `get`, which answers NotVisible (shown as 404) for a row of another village.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, false, literal
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session, select

from catalog.models import Listing
from core.deps import MAX_ID
from core.outbound import OutboundMessage
from orders.models import LedgerEntry, Order
from roster.models import Canteen, Group, Invite, Person, Role, Village
from webhooks.models import InboundMessage

CONSOLE_ROLES = (Role.admin, Role.official)


class NotVisible(Exception):
    """The row does not exist, or belongs to a village the viewer may not see."""


@dataclass(frozen=True)
class Viewer:
    person_id: int
    name: str
    role: str
    township_id: int
    village_id: int | None  # an official's village; ignored for an admin
    csrf: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin

    @classmethod
    def of(cls, person: Person, csrf: str = "") -> "Viewer | None":
        if person.role not in CONSOLE_ROLES:
            return None
        return cls(person.id, person.name, str(person.role), person.township_id,
                   person.village_id, csrf)


def _listing_ids(township_id: int, village_id: int | None, everything: bool) -> Select:
    query = select(Listing.id).where(Listing.township_id == township_id)
    return query if everything else query.where(Listing.village_id == village_id)


def _person_column(column: Any, township_id: int, village_id: int | None,
                   everything: bool) -> Select:
    query = select(column).where(Person.township_id == township_id)
    return query if everything else query.where(Person.village_id == village_id)


def visible(viewer: Viewer, model: type) -> ColumnElement[bool]:
    """The condition a row of `model` meets when the viewer may see it."""
    t, v, everything = viewer.township_id, viewer.village_id, viewer.is_admin
    if not everything and v is None:
        return false()  # an official not yet placed in a village sees nothing
    if model is Listing:
        return Listing.id.in_(_listing_ids(t, v, everything))
    if model is Order:
        return Order.listing_id.in_(_listing_ids(t, v, everything))
    if model is LedgerEntry:
        return LedgerEntry.listing_id.in_(_listing_ids(t, v, everything))
    if model is Person:
        return Person.id.in_(_person_column(Person.id, t, v, everything))
    if model is Invite:
        return Invite.person_id.in_(_person_column(Person.id, t, v, everything))
    if model is InboundMessage:
        senders = _person_column(Person.openid, t, v, everything)
        mine = InboundMessage.openid.in_(senders.where(Person.openid.is_not(None)))
        if not everything:
            return mine
        # Strangers (not yet in any roster) write too; the township's admin sees them.
        known = select(Person.openid).where(Person.openid.is_not(None))
        return mine | InboundMessage.openid.not_in(known)
    if model is OutboundMessage:
        topics = select(literal("listing:") + cast(Listing.id, String)).where(
            Listing.id.in_(_listing_ids(t, v, everything)))
        return OutboundMessage.topic.in_(topics)
    if model is Village:
        mine = Village.township_id == t
        return mine if everything else mine & (Village.id == v)
    if model is Group:
        return Group.village_id.in_(select(Village.id).where(visible(viewer, Village)))
    if model is Canteen:
        return Canteen.township_id == t
    raise TypeError(f"no visibility rule for {model.__name__}")


def scoped(viewer: Viewer, query: Select, *models: type) -> Select:
    """`query` narrowed to what the viewer may see of each of `models`."""
    for model in models:
        query = query.where(visible(viewer, model))
    return query


def get(session: Session, viewer: Viewer, model: type, row_id: int | None) -> Any:
    """One row by id, or NotVisible: another village's ids behave as if they did not exist."""
    if row_id is None or not 1 <= row_id <= MAX_ID:  # beyond the database's integers: no row
        raise NotVisible(model.__name__)
    row = session.exec(scoped(viewer, select(model).where(model.id == row_id), model)).first()
    if row is None:
        raise NotVisible(model.__name__)
    return row


def villages(session: Session, viewer: Viewer) -> list[Village]:
    return list(session.exec(scoped(viewer, select(Village), Village).order_by(Village.id)))


def canteens(session: Session, viewer: Viewer) -> list[Canteen]:
    return list(session.exec(scoped(viewer, select(Canteen), Canteen).order_by(Canteen.id)))
