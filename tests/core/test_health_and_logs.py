"""/healthz, and logs that keep secrets and openids out."""

import logging

import httpx

from core.app import create_app
from core.database import Database
from core.logs import RedactSecrets, short
from tests.conftest import make_settings


async def test_healthz_says_the_database_is_reachable(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


async def test_healthz_says_503_when_the_database_is_not(tmp_path):
    missing = tmp_path / "no-such-dir" / "x.db"
    database = Database(f"sqlite:///{missing}")
    missing.parent.rmdir()  # the folder made by Database is gone: SQLite cannot open the file
    app = create_app(make_settings(database.url), database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] is False


def test_secrets_are_redacted_from_log_lines():
    record = logging.LogRecord("zhunong", logging.INFO, __file__, 1,
                               "token %s and key %s", ("wx-app-secret-1", "AESKEYAESKEY"), None)
    RedactSecrets(["wx-app-secret-1", "AESKEYAESKEY", ""]).filter(record)
    assert record.getMessage() == "token *** and key ***"


def test_openids_are_shortened():
    assert short("oyORnuP8q7ou2gfYjqLzSIWZf0rs") == "oyORnu…"
    assert short("abc") == "…"


async def test_a_handled_message_logs_no_whole_openid(capfd, wechat, db):
    openid = "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
    await wechat.text(openid, "帮助", msg_id=5)
    await wechat.text(openid, "帮助", msg_id=5)  # a retry, which is logged
    err = capfd.readouterr().err
    assert "retry of msg:5 from oyORnu…" in err
    assert openid not in err
