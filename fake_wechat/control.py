"""`/_fake/...`: what a test or a person trying zhunong out uses to steer the fake and to see what
it received. None of it exists on the real platform; faults never apply here.
"""

from dataclasses import fields

from fastapi import APIRouter, HTTPException

from fake_wechat.faults import Faults, Rule
from fake_wechat.state import RECEIVED_KINDS, FakeState

RULE_FIELDS = {field.name for field in fields(Rule)}


def router(state: FakeState, faults: Faults) -> APIRouter:
    api = APIRouter(prefix="/_fake")

    @api.get("/health")
    def health() -> dict:
        return {"ok": True}

    @api.get("/received")
    def received(kind: str | None = None, to: str | None = None) -> list[dict]:
        if kind is not None and kind not in RECEIVED_KINDS:
            raise HTTPException(422, f"kind is one of {', '.join(RECEIVED_KINDS)}")
        return [message.as_json() for message in state.messages(kind, to)]

    @api.get("/requests")
    def requests(prefix: str = "/") -> list[dict]:
        return [vars(call) for call in state.calls(prefix)]

    @api.get("/faults")
    def get_faults() -> dict:
        return faults.as_json()

    @api.post("/faults")
    def set_faults(rule: dict) -> dict:
        """`{"prefix": "/cgi-bin/webhook", "fail_ratio": 0.5, ...}` replaces that prefix's rule."""
        prefix = str(rule.pop("prefix", "/"))
        unknown = set(rule) - RULE_FIELDS
        if unknown or not prefix.startswith("/"):
            raise HTTPException(422, f"unknown fields {sorted(unknown)} or a prefix without /")
        try:
            faults.set(prefix, **rule)
        except (TypeError, ValueError) as error:
            raise HTTPException(422, str(error)) from error
        return faults.as_json()

    @api.delete("/faults")
    def clear_faults() -> dict:
        faults.clear()
        return faults.as_json()

    @api.post("/users/{openid}/wrote")
    def user_wrote(openid: str) -> dict:
        state.user_wrote(openid)
        return {"ok": True}

    @api.post("/users/{openid}/unfollow")
    def unfollow(openid: str) -> dict:
        state.unfollow(openid)
        return {"ok": True}

    @api.post("/tokens/expire")
    def expire_token() -> dict:
        state.expire_token()
        return {"ok": True}

    @api.post("/tokens/invalidate")
    def invalidate_token() -> dict:
        state.invalidate_token()
        return {"ok": True}

    @api.post("/reset")
    def reset() -> dict:
        state.reset()
        faults.reset()
        return {"ok": True}

    return api
