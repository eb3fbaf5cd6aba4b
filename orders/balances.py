"""What each buyer owes and each farmer is owed, summed from the append-only ledger.

Only `ledger_entry` rows count: an order's current amount is a convenience copy, the ledger is
the record. The sums are GROUP BYs in the database, first per order, then per person, so the
answer costs one query however many orders there are.
"""

from dataclasses import dataclass

from sqlalchemy import case, func
from sqlalchemy.sql import ColumnElement, Subquery
from sqlmodel import Session, select

from orders.models import EntryKind, LedgerEntry
from roster.models import Person, Village


@dataclass(frozen=True)
class Balance:
    id: int
    name: str
    village_id: int | None
    village: str | None
    ordered_fen: int  # live orders: cancellations and changes already netted out
    delivered_fen: int  # by the delivered (weighed) amounts
    paid_fen: int  # refunds netted out
    outstanding_fen: int  # what is due (delivered amount once delivered) less what was paid


@dataclass(frozen=True)
class Balances:
    buyers: list[Balance]
    farmers: list[Balance]


def balances(session: Session, *, township_id: int | None = None,
             entries: ColumnElement[bool] | None = None) -> Balances:
    """`entries` narrows the ledger first, by whole orders (a village's listings, some orders)."""
    orders = _per_order(entries)
    return Balances(
        buyers=_per_person(session, orders, orders.c.buyer_id, township_id),
        farmers=_per_person(session, orders, orders.c.farmer_id, township_id),
    )


def _per_order(entries: ColumnElement[bool] | None) -> Subquery:
    delivered = func.max(case((LedgerEntry.kind == EntryKind.delivered, 1), else_=0))
    query = (
        select(
            LedgerEntry.order_id, LedgerEntry.buyer_id, LedgerEntry.farmer_id,
            func.sum(LedgerEntry.ordered_fen).label("ordered"),
            func.sum(LedgerEntry.delivered_fen).label("delivered"),
            func.sum(LedgerEntry.paid_fen).label("paid"),
            delivered.label("is_delivered"),
        )
        .group_by(LedgerEntry.order_id, LedgerEntry.buyer_id, LedgerEntry.farmer_id)
    )
    if entries is not None:
        query = query.where(entries)
    return query.subquery("per_order")


def _per_person(session: Session, orders: Subquery, person_id: ColumnElement,
                township_id: int | None) -> list[Balance]:
    due = case((orders.c.is_delivered == 1, orders.c.delivered), else_=orders.c.ordered)
    paid = func.sum(orders.c.paid)
    query = (
        select(Person.id, Person.name, Person.village_id, Village.name,
               func.sum(orders.c.ordered), func.sum(orders.c.delivered), paid,
               func.sum(due) - paid)
        .select_from(orders)
        .join(Person, Person.id == person_id)
        .outerjoin(Village, Village.id == Person.village_id)
        .group_by(Person.id, Person.name, Person.village_id, Village.name)
        .order_by(Person.id)
    )
    if township_id is not None:
        query = query.where(Person.township_id == township_id)
    return [_balance(*row) for row in session.execute(query)]


def _balance(id_, name, village_id, village, ordered, delivered, paid, outstanding) -> Balance:
    # PostgreSQL sums integers as NUMERIC; the values are whole fen either way.
    return Balance(id=id_, name=name, village_id=village_id, village=village,
                   ordered_fen=int(ordered), delivered_fen=int(delivered), paid_fen=int(paid),
                   outstanding_fen=int(outstanding))
