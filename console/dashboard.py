"""The first page: today's listings and orders, 14 days of sales, who owes, what failed."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console import figures
from console.web import ViewerDep, page
from core.deps import SessionDep

router = APIRouter(prefix="/console", include_in_schema=False)

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 336, 120, 4


@dataclass(frozen=True)
class Bar:
    day: date
    jin: Decimal
    x: float
    y: float
    width: float
    height: float


def bars(days: list[tuple[date, Decimal]]) -> list[Bar]:
    """An SVG bar per day, scaled so the busiest day fills the chart."""
    top = max((jin for _, jin in days), default=Decimal(0)) or Decimal(1)
    width = CHART_WIDTH / len(days)
    result = []
    for index, (day, jin) in enumerate(days):
        height = float(jin / top) * CHART_HEIGHT
        result.append(Bar(day, jin, index * width + BAR_GAP / 2, CHART_HEIGHT - height,
                          width - BAR_GAP, height))
    return result


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, viewer: ViewerDep) -> HTMLResponse:
    recent = figures.window(session, viewer)
    days = figures.jin_per_day(recent)
    unpaid = figures.unpaid(session, viewer)
    return page(
        request, viewer, "dashboard.html",
        listings=figures.open_listings(session, viewer), today=figures.today(recent),
        bars=bars(days), chart_total=sum(jin for _, jin in days),
        chart=(CHART_WIDTH, CHART_HEIGHT), villages=figures.top_villages(recent),
        unpaid=unpaid[:8], unpaid_count=len(unpaid),
        unpaid_fen=sum(b.outstanding_fen for b in unpaid),
        failed=figures.failed_deliveries(session, viewer),
    )
