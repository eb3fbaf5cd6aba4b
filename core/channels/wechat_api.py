"""The Official Account's API: one access token shared by every process, and calls with it.

The token comes from /cgi-bin/stable_token, which hands every caller the same valid token, and is
kept in the database so all processes use one. When WeChat says a token is invalid, it is forced
fresh once, and only if no other process has already replaced it: never a refresh storm.
"""

import threading
from datetime import datetime, timedelta

import httpx
from sqlmodel import Field, Session, SQLModel, select

from core.clock import utcnow
from core.database import Database, metadata, upsert  # noqa: F401  (naming conventions first)

TOKEN_ERRORS = {40001, 40014, 42001}
EARLY = timedelta(minutes=5)  # renew before WeChat's 7200 s are up


class AccessToken(SQLModel, table=True):
    __tablename__ = "access_token"

    app_id: str = Field(primary_key=True, max_length=64)
    token: str = Field(max_length=600)
    expires_at: datetime


class WeChatApiError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode, self.errmsg = errcode, errmsg


class OfficialAccount:
    def __init__(self, db: Database, client: httpx.Client, *, base: str, app_id: str,
                 secret: str) -> None:
        self.db, self.client, self.base = db, client, base.rstrip("/")
        self.app_id, self.secret = app_id, secret
        self._lock = threading.Lock()

    def call(self, path: str, payload: dict | None = None, **request) -> dict:
        """POST to the API with the shared token; a stale token is renewed once and retried once.

        Raises httpx.HTTPError for network trouble and WeChatApiError for an errcode.
        """
        token = self.token()
        body = self._post(path, token, payload, **request)
        if body.get("errcode") in TOKEN_ERRORS:
            body = self._post(path, self.token(stale=token), payload, **request)
        errcode = int(body.get("errcode", 0) or 0)
        if errcode:
            raise WeChatApiError(errcode, str(body.get("errmsg", "")))
        return body

    def token(self, stale: str | None = None) -> str:
        with self._lock, self.db.transaction() as session:
            row = self._locked_row(session)
            if row.token and row.token != stale and row.expires_at > utcnow() + EARLY:
                return row.token
            # Forced only when WeChat refused the very token we still hold.
            fresh = self._stable_token(force=bool(stale) and row.token == stale)
            expires = utcnow() + timedelta(seconds=int(fresh.get("expires_in", 7200)))
            row.token, row.expires_at = fresh["access_token"], expires
            session.add(row)
            return row.token

    def _locked_row(self, session: Session) -> AccessToken:
        """The token row, locked: other processes wait here instead of asking WeChat too."""
        session.execute(upsert(session, AccessToken).values(
            app_id=self.app_id, token="", expires_at=utcnow()).on_conflict_do_nothing())
        return session.exec(select(AccessToken).where(AccessToken.app_id == self.app_id)
                            .with_for_update()).one()

    def _stable_token(self, *, force: bool) -> dict:
        response = self.client.post(f"{self.base}/cgi-bin/stable_token", json={
            "grant_type": "client_credential", "appid": self.app_id, "secret": self.secret,
            "force_refresh": force})
        response.raise_for_status()
        body = response.json()
        if "access_token" not in body:
            raise WeChatApiError(int(body.get("errcode", -1)), str(body.get("errmsg", "")))
        return body

    def _post(self, path: str, token: str, payload: dict | None, **request) -> dict:
        params = {"access_token": token} | request.pop("params", {})
        response = self.client.post(f"{self.base}{path}", params=params, json=payload, **request)
        response.raise_for_status()
        return response.json()
