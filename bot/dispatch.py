"""Who is talking and what they want: the bot's answer to one incoming message."""

import re

from sqlmodel import Session

from bot.incoming import Incoming
from core.templates import render
from roster import service as roster
from roster.models import Person

BIND = re.compile(r"^\s*绑定\s*([0-9A-Za-z]{4,16})\s*$")
HELP_WORDS = {"帮助", "help", "?", "？", "怎么用", "菜单"}


def respond(session: Session, incoming: Incoming) -> str | None:
    """The reply to send back, or None when the message needs no answer."""
    if incoming.kind == "event":
        return _on_event(session, incoming)
    roster.touch_follower(session, openid=incoming.openid)
    person = roster.get_by_openid(session, openid=incoming.openid)
    if incoming.kind not in ("text", "voice"):
        return render("bot/unsupported.txt")
    if not incoming.text.strip():
        return render("bot/voice_unrecognised.txt") if incoming.kind == "voice" else _help(person)
    if match := BIND.match(incoming.text):
        return _bind(session, incoming.openid, match.group(1))
    return _help(person)


def _on_event(session: Session, incoming: Incoming) -> str | None:
    if incoming.event == "unsubscribe":
        roster.forget(session, openid=incoming.openid)
        return None
    if incoming.event not in ("subscribe", "scan"):
        return None  # menu clicks, template receipts, ...: nothing to say
    roster.touch_follower(session, openid=incoming.openid, scene=incoming.scene)
    person = roster.get_by_openid(session, openid=incoming.openid)
    if incoming.event == "subscribe":
        return render("bot/welcome.txt", person=person, help=_help(person))
    return _help(person)


def _bind(session: Session, openid: str, code: str) -> str:
    binding = roster.bind(session, openid=openid, code=code)
    return render(f"bot/bind_{binding.outcome}.txt", person=binding.person)


def _help(person: Person | None) -> str:
    return render("bot/help.txt", role=person.role if person else "unknown")
