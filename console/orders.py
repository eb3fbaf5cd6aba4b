"""Orders: find them, and mark them delivered (by weight) and paid, one or many at a time."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select
from starlette.datastructures import FormData

from catalog.models import Listing
from console import access, forms, order_filter
from console.access import Viewer
from console.order_filter import OrderFilter
from console.web import EditorDep, FormDep, ViewerDep, attempt, back, page
from core.deps import IdPath, SessionDep
from orders import service as orders
from orders.models import LedgerEntry, Order, OrderStatus
from roster.models import Person

router = APIRouter(prefix="/console/orders", include_in_schema=False)
PAGE_SIZE = 50
METHODS = ("微信", "现金", "支付宝", "转账")


def _listings(session: Session, viewer: Viewer) -> list[Listing]:
    query = select(Listing).order_by(Listing.code.desc()).limit(200)
    return list(session.exec(access.scoped(viewer, query, Listing)))


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, viewer: ViewerDep,
          offset: int = 0) -> HTMLResponse:
    chosen = OrderFilter.of(request)
    offset = max(offset, 0)
    query = order_filter.rows(viewer, chosen).order_by(Order.id.desc())
    rows = session.exec(query.offset(offset).limit(PAGE_SIZE)).all()
    return page(
        request, viewer, "orders.html", rows=rows, chosen=chosen, offset=offset,
        page_size=PAGE_SIZE, total=order_filter.count(session, viewer, chosen),
        paid=order_filter.paid(session, [row[0].id for row in rows]),
        listings=_listings(session, viewer), villages=access.villages(session, viewer),
        canteens=access.canteens(session, viewer), methods=METHODS,
        statuses=list(OrderStatus), query=chosen.query_string(),
        here=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    )


def _back_to(target: str) -> str:
    return target if target.startswith("/console/orders") else "/console/orders"


def _each(session: Session, viewer: Viewer, ids: list[int], target: str,
          step: Callable[[Order], bool], done: str, none_left: str) -> Response:
    """Apply `step` to each chosen order in one transaction: all of them, or none on refusal.

    Every id goes through the access rule first, so an id of another village typed into the
    form stops the whole batch (404) before anything changes.
    """
    if not ids:
        return back(target, problem="nothing_chosen")
    chosen = [access.get(session, viewer, Order, order_id) for order_id in ids]
    acted = attempt(session, target, lambda: sum(1 for order in chosen if step(order)))
    if isinstance(acted, Response):
        return acted
    if not acted:
        session.rollback()
        return back(target, problem=none_left)
    session.commit()
    return back(target, done=done, n=str(acted))


def _weights(form: FormData) -> dict[int, str]:
    return {int(key[7:]): str(value) for key, value in form.items()
            if key.startswith("weight-") and key[7:].isdigit() and str(value).strip()}


@router.post("/deliver")
def deliver_many(session: SessionDep, viewer: EditorDep, form: FormDep) -> Response:
    weights = _weights(form)
    # Typing a weight chooses the order too: on a phone that saves a tap per order.
    ids = forms.ids([str(v) for v in form.getlist("order")] + [str(k) for k in weights])
    author = session.get(Person, viewer.person_id)

    def step(order: Order) -> bool:
        if order.status != OrderStatus.open:
            return False
        weight = forms.optional_decimal(weights.get(order.id))
        orders.deliver(session, order=order, weight=weight, author=author)
        return True

    return _each(session, viewer, ids, _back_to(str(form.get("next", ""))), step,
                 "delivered", "order_not_open")


def _due(session: Session, order: Order) -> int:
    return order.amount_fen - order_filter.paid(session, [order.id]).get(order.id, 0)


@router.post("/pay")
def pay_many(session: SessionDep, viewer: EditorDep, form: FormDep) -> Response:
    ids = forms.ids([str(v) for v in form.getlist("order")])
    method = str(form.get("method")) if form.get("method") in METHODS else None
    author = session.get(Person, viewer.person_id)

    def step(order: Order) -> bool:
        due = _due(session, order)
        if order.status == OrderStatus.cancelled or due <= 0:
            return False
        orders.pay(session, order=order, amount_fen=due, method=method, author=author)
        return True

    return _each(session, viewer, ids, _back_to(str(form.get("next", ""))), step,
                 "paid", "nothing_due")


@router.get("/{order_id}", response_class=HTMLResponse)
def show(request: Request, session: SessionDep, viewer: ViewerDep,
         order_id: IdPath) -> HTMLResponse:
    order = access.get(session, viewer, Order, order_id)
    entries = session.exec(select(LedgerEntry).where(LedgerEntry.order_id == order.id)
                           .order_by(LedgerEntry.id)).all()
    return page(request, viewer, "order.html", order=order, entries=entries,
                listing=session.get(Listing, order.listing_id),
                buyer=session.get(Person, order.buyer_id), due=_due(session, order),
                methods=METHODS)


@router.post("/{order_id}/deliver")
def deliver_one(session: SessionDep, viewer: EditorDep, order_id: IdPath,
                weight: Annotated[str, Form()] = "") -> Response:
    author = session.get(Person, viewer.person_id)
    return _each(session, viewer, [order_id], f"/console/orders/{order_id}", lambda order: bool(
        orders.deliver(session, order=order, weight=forms.optional_decimal(weight),
                       author=author)), "delivered", "order_not_open")


@router.post("/{order_id}/pay")
def pay_one(session: SessionDep, viewer: EditorDep, order_id: IdPath,
            amount: Annotated[str, Form()], method: Annotated[str, Form()] = "") -> Response:
    author = session.get(Person, viewer.person_id)
    url = f"/console/orders/{order_id}"
    if problem := _payment_problem(session, access.get(session, viewer, Order, order_id), amount):
        return back(url, problem=problem)
    return _each(session, viewer, [order_id], url, lambda order: bool(
        orders.pay(session, order=order, amount_fen=forms.fen(amount),
                   method=method if method in METHODS else None, author=author)),
        "paid", "nothing_due")


def _payment_problem(session: Session, order: Order, amount: str) -> str | None:
    """A payment is more than nothing and at most what the order still owes."""
    try:
        fen = forms.fen(amount)
    except forms.Unclear:
        return "unclear"
    if fen <= 0:
        return "bad_payment"
    return "more_than_due" if fen > _due(session, order) else None
