"""Listings: publish for a farmer, correct, close, restock, and watch the broadcast go out."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from catalog import broadcast
from catalog import service as catalog
from catalog.models import Listing, ListingStatus
from console import access, forms
from console.access import Viewer
from console.web import EditorDep, ViewerDep, attempt, back, page
from core import outbound
from core.deps import MAX_ID, IdPath, SessionDep
from core.outbound import OutboundMessage, Status
from orders.models import Order, OrderStatus
from roster.models import Person, Role, Village

router = APIRouter(prefix="/console/listings", include_in_schema=False)
STATUSES = ("open", "draft", "sold_out", "closed", "rejected")


def _farmers(session: Session, viewer: Viewer) -> list[tuple[Person, str]]:
    query = (select(Person, Village.name).join(Village, Village.id == Person.village_id)
             .where(Person.role == Role.farmer).order_by(Village.id, Person.id))
    return list(session.exec(access.scoped(viewer, query, Person)))


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, viewer: ViewerDep,
          status: str = "") -> HTMLResponse:
    query = (select(Listing, Village.name, Person.name)
             .join(Village, Village.id == Listing.village_id)
             .join(Person, Person.id == Listing.farmer_id).order_by(Listing.code.desc()))
    if status in STATUSES:
        query = query.where(Listing.status == status)
    rows = session.exec(access.scoped(viewer, query, Listing).limit(500)).all()
    return page(request, viewer, "listings.html", rows=rows, status=status, statuses=STATUSES)


@router.get("/new", response_class=HTMLResponse)
def new(request: Request, session: SessionDep, viewer: ViewerDep) -> HTMLResponse:
    return page(request, viewer, "listing_new.html", farmers=_farmers(session, viewer))


@router.post("")
def create(
    request: Request, session: SessionDep, viewer: EditorDep,
    farmer: Annotated[int, Form(ge=1, le=MAX_ID)], product: Annotated[str, Form()],
    quantity: Annotated[str, Form()], price: Annotated[str, Form()],
    unit: Annotated[str, Form()] = "斤", pack_jin: Annotated[str, Form()] = "",
    fulfilment: Annotated[str, Form()] = "", show_phone: Annotated[bool, Form()] = False,
    draft: Annotated[bool, Form()] = False,
) -> Response:
    seller = session.exec(access.scoped(
        viewer, select(Person).where(Person.id == farmer, Person.role == Role.farmer), Person
    )).first()
    if seller is None or seller.village_id is None:
        return back("/console/listings/new", problem="no_farmer")
    listing = attempt(session, "/console/listings/new", lambda: catalog.create(
        session, author=session.get(Person, viewer.person_id), farmer=seller,
        product=product.strip()[:32], unit=(unit.strip() or "斤")[:8],
        quantity=forms.decimal(quantity), price_fen=forms.fen(price),
        pack_jin=forms.optional_decimal(pack_jin), fulfilment=fulfilment.strip()[:100],
        show_phone=show_phone, publish=not draft))
    if isinstance(listing, Response):
        return listing
    session.commit()
    return back(f"/console/listings/{listing.id}", done="drafted" if draft else "created")


def _broadcast(session: Session, listing: Listing) -> list[OutboundMessage]:
    return list(session.exec(
        select(OutboundMessage).where(OutboundMessage.topic == broadcast.topic(listing))
        .order_by(OutboundMessage.target_kind, OutboundMessage.id)))


@router.get("/{listing_id}", response_class=HTMLResponse)
def show(request: Request, session: SessionDep, viewer: ViewerDep,
         listing_id: IdPath) -> HTMLResponse:
    listing = access.get(session, viewer, Listing, listing_id)
    messages = _broadcast(session, listing)
    counts = {status: sum(1 for m in messages if m.status == status) for status in Status}
    live = session.exec(select(Order).where(
        Order.listing_id == listing.id, Order.status != OrderStatus.cancelled)).all()
    return page(
        request, viewer, "listing.html", listing=listing, messages=messages, counts=counts,
        farmer=session.get(Person, listing.farmer_id),
        village=session.get(Village, listing.village_id), order_count=len(live),
        ordered=sum((o.quantity for o in live), start=0), ListingStatus=ListingStatus,
    )


def _act(session: Session, viewer: Viewer, listing_id: int, done: str, step) -> Response:
    """Run one service step on a visible listing; a refusal is a sentence, not an error page."""
    listing = access.get(session, viewer, Listing, listing_id)
    url = f"/console/listings/{listing.id}"
    refused = attempt(session, url, lambda: step(listing))
    if isinstance(refused, Response):
        return refused
    session.commit()
    return back(url, done=done)


@router.post("/{listing_id}/edit")
def edit(
    session: SessionDep, viewer: EditorDep, listing_id: IdPath, product: Annotated[str, Form()],
    price: Annotated[str, Form()], fulfilment: Annotated[str, Form()] = "",
    show_phone: Annotated[bool, Form()] = False,
) -> Response:
    return _act(session, viewer, listing_id, "edited", lambda listing: catalog.edit(
        session, listing=listing, product=product, price_fen=forms.fen(price),
        fulfilment=fulfilment, show_phone=show_phone))


@router.post("/{listing_id}/publish")
def publish(session: SessionDep, viewer: EditorDep, listing_id: IdPath) -> Response:
    return _act(session, viewer, listing_id, "published",
                lambda listing: catalog.publish(session, listing=listing))


@router.post("/{listing_id}/close")
def close(session: SessionDep, viewer: EditorDep, listing_id: IdPath) -> Response:
    return _act(session, viewer, listing_id, "closed",
                lambda listing: catalog.close(session, listing=listing))


@router.post("/{listing_id}/restock")
def restock(session: SessionDep, viewer: EditorDep, listing_id: IdPath,
            amount: Annotated[str, Form()]) -> Response:
    return _act(session, viewer, listing_id, "restocked", lambda listing: catalog.restock(
        session, listing=listing, amount=forms.decimal(amount)))


@router.post("/{listing_id}/deliveries/{message_id}/retry")
def retry(session: SessionDep, viewer: EditorDep, listing_id: IdPath,
          message_id: IdPath) -> Response:
    listing = access.get(session, viewer, Listing, listing_id)
    message = session.get(OutboundMessage, message_id)
    url = f"/console/listings/{listing.id}"
    # The message must be this (visible) listing's broadcast: an id from elsewhere is refused.
    if message is None or message.topic != broadcast.topic(listing):
        raise access.NotVisible("OutboundMessage")
    if message.status != Status.failed:
        return back(url, problem="not_failed")
    outbound.retry(session, message_id=message.id)
    session.commit()
    return back(url, done="retried")
