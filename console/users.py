"""Admins who sign in with a password; argon2 hashes only."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from console.models import ConsoleUser
from roster.models import Person, Role

_hasher = PasswordHasher()
# Verifying against a real hash when the name is unknown keeps the answer's timing the same.
_DUMMY = _hasher.hash("not a password anyone has")
MIN_PASSWORD = 10


class UserError(ValueError):
    """The user cannot be created; the message says why."""


def create(session: Session, *, person: Person, password: str) -> ConsoleUser:
    if person.role != Role.admin:
        raise UserError(f"{person.name} is not an admin of the roster")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    user = session.exec(select(ConsoleUser).where(ConsoleUser.name == person.name)).first()
    user = user or ConsoleUser(name=person.name, person_id=person.id, password_hash="")
    user.person_id, user.password_hash = person.id, _hasher.hash(password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, name: str, password: str) -> Person | None:
    user = session.exec(select(ConsoleUser).where(ConsoleUser.name == name.strip())).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    person = session.get(Person, user.person_id)
    return person if person is not None and person.role == Role.admin else None
