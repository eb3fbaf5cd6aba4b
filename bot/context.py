"""Everything a handler needs to answer one message: who, where, and in which dialog."""

from dataclasses import dataclass

from sqlmodel import Session

from bot.incoming import Incoming
from bot.models import Conversation
from core.templates import render
from roster.models import Person


@dataclass
class Context:
    session: Session
    incoming: Incoming
    person: Person | None
    conversation: Conversation
    township_id: int | None

    @property
    def role(self) -> str:
        return str(self.person.role) if self.person else "unknown"

    @property
    def voice(self) -> bool:
        return self.incoming.kind == "voice"


def say(template: str, /, **values: object) -> str:
    """A reply from templates/bot/<template>.txt."""
    return render(f"bot/{template}.txt", **values)
