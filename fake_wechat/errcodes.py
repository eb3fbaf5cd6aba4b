"""The error codes the fake answers with, and the errmsg the real platform sends with each.

Clients branch on `errcode`, never on `errmsg`; the messages are here so that logs read like
logs from the real platform.
"""

OK = 0
BUSY = -1
INVALID_TOKEN = 40001
INVALID_GRANT_TYPE = 40002
INVALID_OPENID = 40003
INVALID_MEDIA_TYPE = 40004
INVALID_MEDIA_ID = 40007
INVALID_MSGTYPE = 40008
INVALID_MEDIA_SIZE = 40009
INVALID_APPID = 40013
INVALID_TEMPLATE = 40037
INVALID_PARAMETER = 40058
INVALID_ARGS = 40097
INVALID_SECRET = 40125
TOKEN_MISSING = 41001
MEDIA_MISSING = 41005
TOKEN_EXPIRED = 42001
NOT_FOLLOWING = 43004
EMPTY_BODY = 44002
EMPTY_TEXT = 44004
QUOTA = 45009
OUT_OF_WINDOW = 45015
WINDOW_USED_UP = 45047
BAD_JSON = 47001
UNKNOWN_WEBHOOK = 93000

ERRMSG = {
    OK: "ok",
    BUSY: "system error",
    INVALID_TOKEN: "invalid credential, access_token is invalid or not latest",
    INVALID_GRANT_TYPE: "invalid grant_type",
    INVALID_OPENID: "invalid openid",
    INVALID_MEDIA_TYPE: "invalid media type",
    INVALID_MEDIA_ID: "invalid media_id",
    INVALID_MSGTYPE: "invalid message type",
    INVALID_MEDIA_SIZE: "invalid image size",
    INVALID_APPID: "invalid appid",
    INVALID_TEMPLATE: "invalid template_id",
    INVALID_PARAMETER: "invalid Request Parameter",
    INVALID_ARGS: "invalid args",
    INVALID_SECRET: "invalid appsecret",
    TOKEN_MISSING: "access_token missing",
    MEDIA_MISSING: "media data missing",
    TOKEN_EXPIRED: "access_token expired",
    NOT_FOLLOWING: "require subscribe",
    EMPTY_BODY: "empty post data",
    EMPTY_TEXT: "empty content",
    QUOTA: "reach max api daily quota limit",
    OUT_OF_WINDOW: "response out of time limit or subscription is canceled",
    WINDOW_USED_UP: "out of response count limit",
    BAD_JSON: "data format error",
    UNKNOWN_WEBHOOK: "invalid webhook url",
}


def errmsg(errcode: int) -> str:
    return ERRMSG.get(errcode, "error")


def error(errcode: int, **fields: object) -> dict:
    """The body the platform sends: errcode and errmsg first, then anything else."""
    return {"errcode": errcode, "errmsg": errmsg(errcode), **fields}
