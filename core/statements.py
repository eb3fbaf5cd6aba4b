"""Prepared statements: the SQL every message runs, built once and then only run.

On the paths every message takes, SQLAlchemy costs more than the database: building a statement
costs more than SQLite takes to run it, the ORM's handling of an INSERT or UPDATE of a model six
times the statement, and even a built statement 60–90 µs of Python around SQLite's 5 (on
PostgreSQL, 0.2 ms of CPU a statement on top of the round trip). So such a statement is built
once for each dialect and compiled once for each set of parameters, and then runs on the
session's DB-API connection with SQLAlchemy's own conversions of values (Decimal thousandths,
datetimes, JSON) and its errors; psycopg prepares it on the server after a few runs. It runs in
the session's transaction, after the ORM changes pending in the session are flushed, as a query
would; objects the session holds are not refreshed after.
"""

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import cache, partial
from types import ModuleType
from typing import Any, TypeVar

from sqlalchemy import Executable
from sqlalchemy import insert as sql_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, MultipleResultsFound
from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlmodel import Session, SQLModel

M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True)
class Rows:
    """What a statement gave back: its rows, read as its columns' types, and how many rows it
    changed."""

    columns: tuple[str, ...]
    rows: list[tuple]
    rowcount: int

    def scalar(self) -> Any:
        """The first column of the first row; None when there is no row."""
        return self.rows[0][0] if self.rows else None

    def one_or_none(self) -> dict[str, Any] | None:
        if len(self.rows) > 1:
            raise MultipleResultsFound(f"{len(self.rows)} rows where one was expected")
        return dict(zip(self.columns, self.rows[0], strict=True)) if self.rows else None


class prepared:  # a decorator, named like one
    """`build` gets the dialect's module (sqlite or postgresql), whose insert() can say ON
    CONFLICT, and returns a statement whose values are bindparam()s. An UPDATE may leave its SET
    clause to the parameters it is run with."""

    def __init__(self, build: Callable[[ModuleType], Executable]) -> None:
        self.build = build
        self._built: dict[str, Executable] = {}
        self._compiled: dict[tuple, _Compiled] = {}

    def __call__(self, session: Session, **params: Any) -> Rows:
        session.flush()
        connection = session.connection()
        dialect = connection.dialect
        statement = self._built.get(dialect.name)
        if statement is None:
            module = postgresql if dialect.name == "postgresql" else sqlite
            statement = self._built[dialect.name] = self.build(module)
        key = (dialect.name, *params)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _Compiled(statement, dialect, list(params))
        return compiled.run(connection, params)


class _Compiled:
    """A statement compiled for one dialect, with the conversions of its values in and out."""

    def __init__(self, statement: Executable, dialect: Dialect, keys: list[str]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        self.sql = compiled.string
        self.order = compiled.positiontup
        self.defaults = compiled.construct_params(_check=False)  # the literals of the statement
        self.into = compiled._bind_processors  # the conversions SQLAlchemy itself applies
        columns = list(getattr(statement, "exported_columns", ()))
        self.columns = tuple(column.name for column in columns)
        self.out = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                    for column in columns]

    def run(self, connection: Connection, params: dict[str, Any]) -> Rows:
        values = self.defaults | params
        for name, convert in self.into.items():
            values[name] = convert(values[name])
        # SQLite's placeholders are positional, psycopg's named.
        arguments = [values[name] for name in self.order] if self.order else values
        dialect, driver = connection.dialect, connection.connection.driver_connection
        try:
            cursor = driver.execute(self.sql, arguments)
            rows = cursor.fetchall() if cursor.description else []
        except dialect.loaded_dbapi.Error as error:  # raised as SQLAlchemy raises it
            raise self._failed(connection, error, arguments) from error
        if rows and any(self.out):
            rows = [tuple(value if convert is None else convert(value)
                          for convert, value in zip(self.out, row, strict=True)) for row in rows]
        return Rows(self.columns, rows, cursor.rowcount)

    def _failed(self, connection: Connection, error: Exception, arguments) -> DBAPIError:
        """The error SQLAlchemy would raise (IntegrityError, OperationalError, ...); a lost
        connection is taken out of the pool first, as SQLAlchemy does."""
        dialect = connection.dialect
        lost = dialect.is_disconnect(error, connection.connection.driver_connection, None)
        if lost:
            connection.invalidate(error)
        return DBAPIError.instance(self.sql, arguments, error, dialect.loaded_dbapi.Error,
                                   connection_invalidated=lost, dialect=dialect)


def insert(session: Session, record: SQLModel) -> None:
    """Write a new model object as a plain INSERT, then let it join the session as if it had
    been read: later changes to it are UPDATEs."""
    model = type(record)
    statement = _inserts.get(model)
    if statement is None:
        statement = _inserts[model] = prepared(
            lambda dialect: sql_insert(model).returning(model.id))
    record.id = statement(session, **{column.name: getattr(record, column.name)
                                      for column in model.__table__.columns
                                      if column.name != "id"}).scalar()
    make_transient_to_detached(record)
    session.add(record)


_inserts: dict[type[SQLModel], prepared] = {}


def construct(model: type[M], **values: Any) -> M:
    """A new model object with these values and the model's defaults for the rest, built the way
    SQLAlchemy builds one it has read: the values put in place at once. SQLModel's constructor
    sets them one by one through pydantic's and SQLAlchemy's attribute machinery, a quarter of
    a millisecond for a wide row, and does not validate a table model either."""
    given = set(values)
    for name, factory in _defaults(model):
        if name not in values:
            values[name] = factory()
    record = model._sa_class_manager.new_instance()
    record.__dict__.update(values)
    record.__pydantic_fields_set__ = given
    return record


@cache
def _defaults(model: type[SQLModel]) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """Each field's default as a function giving a fresh one (pydantic's own way of asking
    inspects the factory's signature on every call); a required field's raises."""
    # An object made before any query has set the mappers up has no working attributes; the
    # app sets them up at startup, a script that starts by building a record would not.
    configure_mappers()
    def default(name: str, field) -> Callable[[], Any]:
        if field.default_factory is not None:
            return field.default_factory
        if field.is_required():
            def missing() -> Any:
                raise TypeError(f"{model.__name__} needs {name}")
            return missing
        return partial(deepcopy, field.default)
    return tuple((name, default(name, field)) for name, field in model.model_fields.items())


def first(session: Session, statement: prepared, model: type[M], **params: Any) -> M | None:
    """The model object for the first row a prepared SELECT of the model's table finds, joined
    to the session as if the ORM had read it (the one the session holds already, if it holds
    that row); None when it finds none."""
    found = statement(session, **params)
    if not found.rows:
        return None
    values = dict(zip(found.columns, found.rows[0], strict=True))
    key = model.__mapper__.identity_key_from_primary_key([values["id"]])
    held = session.identity_map.get(key)
    if held is not None:
        return held
    record = construct(model, **values)
    make_transient_to_detached(record)
    session.add(record)
    return record
