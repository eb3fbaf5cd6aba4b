"""Logging that never prints a secret or a whole openid."""

import logging

from core.settings import Settings


def short(openid: str) -> str:
    """Enough of an openid to follow one user through the log, not enough to message them."""
    return openid[:6] + "…" if len(openid) > 6 else "…"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if len(secret) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "***")
        record.msg, record.args = message, None
        return True


def configure(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets([
        settings.secret_key, settings.wechat_app_secret, settings.wechat_aes_key,
        settings.wechat_aes_key_previous, settings.wechat_token,
    ]))
    root = logging.getLogger("zhunong")
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False
