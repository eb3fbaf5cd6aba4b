"""Short codes people can type: listing 12, order D35, counted per township."""

from sqlalchemy import String, UniqueConstraint, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel

from core.database import metadata  # noqa: F401  (naming conventions before any table)


class Counter(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("scope", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: int  # the township
    name: str = Field(sa_type=String(16))
    value: int = 0


def next_value(session: Session, *, scope: int, name: str) -> int:
    """The next code; concurrent callers each get their own, on SQLite and PostgreSQL."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(Counter).values(scope=scope, name=name, value=0).on_conflict_do_nothing()
    )
    return session.execute(
        update(Counter)
        .where(Counter.scope == scope, Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()
