"""Settings from the environment (prefix ZHUNONG_) and an optional .env file."""

from datetime import timedelta
from functools import cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me"
DEV_WECHAT_TOKEN = "zhunong-dev-token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZHUNONG_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = "development"
    database_url: str = "sqlite:///var/zhunong.db"
    secret_key: str = PLACEHOLDER_SECRET
    # Where people reach this server: the console's sign-in links start with it.
    public_url: str = "http://127.0.0.1:8000"

    wechat_token: str = DEV_WECHAT_TOKEN
    wechat_app_id: str = ""
    wechat_app_secret: str = ""
    wechat_aes_key: str = ""
    # The key before the last rotation: messages sealed with it still open for a while.
    wechat_aes_key_previous: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com"
    wecom_webhook_base: str = "https://qyapi.weixin.qq.com"
    # A registered template for buyers outside the 48-hour customer-service window.
    wechat_template_id: str = ""
    wechat_max_clock_skew: int = 300
    # WeChat gives up after 5 s; keep a margin for the network and the reply itself.
    wechat_reply_budget: float = 4.0
    wechat_max_body: int = 64 * 1024
    # Messages one process handles at once; the rest wait their turn before their transaction
    # begins. With more, a transaction holding a listing's stock row waits for Python's lock
    # among them, and every order of that listing waits on it (p99 at 16 connections on
    # PostgreSQL: 670 ms with no limit, 150-270 ms with 2-4).
    message_handlers: int = Field(default=4, ge=1)
    # Messages a person may send in a minute before the bot stops handling them; 0: no limit.
    rate_limit_per_minute: int = Field(default=60, ge=0)
    # How long a worker may hold a claimed message before another takes it up (crash safety).
    outbox_lease_seconds: float = 30.0

    simulator: bool | None = None

    @model_validator(mode="after")
    def refuse_placeholders_in_production(self) -> "Settings":
        if self.env != "production":
            return self
        if self.secret_key in ("", PLACEHOLDER_SECRET):
            raise ValueError("ZHUNONG_SECRET_KEY must be set to a real secret in production")
        if self.wechat_token in ("", DEV_WECHAT_TOKEN):
            raise ValueError(
                "ZHUNONG_WECHAT_TOKEN must be set to the account's token in production"
            )
        if self.simulator:  # it lets anyone speak as anyone, the admin included
            raise ValueError("ZHUNONG_SIMULATOR must not be on in production")
        return self

    @property
    def outbox_lease(self) -> timedelta:
        return timedelta(seconds=self.outbox_lease_seconds)

    @property
    def sandbox(self) -> bool:
        """Without an app secret nothing can reach WeChat's API, so every send stays local."""
        return not self.wechat_app_secret

    @property
    def simulator_enabled(self) -> bool:
        """On in sandbox mode unless turned off; never in production."""
        if self.env == "production":
            return False
        return self.sandbox if self.simulator is None else self.simulator


@cache
def get_settings() -> Settings:
    return Settings()
