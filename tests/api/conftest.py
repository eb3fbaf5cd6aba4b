"""A token, and listings and orders made through the services, as the bot would make them."""

from decimal import Decimal

import pytest
from sqlmodel import select

from catalog import service as catalog
from catalog.models import Listing
from core import tokens
from orders import service as orders
from orders.models import Order
from roster.models import Person


@pytest.fixture
def auth(db) -> dict:
    with db.transaction() as session:
        return {"Authorization": f"Bearer {tokens.create(session, name='console')}"}


def person(session, name: str) -> Person:
    return session.exec(select(Person).where(Person.name == name)).one()


def publish(db, product="西蓝花", unit="斤", quantity="10000", price_fen=250, **extra) -> Listing:
    with db.transaction() as session:
        return catalog.create(
            session, author=person(session, "颜昌琪"), farmer=person(session, "李佰飞"),
            product=product, unit=unit, quantity=Decimal(quantity), price_fen=price_fen,
            fulfilment="村部自提", **extra)


def place(db, listing: Listing, buyer: str, quantity: str) -> Order:
    with db.transaction() as session:
        return orders.place(session, listing=session.get(Listing, listing.id),
                            buyer=person(session, buyer), quantity=Decimal(quantity))


def act(db, order: Order, step, **arguments):
    """Run an orders service step (deliver, pay, cancel ...) on a fresh copy of the order."""
    with db.transaction() as session:
        step(session, order=session.get(Order, order.id), **arguments)
        return session.get(Order, order.id)
