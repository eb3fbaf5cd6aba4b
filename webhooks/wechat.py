"""The Official Account callback, GET and POST /wechat, in plaintext, compatible and safe mode."""

import logging
import re
import secrets
import time
from functools import partial

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from wechatpy.replies import TextReply

from core.logs import short
from core.settings import Settings
from webhooks import handling, inbox, throttle, translate
from webhooks.envelope import EnvelopeError, open_envelope, seal
from webhooks.signature import is_fresh, is_valid

log = logging.getLogger("zhunong.webhooks")
router = APIRouter(tags=["wechat"])
SUCCESS = "success"  # tells WeChat "received, nothing to say now" and stops its retries
# The request's nonce is echoed in an encrypted reply's XML; WeChat's are digits, anything else
# (markup, "]]>") is replaced by one of our own rather than echoed.
REPLY_NONCE = re.compile(r"[0-9A-Za-z_-]{1,64}")


@router.get("/wechat", response_class=PlainTextResponse)
async def verify(
    request: Request, signature: str = "", timestamp: str = "", nonce: str = "", echostr: str = ""
) -> str:
    settings: Settings = request.app.state.settings
    _check_signature(settings, signature, timestamp, nonce)
    return echostr


@router.post("/wechat", response_class=PlainTextResponse)
async def receive(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    deadline = time.monotonic() + settings.wechat_reply_budget
    query = request.query_params
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    body = await _read_capped(request, settings.wechat_max_body)
    encrypted = query.get("encrypt_type") == "aes" and bool(settings.wechat_aes_key)
    if encrypted:
        xml_text = _open(settings, body, query.get("msg_signature"), timestamp, nonce)
        _check_freshness(settings, timestamp)
    else:
        _check_signature(settings, query.get("signature", ""), timestamp, nonce)
        xml_text = _plain_text(body)
    try:
        parsed = translate.parse(xml_text)
    except translate.BadMessage as error:
        raise HTTPException(400, str(error)) from error

    reply = await _reply(request, parsed, deadline)
    if reply is None:
        return PlainTextResponse(SUCCESS)
    xml_reply = TextReply(source=parsed.record.account, target=parsed.record.openid,
                          content=reply).render()
    if encrypted:
        if not REPLY_NONCE.fullmatch(nonce):
            nonce = secrets.token_hex(8)
        xml_reply = seal(xml_reply, token=settings.wechat_token, app_id=settings.wechat_app_id,
                         aes_key=settings.wechat_aes_key, nonce=nonce)
    return Response(xml_reply, media_type="application/xml")


async def _reply(request: Request, parsed: translate.Parsed, deadline: float) -> str | None:
    state = request.app.state
    db, limit = state.db, state.settings.rate_limit_per_minute
    race = handling.ReplyRace()
    reply = await handling.reply_in_time(partial(handling.arrive, db, parsed, limit, race), race,
                                         deadline, state.pending, state.handlers)
    if race.handling:
        return reply
    record, recent = race.stored.message, race.stored.recent
    if not race.stored.fresh:
        if not await run_in_threadpool(inbox.take_over, db, record.id):
            log.info("retry of %s from %s", record.dedupe_key, short(record.openid))
            return await handling.earlier_reply(db, record.id, deadline)
        if limit > 0:
            recent = await run_in_threadpool(throttle.recount, db, record)
    if throttle.over(record, recent, limit):
        log.info("throttled %s from %s", record.dedupe_key, short(record.openid))
        return (await run_in_threadpool(throttle.hold, db, record)).reply
    # A message taken over from a handler whose lease ran out.
    takeover = handling.ReplyRace()
    takeover.arrived(race.stored, handling=True)
    work = partial(handling.process, db, translate.incoming(parsed, record.id), takeover)
    return await handling.reply_in_time(work, takeover, deadline, state.pending, state.handlers)


def _check_signature(settings: Settings, signature: str, timestamp: str, nonce: str) -> None:
    if not is_valid(signature, settings.wechat_token, timestamp, nonce):
        raise HTTPException(403, "bad signature")
    _check_freshness(settings, timestamp)


def _check_freshness(settings: Settings, timestamp: str) -> None:
    if not is_fresh(timestamp, settings.wechat_max_clock_skew):
        raise HTTPException(403, "timestamp outside the allowed clock skew")


def _open(settings: Settings, body: bytes, msg_signature, timestamp: str, nonce: str) -> str:
    keys = [key for key in (settings.wechat_aes_key, settings.wechat_aes_key_previous) if key]
    try:
        return open_envelope(body, token=settings.wechat_token, app_id=settings.wechat_app_id,
                             aes_keys=keys, msg_signature=msg_signature, timestamp=timestamp,
                             nonce=nonce)
    except EnvelopeError as error:
        raise HTTPException(error.status, error.reason) from error


def _plain_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HTTPException(400, "body is not UTF-8") from error


async def _read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"body over {limit} bytes")
    return bytes(body)
