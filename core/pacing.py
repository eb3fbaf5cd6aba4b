"""Sending limits that hold across every worker: at most N messages per key per window.

Each send is written down as an event under its key, and the key's row is locked while the
events are counted, so two workers cannot both take the last place in a minute.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, select

from core.database import metadata  # noqa: F401  (naming conventions first)


class RateKey(SQLModel, table=True):
    __tablename__ = "rate_key"

    key: str = Field(primary_key=True, max_length=64)


class RateEvent(SQLModel, table=True):
    __tablename__ = "rate_event"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=64)
    at: datetime = Field(index=True)


def limit_for(key: str) -> tuple[int, timedelta] | None:
    """The limit of a key's kind. A WeCom robot takes 20 a minute; a 2-second margin keeps
    our count on the safe side of WeChat's clock."""
    if key.startswith("robot:"):
        return 20, timedelta(seconds=62)
    return None


def take(session: Session, *, key: str, wanted: int, now: datetime) -> tuple[int, datetime | None]:
    """How many of `wanted` sends may go now under `key`, recorded as taken; and, when some
    must wait, the moment the next place frees up."""
    limit = limit_for(key)
    if limit is None:
        return wanted, None
    most, window = limit
    _lock(session, key)
    session.execute(delete(RateEvent).where(RateEvent.key == key, RateEvent.at <= now - window))
    used, oldest = session.exec(
        select(func.count(), func.min(RateEvent.at)).where(RateEvent.key == key)).one()
    granted = max(0, min(wanted, most - used))
    session.add_all(RateEvent(key=key, at=now) for _ in range(granted))
    if granted == wanted:
        return granted, None
    frees_at = (oldest or now) + window
    return granted, frees_at


def _lock(session: Session, key: str) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(RateKey).values(key=key).on_conflict_do_nothing())
    session.exec(select(RateKey).where(RateKey.key == key).with_for_update()).one()
