"""How every endpoint of the fake reads a request and answers it, as the platform does.

The platform answers HTTP 200 with `{errcode, errmsg}` for every error; some successes (a token,
an upload, a QR code) carry only their fields, without an errcode. Each answer is recorded in the
state so that a test can count a client's calls and retries.
"""

import json

from fastapi import Request
from fastapi.responses import JSONResponse

from fake_wechat import errcodes as E
from fake_wechat.state import FakeState
from fake_wechat.state import Request as Call


class BadBody(Exception):
    def __init__(self, errcode: int) -> None:
        super().__init__(errcode)
        self.errcode = errcode


async def read_json(request: Request) -> dict:
    """The JSON body whatever the content type, as the platform reads it."""
    raw = await request.body()
    if not raw.strip():
        raise BadBody(E.EMPTY_BODY)
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadBody(E.BAD_JSON) from error
    if not isinstance(body, dict):
        raise BadBody(E.BAD_JSON)
    return body


def answer(state: FakeState, request: Request, errcode: int, **fields: object) -> JSONResponse:
    """An error, or a success that carries errcode 0 (message sends do)."""
    state.record(Call(request.url.path, 200, errcode, latency_ms=latency(request)))
    return JSONResponse(E.error(errcode, **fields))


def success(state: FakeState, request: Request, **fields: object) -> JSONResponse:
    """A success answered with its fields only, as the token, upload and QR endpoints do."""
    state.record(Call(request.url.path, 200, E.OK, latency_ms=latency(request)))
    return JSONResponse(fields)


def latency(request: Request) -> int:
    """The latency a fault rule added to this call (set by the fault middleware)."""
    return getattr(request.state, "latency_ms", 0)
