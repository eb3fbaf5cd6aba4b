"""The delivery roster: one printable pick list per drop point for a day's orders."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console import periods, picklists
from console.web import ViewerDep, page
from core.deps import SessionDep

router = APIRouter(prefix="/console/deliveries", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def roster(request: Request, session: SessionDep, viewer: ViewerDep, day: str = "",
           all: bool = False) -> HTMLResponse:
    chosen = periods.parse_day(day) or periods.today()
    sheets = picklists.for_day(session, viewer, chosen, delivered_too=all)
    query = f"day={chosen.isoformat()}" + ("&all=true" if all else "")
    return page(request, viewer, "deliveries.html", day=chosen, sheets=sheets, all=all,
                totals=picklists.grand_totals(sheets), query=query,
                amount_fen=sum(sheet.amount_fen for sheet in sheets))
