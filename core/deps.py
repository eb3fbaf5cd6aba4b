"""What every API route needs from the request: a database session and a page of a list."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.sql import Select
from sqlmodel import Session

MAX_LIMIT = 100_000
# Ids are INTEGER columns on PostgreSQL, and no position is beyond a signed 64-bit integer;
# the databases refuse even to compare with larger numbers, so they are a 422 up front instead
# of an error inside the driver.
MAX_ID = 2**31 - 1
MAX_OFFSET = 2**63 - 1


def _session(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def of(self, query: Select) -> Select:
        return query.limit(self.limit).offset(self.offset)


def _page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                 description="Skip this many items first.")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(_page)]
