"""Who is talking and what they want: the bot's answer to one incoming message.

    event ──► follow: welcome (and the listing of a scanned QR code) · unfollow: forget the openid
    text or voice transcript
      ──► 「绑定 CODE」 ──► bound to a person of the roster
      ──► 「取消」 / 「帮助」 in a dialog ──► leave it / help for this step
      ──► in a dialog ──► that dialog's step
      ──► a command or an intent, routed by role ──► its handler
      ──► otherwise ──► examples that fit the person's role
"""

import re
import unicodedata

from sqlmodel import Session

from bot import buying, console_link, conversation, importing, managing, registration, selling
from bot.context import Context, say
from bot.incoming import Incoming
from bot.language import not_understood, parse
from bot.lookup import SCENE, listing_by_code, township_id
from bot.router import NotAllowed, Router
from roster import service as roster

BIND = re.compile(r"绑定\s*([0-9A-Za-z]{4,16})")
HELP_WORDS = {"帮助", "help", "?", "？", "怎么用", "菜单", "说明",
              "你好", "您好", "在吗", "hi", "hello"}
CANCEL_WORDS = {"取消", "算了", "不要了", "退出", "不用了"}

router = Router()
for part in (importing.router, managing.router, selling.router, registration.router,
             console_link.router, buying.router):
    router.include(part)


def respond(session: Session, incoming: Incoming) -> str | None:
    """The reply to send back, or None when the message needs no answer."""
    if incoming.kind == "event":
        return _on_event(session, incoming)
    roster.touch_follower(session, openid=incoming.openid)
    if incoming.kind not in ("text", "voice"):
        return say("unsupported")
    text = unicodedata.normalize("NFKC", incoming.text).strip()
    if not text:
        return say("voice_unrecognised") if incoming.kind == "voice" else _help(session, incoming)
    if match := BIND.fullmatch(text):
        binding = roster.bind(session, openid=incoming.openid, code=match.group(1))
        return say(f"bind_{binding.outcome}", person=binding.person)
    return _converse(_context(session, incoming), text)


def _context(session: Session, incoming: Incoming) -> Context:
    person = roster.get_by_openid(session, openid=incoming.openid)
    state, _ = conversation.load(session, openid=incoming.openid)
    return Context(session, incoming, person, state, township_id(session, person))


def _converse(ctx: Context, text: str) -> str:
    in_dialog = ctx.conversation.dialog is not None
    if in_dialog and text in CANCEL_WORDS:
        conversation.finish(ctx.session, ctx.conversation)
        return say("dialog_cancelled")
    if text in HELP_WORDS:
        return say("help", role=ctx.role, dialog=ctx.conversation.dialog)
    reading = parse(text)
    if in_dialog and ctx.conversation.dialog in router.interruptible and reading.intent in (
            "order", "cancel", "query", "offer", "jielong"):
        conversation.finish(ctx.session, ctx.conversation)
        in_dialog = False
    try:
        if in_dialog:
            return router.dialogs[ctx.conversation.dialog](ctx, text, reading)
        return router.route(ctx, text, reading) or not_understood(ctx.role)
    except NotAllowed:
        return say("not_allowed", role=ctx.role)


def _on_event(session: Session, incoming: Incoming) -> str | None:
    if incoming.event == "unsubscribe":
        roster.forget(session, openid=incoming.openid)
        return None
    if incoming.event not in ("subscribe", "scan"):
        return None  # menu clicks, template receipts, ...: nothing to say
    roster.touch_follower(session, openid=incoming.openid, scene=incoming.scene)
    ctx = _context(session, incoming)
    shown = _scanned_listing(ctx)
    if incoming.event == "subscribe":
        return say("welcome", person=ctx.person, help=shown or _help(session, incoming))
    return shown or say("help", role=ctx.role, dialog=None)


def _scanned_listing(ctx: Context) -> str | None:
    """A QR code on a listing's poster opens the chat on that listing."""
    match = SCENE.match(ctx.incoming.scene or "")
    listing = listing_by_code(ctx, int(match.group(1))) if match else None
    if listing is None:
        return None
    conversation.remember_listing(ctx.session, ctx.conversation, listing.id)
    return say("listing_card", listing=listing)


def _help(session: Session, incoming: Incoming) -> str:
    person = roster.get_by_openid(session, openid=incoming.openid)
    return say("help", role=person.role if person else "unknown", dialog=None)
