"""Who is in a township: villages, their groups, canteens and the people of each."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions before any table)


class Role(StrEnum):
    admin = "admin"
    official = "official"
    farmer = "farmer"
    buyer = "buyer"
    villager = "villager"


class Channel(StrEnum):
    wecom_robot = "wecom_robot"
    forward = "forward"
    sandbox = "sandbox"


class Township(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)


class Village(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("township_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    name: str = Field(max_length=64)


class Canteen(SQLModel, table=True):
    """A buying organisation: a canteen, a school kitchen or a supermarket."""

    __table_args__ = (UniqueConstraint("township_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    name: str = Field(max_length=64)
    kind: str = Field(default="canteen", max_length=16)
    address: str = Field(default="", max_length=200)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    township_id: int = Field(foreign_key="township.id", index=True)
    name: str = Field(max_length=64)
    role: Role = Field(sa_type=String(16))
    phone: str | None = Field(default=None, max_length=32)
    # Removed when the person unfollows the account; the person and their ledger rows stay.
    openid: str | None = Field(default=None, unique=True, max_length=64)
    village_id: int | None = Field(default=None, foreign_key="village.id", index=True)
    canteen_id: int | None = Field(default=None, foreign_key="canteen.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Group(SQLModel, table=True):
    """A village WeChat group: where a listing is broadcast."""

    __tablename__ = "village_group"
    __table_args__ = (UniqueConstraint("village_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    village_id: int = Field(foreign_key="village.id", index=True)
    name: str = Field(max_length=64)
    channel: Channel = Field(default=Channel.sandbox, sa_type=String(16))
    robot_key: str | None = Field(default=None, max_length=128)


class Invite(SQLModel, table=True):
    """A one-time code that binds a WeChat account to a person of the roster."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class Follower(SQLModel, table=True):
    """A WeChat user who follows the account, whether or not they are in the roster."""

    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(unique=True, max_length=64)
    # The scene of the parametric QR code the user last scanned (e.g. a listing poster).
    scene: str | None = Field(default=None, max_length=64)
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
