"""WeCom group robots: `POST /cgi-bin/webhook/send?key=KEY`, with the real limits on size and rate.

A message that breaks a size rule is refused before it counts against the robot's 20 a minute,
as only what would be posted to the group is counted.
"""

import base64
import binascii
import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from fake_wechat import errcodes as E
from fake_wechat.replies import BadBody, answer, read_json
from fake_wechat.state import FakeState

TEXT_MAX_BYTES = 2048
MARKDOWN_MAX_BYTES = 4096
IMAGE_MAX_BYTES = 2 * 1024 * 1024
NEWS_MAX_ARTICLES = 8


def check(body: dict) -> int:
    """0 when the message is well formed, else the errcode the platform answers."""
    msgtype = body.get("msgtype")
    payload = body.get(msgtype) if isinstance(msgtype, str) else None
    if msgtype not in {"text", "markdown", "image", "news"}:
        return E.INVALID_MSGTYPE
    if not isinstance(payload, dict):
        return E.INVALID_PARAMETER
    if msgtype in {"text", "markdown"}:
        limit = TEXT_MAX_BYTES if msgtype == "text" else MARKDOWN_MAX_BYTES
        content = payload.get("content")
        if not isinstance(content, str) or not content:
            return E.INVALID_PARAMETER
        return E.OK if len(content.encode("utf-8")) <= limit else E.INVALID_PARAMETER
    if msgtype == "image":
        return check_image(payload)
    articles = payload.get("articles")
    fine = isinstance(articles, list) and 0 < len(articles) <= NEWS_MAX_ARTICLES
    return E.OK if fine else E.INVALID_PARAMETER


def check_image(image: dict) -> int:
    try:
        data = base64.b64decode(str(image.get("base64", "")), validate=True)
    except (binascii.Error, ValueError):
        return E.INVALID_PARAMETER
    if not data or len(data) > IMAGE_MAX_BYTES:
        return E.INVALID_PARAMETER
    md5 = str(image.get("md5", "")).lower()
    return E.OK if md5 == hashlib.md5(data).hexdigest() else E.INVALID_PARAMETER


def router(state: FakeState) -> APIRouter:
    api = APIRouter()

    @api.post("/cgi-bin/webhook/send")
    async def webhook_send(request: Request) -> JSONResponse:
        key = request.query_params.get("key", "")
        if not key or (state.robot_keys is not None and key not in state.robot_keys):
            return answer(state, request, E.UNKNOWN_WEBHOOK)
        try:
            body = await read_json(request)
        except BadBody as bad:
            return answer(state, request, bad.errcode)
        errcode = check(body) or state.take_robot_slot(key)
        if errcode == E.OK:
            state.receive("robot", key, body["msgtype"], body)
        return answer(state, request, errcode)

    return api
