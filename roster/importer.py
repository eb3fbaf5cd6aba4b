"""Importing a township's roster from YAML; importing the same file twice changes nothing."""

from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from sqlmodel import Session, SQLModel, select

from roster.models import Canteen, Channel, Group, Person, Role, Township, Village

Row = TypeVar("Row", bound=SQLModel)


class RosterError(ValueError):
    """The file is not a roster; the message says where and why."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class PersonEntry(_Entry):
    name: str
    phone: str | None = None
    openid: str | None = None


class GroupEntry(_Entry):
    name: str
    channel: Channel = Channel.sandbox
    key: str | None = None

    @model_validator(mode="after")
    def robot_needs_key(self) -> "GroupEntry":
        if self.channel == Channel.wecom_robot and not self.key:
            raise ValueError(f"group {self.name}: a wecom_robot group needs its key")
        return self


class VillageEntry(_Entry):
    name: str
    officials: list[PersonEntry] = []
    farmers: list[PersonEntry] = []
    villagers: list[PersonEntry] = []
    groups: list[GroupEntry] = []


class CanteenEntry(_Entry):
    name: str
    kind: str = "canteen"
    address: str = ""
    buyers: list[PersonEntry] = []


class RosterFile(_Entry):
    township: str
    admins: list[PersonEntry] = []
    villages: list[VillageEntry] = []
    canteens: list[CanteenEntry] = []

    @field_validator("township")
    @classmethod
    def township_named(cls, value: str) -> str:
        if not value:
            raise ValueError("the township needs a name")
        return value


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def load(text: str) -> RosterFile:
    try:
        return RosterFile.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as error:
        raise RosterError(f"not valid YAML: {error}") from error
    except ValidationError as error:
        raise RosterError(str(error)) from error


def import_roster(session: Session, roster: RosterFile) -> ImportReport:
    report = ImportReport()
    township = _upsert(session, report, Township, {"name": roster.township}, {})
    for entry in roster.admins:
        _person(session, report, township, Role.admin, entry)
    for village_entry in roster.villages:
        village = _upsert(
            session, report, Village, {"township_id": township.id, "name": village_entry.name}, {}
        )
        for role, people in (
            (Role.official, village_entry.officials),
            (Role.farmer, village_entry.farmers),
            (Role.villager, village_entry.villagers),
        ):
            for entry in people:
                _person(session, report, township, role, entry, village_id=village.id)
        for group in village_entry.groups:
            _upsert(
                session, report, Group, {"village_id": village.id, "name": group.name},
                {"channel": group.channel, "robot_key": group.key},
            )
    for canteen_entry in roster.canteens:
        canteen = _upsert(
            session, report, Canteen, {"township_id": township.id, "name": canteen_entry.name},
            {"kind": canteen_entry.kind, "address": canteen_entry.address},
        )
        for entry in canteen_entry.buyers:
            _person(session, report, township, Role.buyer, entry, canteen_id=canteen.id)
    return report


def _person(session, report, township, role, entry: PersonEntry, **place: int) -> Person:
    key = {"township_id": township.id, "role": role, "name": entry.name,
           "village_id": place.get("village_id"), "canteen_id": place.get("canteen_id")}
    values: dict[str, Any] = {"phone": entry.phone}
    if entry.openid:
        holder = session.exec(select(Person).where(Person.openid == entry.openid)).first()
        if holder is not None and holder.name != entry.name:
            raise RosterError(f"openid of {entry.name} is already bound to {holder.name}")
        values["openid"] = entry.openid
    return _upsert(session, report, Person, key, values)


def _upsert(session, report, model: type[Row], key: dict, values: dict) -> Row:
    query = select(model)
    for column, value in key.items():
        query = query.where(getattr(model, column) == value)  # == None renders IS NULL
    row = session.exec(query).first()
    created = row is None
    if created:
        row = model(**key)
    changed = created
    for column, value in values.items():
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed = True
    if changed:
        session.add(row)
        session.flush()
        report.count(model.__tablename__, created)
    return row
