"""Sending limits that hold across every worker: at most N messages per key per window.

Each send is written down as an event under its key, and the keys' rows are locked while the
events are counted, so two workers cannot both take the last place in a minute.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Field, Session, SQLModel, select

from core.database import metadata, upsert  # noqa: F401  (naming conventions first)


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


def take(session: Session, *, wanted: dict[str, int], now: datetime
         ) -> dict[str, tuple[int, datetime | None]]:
    """For each key, how many of the wanted sends may go now (recorded as taken) and, when
    some must wait, the moment the next place frees up. A few statements for any number of
    keys, because one broadcast touches a robot per village."""
    limited = {key: count for key, count in wanted.items() if limit_for(key)}
    granted = {key: (count, None) for key, count in wanted.items() if key not in limited}
    if not limited:
        return granted
    window = max(limit_for(key)[1] for key in limited)
    _lock(session, list(limited))
    session.execute(delete(RateEvent).where(RateEvent.key.in_(limited),
                                            RateEvent.at <= now - window))
    used = {key: (count, oldest) for key, count, oldest in session.exec(
        select(RateEvent.key, func.count(), func.min(RateEvent.at))
        .where(RateEvent.key.in_(limited)).group_by(RateEvent.key))}
    for key, count in limited.items():
        most, key_window = limit_for(key)
        already, oldest = used.get(key, (0, None))
        allowed = max(0, min(count, most - already))
        frees_at = None if allowed == count else (oldest or now) + key_window
        granted[key] = (allowed, frees_at)
        session.add_all(RateEvent(key=key, at=now) for _ in range(allowed))
    return granted


def _lock(session: Session, keys: list[str]) -> None:
    session.execute(upsert(session, RateKey).values([{"key": key} for key in keys])
                    .on_conflict_do_nothing())
    # In key order, so two workers locking overlapping keys cannot deadlock.
    session.exec(select(RateKey.key).where(RateKey.key.in_(keys)).order_by(RateKey.key)
                 .with_for_update()).all()


