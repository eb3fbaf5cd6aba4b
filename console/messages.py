"""Every message the bot received, and what it did: its reply, or why it failed."""

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import select

from console import access
from console.web import ViewerDep, page
from core.deps import IdQuery, SessionDep
from roster.models import Person
from webhooks.models import InboundMessage

router = APIRouter(prefix="/console/messages", include_in_schema=False)
PAGE_SIZE = 50
SIGN_IN_LINK = re.compile(r"(/console/signin/)\S+")


def redacted(reply: str | None) -> str:
    """A reply with any sign-in link cut short: the log must not hand out someone's way in."""
    return SIGN_IN_LINK.sub(r"\1…", reply or "")


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, viewer: ViewerDep,
          before: IdQuery = None) -> HTMLResponse:
    query = (select(InboundMessage, Person.name)
             .outerjoin(Person, Person.openid == InboundMessage.openid)
             .order_by(InboundMessage.id.desc()).limit(PAGE_SIZE))
    if before is not None:
        query = query.where(InboundMessage.id < before)
    rows = session.exec(access.scoped(viewer, query, InboundMessage)).all()
    older = rows[-1][0].id if len(rows) == PAGE_SIZE else None
    return page(request, viewer, "messages.html", rows=rows, older=older, redacted=redacted)
