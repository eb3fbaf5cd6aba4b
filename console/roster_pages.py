"""The roster as officials see it: villages, groups, canteens, people, and invite codes."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import select

from console import access
from console.web import EditorDep, ViewerDep, back, page
from core.deps import SessionDep
from roster import service as roster
from roster.models import Canteen, Group, Invite, Person, Village

router = APIRouter(prefix="/console/roster", include_in_schema=False)


def masked(key: str | None) -> str:
    """A robot key is a password to the group: show just enough to tell two apart."""
    if not key:
        return ""
    return f"{key[:4]}••••{key[-4:]}" if len(key) > 12 else "••••"


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, viewer: ViewerDep) -> HTMLResponse:
    groups = session.exec(access.scoped(
        viewer, select(Group, Village.name).join(Village, Village.id == Group.village_id)
        .order_by(Group.village_id, Group.id), Group)).all()
    people = session.exec(access.scoped(
        viewer, select(Person, Village.name, Canteen.name)
        .outerjoin(Village, Village.id == Person.village_id)
        .outerjoin(Canteen, Canteen.id == Person.canteen_id)
        .order_by(Person.village_id, Person.role, Person.id), Person)).all()
    invites = session.exec(access.scoped(
        viewer, select(Invite, Person.name).join(Person, Person.id == Invite.person_id)
        .order_by(Invite.id.desc()).limit(20), Invite)).all()
    return page(request, viewer, "roster.html", villages=access.villages(session, viewer),
                groups=groups, canteens=access.canteens(session, viewer), people=people,
                invites=invites, masked=masked)


@router.post("/invites")
def invite(session: SessionDep, viewer: EditorDep,
           person: Annotated[int, Form()]) -> Response:
    someone = access.get(session, viewer, Person, person)
    roster.create_invite(session, person=someone)
    session.commit()
    return back("/console/roster#invites", done="invited")
