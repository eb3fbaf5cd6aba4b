"""FakeWeChat: the fake platform as one FastAPI app, its state, and its faults.

    with FakeWeChat.running(robot_keys={"k1"}) as fake:
        httpx.post(f"{fake.base_url}/cgi-bin/webhook/send?key=k1", json=...)
        fake.state.messages("robot")

The same base url serves the Official Account API (api.weixin.qq.com) and the WeCom robots
(qyapi.weixin.qq.com): their paths do not overlap.
"""

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from fake_wechat import control, errcodes, official_account, robot
from fake_wechat.faults import Decision, Faults, Rule
from fake_wechat.runner import serve_in_thread
from fake_wechat.state import DEFAULT_APPS, Config, FakeState
from fake_wechat.state import Request as Call

CONTROL_PREFIX = "/_fake"


class FakeWeChat:
    def __init__(
        self, *,
        apps: Mapping[str, str] | None = None,
        robot_keys: Iterable[str] | None = None,
        template_ids: Iterable[str] | None = None,
        followers: Iterable[str] = (),
        faults: Faults | Mapping[str, Rule | Mapping] | None = None,
        seed: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """
        apps: {appid: secret} the token endpoint accepts (default: one fake app, see `app_id`).
        robot_keys: the robot keys that exist; None accepts every key.
        template_ids: the registered template ids; None accepts every id.
        followers: openids that follow the account but have not written yet.
        faults: {path prefix: Rule or its fields}; "/" is the global rule.
        seed: makes faults, tokens and ids the same on every run.
        clock: where the fake's time starts from; `state.travel()` moves it on.
        """
        self.state = FakeState(Config(
            apps=dict(apps or DEFAULT_APPS), robot_keys=robot_keys, template_ids=template_ids,
            followers=tuple(followers), seed=seed, clock=clock))
        self.faults = Faults.build(faults, seed)
        self.base_url: str | None = None
        self.app = self._build_app()

    @property
    def app_id(self) -> str:
        return next(iter(self.state.apps))

    @property
    def app_secret(self) -> str:
        return self.state.apps[self.app_id]

    def reset(self) -> None:
        """Back to how the fake was built: no messages, fresh tokens, the configured faults."""
        self.state.reset()
        self.faults.reset()

    @classmethod
    @contextmanager
    def running(cls, host: str = "127.0.0.1", port: int = 0, **options) -> Iterator["FakeWeChat"]:
        """A FakeWeChat(**options) served on a free loopback port until the block ends."""
        fake = cls(**options)
        with serve_in_thread(fake.app, host, port) as base_url:
            fake.base_url = base_url
            try:
                yield fake
            finally:
                fake.base_url = None

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="fake WeChat", openapi_url=None, docs_url=None, redoc_url=None)
        app.include_router(official_account.router(self.state))
        app.include_router(robot.router(self.state))
        app.include_router(control.router(self.state, self.faults))

        @app.middleware("http")
        async def inject_faults(request: Request, call_next) -> Response:
            path = request.url.path
            if path.startswith(CONTROL_PREFIX):
                return await call_next(request)
            decision = self.faults.decide(path)
            request.state.latency_ms = decision.latency_ms
            if decision.latency_ms:
                await asyncio.sleep(decision.latency_ms / 1000)
            if decision.outcome is None:
                return await call_next(request)
            return await self._fault(path, decision)

        return app

    async def _fault(self, path: str, decision: Decision) -> Response:
        outcome = decision.outcome
        status = 504 if outcome == "hang" else 200
        errcode = None
        if outcome in {"http500", "http502"}:
            status = int(outcome.removeprefix("http"))
        elif outcome in {"busy", "errcode"}:
            errcode = errcodes.BUSY if outcome == "busy" else decision.errcode
        # Recorded before a hang, so a call the client gave up on is counted in its own test.
        self.state.record(Call(path, status, errcode, outcome, decision.latency_ms))
        if outcome == "hang":
            await asyncio.sleep(decision.hang_seconds)
            return PlainTextResponse("gateway timeout", status_code=status)
        if errcode is None:
            return PlainTextResponse("server error", status_code=status)
        # A normal-looking answer that carries the error, as the platform sends "system busy".
        return JSONResponse(errcodes.error(errcode))
