"""Short codes people can type: listing 12, order D35, counted per township."""

from sqlalchemy import String, UniqueConstraint, bindparam, update
from sqlmodel import Field, Session, SQLModel

from core.database import metadata, upsert  # noqa: F401  (naming conventions first)
from core.statements import prepared


class Counter(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("scope", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: int  # the township
    name: str = Field(sa_type=String(16))
    value: int = 0


def next_value(session: Session, *, scope: int, name: str) -> int:
    """The next code; concurrent callers each get their own, on SQLite and PostgreSQL."""
    value = _increment(session, township=scope, counter=name).scalar()
    if value is None:  # the first code of its kind: make the counter, then count
        session.execute(upsert(session, Counter).values(scope=scope, name=name, value=0)
                        .on_conflict_do_nothing())
        value = _increment(session, township=scope, counter=name).scalar()
    return value


@prepared
def _increment(dialect):
    return (update(Counter)
            .where(Counter.scope == bindparam("township"), Counter.name == bindparam("counter"))
            .values(value=Counter.value + 1).returning(Counter.value))
