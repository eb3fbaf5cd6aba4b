"""Who may sign in to the console, and how: passwords, one-time links, sessions."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions before any table)


class ConsoleUser(SQLModel, table=True):
    """An admin who may also sign in with a password (officials use links from the bot)."""

    __tablename__ = "console_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    password_hash: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class SignInLink(SQLModel, table=True):
    """A link the bot hands an official: good once, for a few minutes. Only a hash is kept."""

    __tablename__ = "sign_in_link"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(unique=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class ConsoleSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; the table holds its hash."""

    __tablename__ = "console_session"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(unique=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ended_at: datetime | None = None
