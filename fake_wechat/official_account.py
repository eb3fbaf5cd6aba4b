"""The Official Account's API: stable tokens, customer-service and template messages, parametric
QR codes and temporary media, with the rules the real platform enforces on each.
"""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from fake_wechat import errcodes as E
from fake_wechat.replies import BadBody, answer, read_json, success
from fake_wechat.state import FakeState, QrCode

MEDIA_TYPES = {"image": 10 * 1024 * 1024, "voice": 2 * 1024 * 1024,
               "video": 10 * 1024 * 1024, "thumb": 64 * 1024}
QR_TEMPORARY = {"QR_SCENE", "QR_STR_SCENE"}
QR_DEFAULT_EXPIRY = 60
QR_MAX_EXPIRY = 30 * 24 * 3600
SCENE_STR_MAX = 64


def router(state: FakeState) -> APIRouter:
    api = APIRouter(prefix="/cgi-bin")

    async def authorised_json(request: Request) -> dict | JSONResponse:
        """The JSON body of a call that carries a valid token, or the platform's refusal."""
        errcode = state.check_token(request.query_params.get("access_token"))
        if errcode:
            return answer(state, request, errcode)
        try:
            return await read_json(request)
        except BadBody as bad:
            return answer(state, request, bad.errcode)

    @api.post("/stable_token")
    async def stable_token(request: Request) -> JSONResponse:
        try:
            body = await read_json(request)
        except BadBody as bad:
            return answer(state, request, bad.errcode)
        if body.get("grant_type") != "client_credential":
            return answer(state, request, E.INVALID_GRANT_TYPE)
        errcode, token = state.stable_token(
            str(body.get("appid", "")), str(body.get("secret", "")),
            bool(body.get("force_refresh", False)))
        return answer(state, request, errcode) if errcode else success(state, request, **token)

    @api.post("/message/custom/send")
    async def custom_send(request: Request) -> JSONResponse:
        body = await authorised_json(request)
        if isinstance(body, JSONResponse):
            return body
        openid, msgtype = body.get("touser"), body.get("msgtype")
        if not isinstance(openid, str) or not openid:
            return answer(state, request, E.INVALID_OPENID)
        if msgtype == "text":
            content = (body.get("text") or {}).get("content")
            if not isinstance(content, str) or not content:
                return answer(state, request, E.EMPTY_TEXT)
        elif msgtype == "image":
            if (body.get("image") or {}).get("media_id") not in state.media:
                return answer(state, request, E.INVALID_MEDIA_ID)
        else:
            return answer(state, request, E.INVALID_MSGTYPE)
        errcode = state.take_custom_slot(openid)
        if errcode == E.OK:
            state.receive("custom", openid, msgtype, body)
        return answer(state, request, errcode)

    @api.post("/message/template/send")
    async def template_send(request: Request) -> JSONResponse:
        body = await authorised_json(request)
        if isinstance(body, JSONResponse):
            return body
        openid, template_id = body.get("touser"), body.get("template_id")
        if not isinstance(openid, str) or not openid:
            return answer(state, request, E.INVALID_OPENID)
        known = state.template_ids
        if not isinstance(template_id, str) or (known is not None and template_id not in known):
            return answer(state, request, E.INVALID_TEMPLATE)
        if not state.follows(openid):
            return answer(state, request, E.NOT_FOLLOWING)
        state.receive("template", openid, "template", body)
        return answer(state, request, E.OK, msgid=state.make_msgid())

    @api.post("/qrcode/create")
    async def qrcode_create(request: Request) -> JSONResponse:
        body = await authorised_json(request)
        if isinstance(body, JSONResponse):
            return body
        action = body.get("action_name")
        scene = ((body.get("action_info") or {}).get("scene") or {})
        if action in {"QR_STR_SCENE", "QR_LIMIT_STR_SCENE"}:
            value = scene.get("scene_str")
            valid = isinstance(value, str) and 0 < len(value) <= SCENE_STR_MAX
        elif action in {"QR_SCENE", "QR_LIMIT_SCENE"}:
            value = scene.get("scene_id")
            valid = isinstance(value, int) and value > 0
        else:
            valid = False
        if not valid:
            return answer(state, request, E.INVALID_ARGS)
        ticket = "gQ" + state.make_id(94)
        url = "http://weixin.qq.com/q/" + state.make_id(22)
        fields: dict = {"ticket": ticket}
        expires_at = None
        if action in QR_TEMPORARY:
            seconds = int(body.get("expire_seconds") or QR_DEFAULT_EXPIRY)
            seconds = min(max(seconds, 1), QR_MAX_EXPIRY)
            fields["expire_seconds"] = seconds
            expires_at = state.now() + seconds
        with state.lock:
            state.qr_codes[ticket] = QrCode(ticket, url, str(value), expires_at)
        return success(state, request, **fields, url=url)

    @api.post("/media/upload")
    async def media_upload(request: Request) -> JSONResponse:
        errcode = state.check_token(request.query_params.get("access_token"))
        if errcode:
            return answer(state, request, errcode)
        kind = request.query_params.get("type", "")
        if kind not in MEDIA_TYPES:
            return answer(state, request, E.INVALID_MEDIA_TYPE)
        try:
            form = await request.form()
        except Exception:  # noqa: BLE001  (any unreadable body is "no media" to the platform)
            return answer(state, request, E.MEDIA_MISSING)
        upload = form.get("media")
        if not isinstance(upload, UploadFile):
            return answer(state, request, E.MEDIA_MISSING)
        data = await upload.read()
        if not data:
            return answer(state, request, E.MEDIA_MISSING)
        if len(data) > MEDIA_TYPES[kind]:
            return answer(state, request, E.INVALID_MEDIA_SIZE)
        media_id = state.make_id(64)
        created_at = int(state.now())
        with state.lock:
            state.media[media_id] = (kind, data, created_at)
        return success(state, request, type=kind, media_id=media_id, created_at=created_at)

    return api
