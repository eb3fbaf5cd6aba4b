"""Days as the township lives them (China time), and the UTC instants that bound them."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

from core.clock import utcnow

LOCAL = ZoneInfo("Asia/Shanghai")
# China keeps one offset all year, which lets SQL shift UTC timestamps by a constant.
LOCAL_OFFSET_HOURS = 8


def today() -> date:
    return utcnow().astimezone(LOCAL).date()


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL).astimezone(UTC)


def when(moment: datetime | None) -> str:
    """A timestamp as officials read it: 11-28 14:05."""
    return "" if moment is None else moment.astimezone(LOCAL).strftime("%m-%d %H:%M")


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Period:
    """From the first day to the last, both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return start_of(self.first)

    @property
    def end(self) -> datetime:
        return start_of(self.last + timedelta(days=1))

    @classmethod
    def month_of(cls, day: date) -> "Period":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return cls(day.replace(day=1), following - timedelta(days=1))

    @classmethod
    def parse(cls, first: str | None, last: str | None) -> "Period":
        """The days asked for; the current month when unsaid, swapped when given backwards."""
        default = cls.month_of(today())
        a, b = parse_day(first) or default.first, parse_day(last) or default.last
        return cls(min(a, b), max(a, b))


class local_day(FunctionElement):
    """The local calendar day of a UTC timestamp column, as 'YYYY-MM-DD' text."""

    type = String()
    inherit_cache = True


@compiles(local_day, "sqlite")
def _sqlite_day(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"date({column}, '+{LOCAL_OFFSET_HOURS} hours')"


@compiles(local_day, "postgresql")
def _postgresql_day(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"to_char(({column}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
