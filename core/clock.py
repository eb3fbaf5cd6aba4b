"""One notion of "now": timezone-aware UTC, stored as UTC on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
