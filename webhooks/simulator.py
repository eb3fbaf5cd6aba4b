"""The chat simulator: talk to the bot as anyone of the roster, through the real /wechat.

Every message is signed (and encrypted in safe mode) by the courier and goes through the same
callback a real Official Account uses. On only in sandbox mode or when switched on.
"""

from typing import Annotated

import httpx
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import select
from starlette.concurrency import run_in_threadpool

from catalog import broadcast
from core.deps import MAX_ID, IdPath
from core.outbound import OutboundMessage, TargetKind
from core.templates import render
from roster.models import Canteen, Person, Village
from webhooks.courier import Courier

router = APIRouter(prefix="/simulator", tags=["simulator"])


class Say(BaseModel):
    openid: str = Field(min_length=1, max_length=64)
    text: str = Field(default="", max_length=2000)
    event: str | None = Field(default=None, pattern="^(subscribe|unsubscribe|SCAN)$")
    scene: str = Field(default="", max_length=64)


@router.get("", response_class=HTMLResponse)
async def page(request: Request) -> str:
    people = await run_in_threadpool(_people, request.app.state.db)
    return render("simulator.html", people=people)


@router.post("/say")
async def say(request: Request, said: Say) -> dict:
    settings = request.app.state.settings
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zhunong") as client:
        courier = Courier(client, token=settings.wechat_token, app_id=settings.wechat_app_id,
                          aes_key=settings.wechat_aes_key)
        if said.event:
            follow_by_qr = said.event == "subscribe" and said.scene
            key = f"qrscene_{said.scene}" if follow_by_qr else said.scene
            delivery = await courier.event(said.openid, said.event, key)
        else:
            delivery = await courier.text(said.openid, said.text)
    return {"status": delivery.status, "reply": delivery.reply,
            "error": None if delivery.status == 200 else delivery.body}


@router.get("/feed")
async def feed(request: Request, after: Annotated[int, Query(ge=0, le=MAX_ID)] = 0) -> list[dict]:
    return await run_in_threadpool(_feed, request.app.state.db, after)


def _people(db) -> list[dict]:
    with db.session() as session:
        villages = {v.id: v.name for v in session.exec(select(Village))}
        canteens = {c.id: c.name for c in session.exec(select(Canteen))}
        people = session.exec(select(Person).where(Person.openid.is_not(None)).order_by(Person.id))
        return [
            {"name": p.name, "role": p.role, "openid": p.openid,
             "place": villages.get(p.village_id) or canteens.get(p.canteen_id) or ""}
            for p in people
        ]


def _feed(db, after: int) -> list[dict]:
    with db.session() as session:
        rows = session.exec(
            select(OutboundMessage).where(OutboundMessage.id > after,
                                          OutboundMessage.target_kind != TargetKind.news)
            .order_by(OutboundMessage.id).limit(200)
        )
        return [
            {"id": m.id, "kind": m.target_kind, "to": m.target_name or m.target_address,
             "address": m.target_address, "channel": m.channel, "text": m.text,
             "status": m.status, "error": m.last_error,
             "card": f"/simulator/cards/{m.id}.png" if m.channel == "forward" else None,
             "at": m.created_at.isoformat(timespec="seconds")}
            for m in rows
        ]


@router.get("/cards/{message_id}.png")
async def card(request: Request, message_id: IdPath) -> Response:
    """The listing card an official would get with a message to forward."""
    png = await run_in_threadpool(_card, request.app.state.db, message_id)
    if png is None:
        raise HTTPException(404, "no card for this message")
    return Response(png, media_type="image/png")


def _card(db, message_id: int) -> bytes | None:
    with db.session() as session:
        message = session.get(OutboundMessage, message_id)
    if message is None or not message.attachment:
        return None
    return broadcast.card_png(message.attachment, None)
