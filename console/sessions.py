"""Signing in to the console: one-time links from the bot, session cookies, CSRF tokens.

    「后台」 to the bot ─► link(person) ─► /console/signin/<nonce>.<signature>
      ─► redeem(): signature, then the stored hash, unexpired and unused (one conditional UPDATE,
         so two clicks racing cannot both get in) ─► a session, its token in an HttpOnly cookie

Every token is random and only its SHA-256 is stored; the link's signature (HMAC with
ZHUNONG_SECRET_KEY) lets a forged or truncated link be refused before any database work.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import update
from sqlmodel import Session, select

from console.models import ConsoleSession, SignInLink
from core.clock import utcnow
from core.settings import Settings
from roster.models import Person

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(days=7)
SESSION_COOKIE = "zn_console"
# A browser not yet signed in still needs a CSRF token for the password form.
PRE_COOKIE = "zn_pre"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sign(settings: Settings, purpose: str, value: str) -> str:
    message = f"{purpose}|{value}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def link(session: Session, settings: Settings, *, person: Person) -> str:
    """A signed, single-use sign-in URL for `person`, good for ten minutes."""
    nonce = secrets.token_urlsafe(24)
    session.add(SignInLink(digest=_digest(nonce), person_id=person.id,
                           expires_at=utcnow() + LINK_TTL))
    session.flush()
    base = settings.public_url.rstrip("/")
    return f"{base}/console/signin/{nonce}.{_sign(settings, 'link', nonce)}"


def redeem(session: Session, settings: Settings, *, token: str) -> Person | None:
    """The person a link signs in, using the link up; None for a bad, old or used link."""
    nonce, _, signature = token.rpartition(".")
    if not nonce or not hmac.compare_digest(signature, _sign(settings, "link", nonce)):
        return None
    now = utcnow()
    person_id = session.execute(
        update(SignInLink)
        .where(SignInLink.digest == _digest(nonce), SignInLink.used_at.is_(None),
               SignInLink.expires_at > now)
        .values(used_at=now)
        .returning(SignInLink.person_id)
    ).scalar_one_or_none()
    return None if person_id is None else session.get(Person, person_id)


def start(session: Session, *, person: Person) -> str:
    """A new session for `person`; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(digest=_digest(token), person_id=person.id,
                               expires_at=utcnow() + SESSION_TTL))
    session.flush()
    return token


def person_of(session: Session, token: str | None) -> Person | None:
    if not token:
        return None
    found = session.exec(
        select(ConsoleSession).where(ConsoleSession.digest == _digest(token))
    ).first()
    if found is None or found.ended_at is not None or found.expires_at <= utcnow():
        return None
    return session.get(Person, found.person_id)


def end(session: Session, token: str | None) -> None:
    if token:
        session.execute(update(ConsoleSession).where(ConsoleSession.digest == _digest(token))
                        .values(ended_at=utcnow()))


def set_cookie(response: Response, settings: Settings, name: str, value: str,
               max_age: timedelta) -> None:
    # Secure only behind https, or a local http console could never keep its cookie.
    response.set_cookie(name, value, max_age=int(max_age.total_seconds()), path="/console",
                        httponly=True, samesite="lax",
                        secure=settings.public_url.startswith("https://"))


def signed_in(response: Response, settings: Settings, token: str) -> None:
    set_cookie(response, settings, SESSION_COOKIE, token, SESSION_TTL)


def signed_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/console")


def pre_token(request: Request) -> tuple[str, bool]:
    """The anonymous browser's token, and whether it is new (and must be set as a cookie)."""
    existing = request.cookies.get(PRE_COOKIE)
    return (existing, False) if existing else (secrets.token_urlsafe(16), True)


def csrf_token(settings: Settings, seed: str) -> str:
    """What every form carries: bound to the browser's session (or pre-session) token."""
    return _sign(settings, "csrf", seed)


def csrf_ok(settings: Settings, seed: str | None, given: str | None) -> bool:
    return bool(seed and given) and hmac.compare_digest(given, csrf_token(settings, seed))
