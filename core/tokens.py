"""Bearer tokens for the JSON API; only a hash is stored."""

import hashlib
import secrets
from datetime import datetime

from sqlmodel import Field, Session, SQLModel, select

from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions before any table)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    digest: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, *, name: str) -> str:
    """Make a token and return it; it is shown once and cannot be read back."""
    token = "zn_" + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, digest=_digest(token)))
    session.flush()
    return token


def verify(session: Session, *, token: str) -> ApiToken | None:
    found = session.exec(select(ApiToken).where(ApiToken.digest == _digest(token))).first()
    return found if found is not None and found.revoked_at is None else None
