"""A canteen's monthly statement (对账单) and the farmers' payouts, printable and exportable."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console import access, accounts
from console.periods import Period
from console.web import ViewerDep, page
from core.deps import IdQuery, SessionDep
from roster.models import Canteen

router = APIRouter(prefix="/console", include_in_schema=False)


def _query(period: Period, **extra: object) -> str:
    pairs = [f"first={period.first.isoformat()}", f"last={period.last.isoformat()}"]
    return "&".join(pairs + [f"{key}={value}" for key, value in extra.items()])


@router.get("/statements", response_class=HTMLResponse)
def canteen_statement(request: Request, session: SessionDep, viewer: ViewerDep,
                      canteen: IdQuery = None, first: str = "",
                      last: str = "") -> HTMLResponse:
    period = Period.parse(first, last)
    canteens = access.canteens(session, viewer)
    chosen = access.get(session, viewer, Canteen, canteen) if canteen else (
        canteens[0] if canteens else None)
    found = accounts.statement(session, viewer, chosen, period) if chosen else None
    return page(request, viewer, "statement.html", canteens=canteens, statement=found,
                period=period, query=_query(period, canteen=chosen.id if chosen else ""))


@router.get("/payouts", response_class=HTMLResponse)
def farmer_payouts(request: Request, session: SessionDep, viewer: ViewerDep, first: str = "",
                   last: str = "") -> HTMLResponse:
    period = Period.parse(first, last)
    found = accounts.payouts(session, viewer, period)
    return page(request, viewer, "payouts.html", payouts=found, period=period,
                query=_query(period))
