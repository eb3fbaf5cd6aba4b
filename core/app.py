"""The application factory: one FastAPI app per process, wired to one database."""

import asyncio
from contextlib import asynccontextmanager

from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from catalog import api as catalog_api
from catalog import broadcast
from console import web as console
from core import api_errors, logs, outage, worker
from core.channels.dispatch import Dispatcher
from core.database import Database
from core.outbound import Sender
from core.settings import Settings, get_settings
from orders import api as orders_api
from orders import notify  # noqa: F401  (its news composer; broadcast's is imported above)
from webhooks import handling, simulator, wechat


def create_app(settings: Settings | None = None, db: Database | None = None, *,
               with_worker: bool = True) -> FastAPI:
    settings = settings or get_settings()
    logs.configure(settings)
    db = db or Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        stop = asyncio.Event()
        send = outbox_sender(settings, db)
        sender = (asyncio.create_task(worker.run(db, stop, send, settings.outbox_lease,
                                                 WORKER_CHORES)) if with_worker else None)
        yield
        # Deferred replies still being written reach the outbox before the worker stops.
        await asyncio.gather(*app.state.pending, return_exceptions=True)
        stop.set()
        if sender is not None:
            await sender

    app = FastAPI(title="zhunong", lifespan=lifespan)
    app.state.settings, app.state.db, app.state.pending = settings, db, set()
    app.state.handlers = CapacityLimiter(settings.message_handlers)

    app.include_router(wechat.router)
    app.include_router(catalog_api.router)
    app.include_router(orders_api.router)
    for error in api_errors.HANDLED:
        app.add_exception_handler(error, api_errors.service_error)
    for error in outage.ERRORS:  # a database out of reach is a 503 with its reason
        app.add_exception_handler(error, outage.http_answer)
    if settings.simulator_enabled:
        app.include_router(simulator.router)
    console.install(app)

    @app.get("/healthz", tags=["ops"])
    async def healthz(request: Request) -> JSONResponse:
        try:
            ok = await run_in_threadpool(request.app.state.db.ping)
        except Exception:  # noqa: BLE001  an unreachable database is the answer, not an error
            ok = False
        body = {"status": "ok" if ok else "unavailable", "database": ok}
        return JSONResponse(body, status_code=200 if ok else 503)

    return app


# What the worker does besides sending: messages WeChat stopped delivering are handled.
WORKER_CHORES = (handling.rescue,)


def outbox_sender(settings: Settings, db: Database) -> Sender:
    """How the outbox worker sends: the configured channels, with listing cards."""
    return Dispatcher.from_settings(settings, db, render_card=broadcast.card_png).send
