"""Finding people by their WeChat account, and binding or unbinding that account."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from core import statements
from core.channels.oa_customer import CustomerWindow
from core.clock import utcnow
from core.statements import prepared
from roster.models import Follower, Invite, Person

# No 0/O or 1/I/L: a code read out over the phone must survive it.
INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INVITE_LENGTH = 6
INVITE_TTL = timedelta(days=14)


def get_by_openid(session: Session, *, openid: str) -> Person | None:
    return statements.first(session, _by_openid, Person, openid=openid)


@prepared  # every message looks its writer up
def _by_openid(dialect):
    return select(Person.__table__).where(Person.openid == bindparam("openid"))


def touch_follower(session: Session, *, openid: str, scene: str | None = None) -> None:
    """Note that the user was here (and what they scanned): one statement, on every message."""
    _touch(session, openid=openid, scene=scene, now=utcnow())


@prepared
def _touch(dialect):
    touch = dialect.insert(Follower).values(openid=bindparam("openid"), scene=bindparam("scene"),
                                            first_seen_at=bindparam("now"),
                                            last_seen_at=bindparam("now"))
    # A message without a scene keeps the one last scanned.
    return touch.on_conflict_do_update(index_elements=["openid"], set_={
        "last_seen_at": touch.excluded.last_seen_at,
        "scene": func.coalesce(touch.excluded.scene, Follower.scene)})


def forget(session: Session, *, openid: str) -> None:
    """The user unfollowed: drop every trace of the openid, keep the person and their records."""
    for person in session.exec(select(Person).where(Person.openid == openid)):
        person.openid = None
        session.add(person)
    for follower in session.exec(select(Follower).where(Follower.openid == openid)):
        session.delete(follower)
    window = session.get(CustomerWindow, openid)
    if window is not None:
        session.delete(window)
    session.flush()


def create_invite(session: Session, *, person: Person, ttl: timedelta = INVITE_TTL) -> Invite:
    code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
    invite = Invite(code=code, person_id=person.id, expires_at=utcnow() + ttl)
    session.add(invite)
    session.flush()
    return invite


@dataclass(frozen=True)
class Binding:
    outcome: str  # bound, unknown_code, already_bound
    person: Person | None = None


def bind(session: Session, *, openid: str, code: str) -> Binding:
    """Bind the WeChat account to the person an unused, unexpired invite code names."""
    current = get_by_openid(session, openid=openid)
    if current is not None:
        return Binding("already_bound", current)
    invite = session.exec(
        select(Invite).where(Invite.code == code.strip().upper()).with_for_update()
    ).first()
    if invite is None or invite.used_at is not None or invite.expires_at < utcnow():
        return Binding("unknown_code")
    person = session.get(Person, invite.person_id)
    person.openid = openid
    invite.used_at = utcnow()
    session.add_all([person, invite])
    session.flush()
    return Binding("bound", person)
