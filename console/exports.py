"""Downloads: orders, the delivery roster, a canteen's statement and the farmers' payouts.

Each export applies the same access rule and filters as its page. Orders can be many, so they
are read with yield_per in a session of their own and never held in memory all at once.
"""

from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func
from sqlmodel import select

from console import access, accounts, periods, picklists
from console.access import Viewer
from console.order_filter import OrderFilter, rows
from console.periods import Period
from console.picklists import Sheet as PickSheet
from console.spreadsheets import Fen, Sheet, csv_response, words, xlsx_response
from console.web import ViewerDep
from core.database import Database
from core.deps import IdQuery, SessionDep
from orders.models import LedgerEntry, Order
from roster.models import Canteen

router = APIRouter(prefix="/console/export", include_in_schema=False)
Format = Literal["csv", "xlsx"]


def _respond(fmt: Format, name: str, sheets: list[Sheet]) -> StreamingResponse:
    if fmt == "csv":
        first = sheets[0]
        return csv_response(name, first.header, _chain(sheets))
    return xlsx_response(name, sheets)


def _chain(sheets: list[Sheet]) -> Iterator[list]:
    """All sheets as one CSV: the first sheet's rows, then each further sheet after a gap."""
    for index, sheet in enumerate(sheets):
        if index:
            yield []
            yield [sheet.name]
            yield sheet.header
        yield from sheet.rows


def _order_rows(db: Database, viewer: Viewer, chosen: OrderFilter) -> Iterator[list]:
    paid = (select(LedgerEntry.order_id, func.sum(LedgerEntry.paid_fen).label("paid"))
            .group_by(LedgerEntry.order_id).subquery("paid"))
    query = (rows(viewer, chosen).add_columns(paid.c.paid)
             .outerjoin(paid, paid.c.order_id == Order.id).order_by(Order.id)
             .execution_options(yield_per=1000))
    status = words()["status"]
    with db.session() as session:
        for order, listing, buyer, village, canteen, paid_fen in session.execute(query):
            yield [f"D{order.code}", periods.when(order.created_at), listing.code,
                   listing.product, buyer.name, buyer.phone or "", village or "", canteen or "",
                   order.quantity, order.delivered_quantity, listing.unit,
                   Fen(order.price_fen), Fen(order.amount_fen), Fen(paid_fen or 0),
                   status[order.status], order.note]


@router.get("/orders.{fmt}")
def orders(request: Request, session: SessionDep, viewer: ViewerDep,
           fmt: Format) -> StreamingResponse:
    # The rows are read in a session of their own: end this one first, or SQLite would wait.
    session.close()
    text = words()["orders"]
    sheet = Sheet(text["file"], text["columns"],
                  _order_rows(request.app.state.db, viewer, OrderFilter.of(request)))
    return _respond(fmt, text["file"], [sheet])


def _drop_point(sheet: PickSheet) -> str:
    text = words()["deliveries"]
    if sheet.kind == "village":
        return sheet.place + text["village_suffix"]
    return sheet.place or text["walk_in"]


def _totals_rows(totals: list[picklists.Total]) -> list[list]:
    lines = [[t.product, t.unit, t.orders, t.quantity, t.jin, Fen(t.amount_fen)] for t in totals]
    return [*lines, [words()["total"], "", sum(t.orders for t in totals), None, None,
                     Fen(sum(t.amount_fen for t in totals))]]


def _pick_rows(sheet: PickSheet) -> list[list]:
    place = _drop_point(sheet)
    return [[place, sheet.address, f"D{line.order.code}", line.buyer.name,
             line.buyer.phone or "", line.listing.product, line.quantity, line.listing.unit,
             Fen(line.order.amount_fen), line.order.note, ""] for line in sheet.lines]


@router.get("/deliveries.{fmt}")
def deliveries(session: SessionDep, viewer: ViewerDep, fmt: Format, day: str = "",
               all: bool = False) -> StreamingResponse:
    chosen = periods.parse_day(day) or periods.today()
    sheets = picklists.for_day(session, viewer, chosen, delivered_too=all)
    text = words()["deliveries"]
    name = f"{text['file']}-{chosen.isoformat()}"
    summary = Sheet(text["summary"], text["total_columns"],
                    _totals_rows(picklists.grand_totals(sheets)))
    if fmt == "csv":
        lines = [row for sheet in sheets for row in _pick_rows(sheet)]
        return _respond(fmt, name, [Sheet(name, text["columns"], lines), summary])
    per_point = [Sheet(_drop_point(sheet), text["columns"],
                       [*_pick_rows(sheet), [], *_totals_rows(sheet.totals)])
                 for sheet in sheets]
    return _respond(fmt, name, [summary, *per_point])


@router.get("/statement.{fmt}")
def statement(session: SessionDep, viewer: ViewerDep, fmt: Format, canteen: IdQuery = None,
              first: str = "", last: str = "") -> StreamingResponse:
    found = accounts.statement(session, viewer, access.get(session, viewer, Canteen, canteen),
                               Period.parse(first, last))
    status = words()["status"]
    lines = [[periods.when(line.order.created_at), f"D{line.order.code}", line.buyer,
              line.listing.product, line.quantity, line.listing.unit,
              Fen(line.order.price_fen), Fen(line.due_fen), Fen(line.paid_fen),
              status[line.order.status]] for line in found.lines]
    total = [words()["total"], len(lines), "", "", None, "", None, Fen(found.due_fen),
             Fen(found.paid_fen), ""]
    name = f"{found.canteen.name}{words()['statement']['file']}-{found.period.first.isoformat()}"
    return _respond(fmt, name, [Sheet(found.canteen.name, words()["statement"]["columns"],
                                      [*lines, total])])


@router.get("/payouts.{fmt}")
def payouts(session: SessionDep, viewer: ViewerDep, fmt: Format, first: str = "",
            last: str = "") -> StreamingResponse:
    period = Period.parse(first, last)
    found = accounts.payouts(session, viewer, period)
    lines = [[p.farmer.name, p.village, p.farmer.phone or "", line.listing.code,
              line.listing.product, Fen(line.listing.price_fen), line.orders,
              line.delivered_quantity, line.listing.unit, Fen(line.delivered_fen),
              Fen(line.paid_fen)] for p in found for line in p.lines]
    total = [words()["total"], "", "", None, "", None, sum(p.total("orders") for p in found),
             None, "", Fen(sum(p.total("delivered_fen") for p in found)),
             Fen(sum(p.total("paid_fen") for p in found))]
    text = words()["payouts"]
    return _respond(fmt, f"{text['file']}-{period.first.isoformat()}",
                    [Sheet(text["file"], text["columns"], [*lines, total])])
