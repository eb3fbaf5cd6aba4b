"""What every console page shares: who is looking, CSRF on forms, rendering, redirects."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session
from starlette.datastructures import FormData

from catalog.errors import BadAmount, CatalogError, ListingNotOpen, NotEnoughStock
from console import access, forms, periods, sessions
from console.access import NotVisible, Viewer
from core.deps import SessionDep
from core.templates import render
from orders.errors import BadPayment, OrderError, OrderNotOpen

STATIC = Path(__file__).resolve().parent / "static"

# A service's refusal, named for the sentence the page shows (templates/console/_notice.html).
PROBLEMS = {
    ListingNotOpen: "not_open", NotEnoughStock: "not_enough", BadAmount: "bad_amount",
    OrderNotOpen: "order_not_open", BadPayment: "bad_payment",
}


class SignInRequired(Exception):
    pass


def current_viewer(request: Request, session: SessionDep) -> Viewer:
    settings = request.app.state.settings
    token = request.cookies.get(sessions.SESSION_COOKIE)
    person = sessions.person_of(session, token)
    viewer = person and Viewer.of(person, sessions.csrf_token(settings, token))
    if not viewer:
        raise SignInRequired
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


async def checked_editor(request: Request, viewer: ViewerDep) -> Viewer:
    """The viewer, for a form whose CSRF token matches their session."""
    form = await request.form()
    token = request.cookies.get(sessions.SESSION_COOKIE)
    if not sessions.csrf_ok(request.app.state.settings, token, form.get("csrf")):
        raise HTTPException(403, "csrf")
    return viewer


EditorDep = Annotated[Viewer, Depends(checked_editor)]


async def posted_form(request: Request) -> FormData:
    """The form, read once (asynchronously) so that plain handlers can use its lists."""
    return await request.form()


FormDep = Annotated[FormData, Depends(posted_form)]


def page(request: Request, viewer: Viewer | None, name: str, *, code: int = 200,
         **context: object) -> HTMLResponse:
    html = render(
        f"console/{name}", viewer=viewer, path=request.url.path, when=periods.when,
        done=request.query_params.get("done"), problem=request.query_params.get("problem"),
        count=request.query_params.get("n"), **context,
    )
    return HTMLResponse(html, status_code=code)


def back(url: str, **notice: str) -> RedirectResponse:
    """After a form: back to a page, with what happened (done=…) or what went wrong (problem=…)."""
    query = urlencode({key: value for key, value in notice.items() if value})
    separator = "&" if "?" in url else "?"
    return RedirectResponse(f"{url}{separator}{query}" if query else url, status_code=303)


def problem_of(error: Exception) -> str:
    return next((PROBLEMS[kind] for kind in type(error).__mro__ if kind in PROBLEMS), "refused")


SERVICE_ERRORS = (CatalogError, OrderError)
T = TypeVar("T")


def attempt(session: Session, url: str, work: Callable[[], T]) -> T | RedirectResponse:
    """Run a form's service step; when a value is unclear or the service refuses, undo it all
    and go back to `url` saying why (a sentence on the page, not an error page)."""
    try:
        return work()
    except forms.Unclear:
        session.rollback()
        return back(url, problem="unclear")
    except SERVICE_ERRORS as error:
        session.rollback()
        return back(url, problem=problem_of(error))


def install(app: FastAPI) -> None:
    """Mount the console's pages, its static files and its error pages on the app."""
    from console import (
        dashboard,
        deliveries,
        exports,
        listings,
        messages,
        orders,
        roster_pages,
        signin,
        statements,
    )

    for module in (signin, dashboard, listings, orders, deliveries, statements, exports,
                   roster_pages, messages):
        app.include_router(module.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(NotVisible, _not_visible)


async def _sign_in_required(request: Request, _error: Exception) -> Response:
    if request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/console/login?" + urlencode({"next": target}), 303)
    return page(request, None, "signed_out.html", code=403)


async def _not_visible(request: Request, _error: Exception) -> Response:
    return page(request, None, "not_found.html", code=404)


__all__ = ["EditorDep", "ViewerDep", "access", "back", "page"]
