"""Signing in (by the bot's link, or an admin's password) and out."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from console import sessions, users
from console.access import Viewer
from console.web import EditorDep, page
from core.deps import SessionDep

router = APIRouter(prefix="/console", include_in_schema=False)


def _safe_next(target: str | None) -> str:
    # Only somewhere inside the console: never an open redirect to another site.
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console"


def _enter(request: Request, session, person, target: str) -> Response:
    token = sessions.start(session, person=person)
    session.commit()
    response = RedirectResponse(_safe_next(target), status_code=303)
    sessions.signed_in(response, request.app.state.settings, token)
    return response


@router.get("/signin/{token}")
def sign_in_by_link(request: Request, session: SessionDep, token: str) -> Response:
    person = sessions.redeem(session, request.app.state.settings, token=token)
    if person is None or Viewer.of(person) is None:
        session.rollback()
        return page(request, None, "link_invalid.html", code=400)
    return _enter(request, session, person, "/console")


@router.get("/login")
def login_form(request: Request, next: str = "/console") -> Response:
    settings = request.app.state.settings
    seed, new = sessions.pre_token(request)
    response = page(request, None, "login.html", csrf=sessions.csrf_token(settings, seed),
                    next=_safe_next(next), failed=False)
    if new:
        sessions.set_cookie(response, settings, sessions.PRE_COOKIE, seed, sessions.LINK_TTL)
    return response


@router.post("/login")
def login(
    request: Request, session: SessionDep, name: Annotated[str, Form()],
    password: Annotated[str, Form()], csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/console",
) -> Response:
    settings = request.app.state.settings
    seed = request.cookies.get(sessions.PRE_COOKIE)
    if not sessions.csrf_ok(settings, seed, csrf):
        raise HTTPException(403, "csrf")
    person = users.authenticate(session, name=name, password=password)
    if person is None:
        return page(request, None, "login.html", code=401, failed=True,
                    csrf=sessions.csrf_token(settings, seed), next=_safe_next(next))
    return _enter(request, session, person, next)


@router.post("/logout")
def logout(request: Request, session: SessionDep, viewer: EditorDep) -> Response:
    sessions.end(session, request.cookies.get(sessions.SESSION_COOKIE))
    session.commit()
    response = RedirectResponse("/console/login", status_code=303)
    sessions.signed_out(response)
    return response
