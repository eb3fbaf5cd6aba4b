"""Logging that never prints a secret, a whole openid or a whole mobile number.

Every record of every logger in the process (ours, uvicorn's, httpx's) is redacted as it is made,
its arguments and its traceback alike, so no handler or log configuration can print what was
removed: the configured secrets, access tokens and robot keys in URLs (httpx logs every request
URL at INFO, and an HTTP error's text holds it too), console sign-in links, bearer tokens, and
mobile numbers, which keep their first three and last four digits.
"""

import logging
import re
import sys
import threading

from core.settings import Settings

HIDDEN = "***"
# Shorter values (an empty setting, a test's "x") would blank out ordinary words.
MIN_SECRET = 6
PATTERNS = (
    (re.compile(r"(access_token=)[^&\s'\"]+"), rf"\g<1>{HIDDEN}"),
    (re.compile(r"([?&]key=)[^&\s'\"]+"), rf"\g<1>{HIDDEN}"),
    (re.compile(r"(/console/signin/)[^\s'\"?#]+"), rf"\g<1>{HIDDEN}"),
    (re.compile(r"(Bearer\s+)[^\s'\",]+", re.IGNORECASE), rf"\g<1>{HIDDEN}"),
    (re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)"), r"\g<1>****\g<2>"),
)


def short(openid: str) -> str:
    """Enough of an openid to follow one user through the log, not enough to message them."""
    return openid[:6] + "…" if len(openid) > 6 else "…"


class Redactor:
    """Removes the given secrets and everything PATTERNS finds from a text."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        self.secrets: set[str] = set()
        self.add(secrets or [])

    def add(self, secrets: list[str]) -> None:
        self.secrets |= {secret for secret in secrets if secret and len(secret) >= MIN_SECRET}

    def __call__(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, HIDDEN)
        for pattern, replacement in PATTERNS:
            text = pattern.sub(replacement, text)
        return text


class RedactSecrets(logging.Filter):
    """The same redaction as a filter, for a handler of one's own."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.redact = Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        scrub(record, self.redact)
        return True


def scrub(record: logging.LogRecord, redact: Redactor) -> None:
    """Redact a record in place, keeping the shape of its arguments: some formatters (uvicorn's
    access log) unpack them."""
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_argument(value, redact) for value in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _argument(value, redact) for key, value in record.args.items()}
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def _argument(value: object, redact: Redactor) -> object:
    if isinstance(value, int | float | bool) or value is None:
        return value
    text = str(value)
    cleaned = redact(text)
    return value if cleaned == text else cleaned


_process_redactor = Redactor()
_installed = threading.Lock()
_factory_installed = False


def _install_record_factory() -> None:
    global _factory_installed
    with _installed:
        if _factory_installed:
            return
        make = logging.getLogRecordFactory()

        def redacted_record(*args, **kwargs) -> logging.LogRecord:
            record = make(*args, **kwargs)
            scrub(record, _process_redactor)
            return record

        logging.setLogRecordFactory(redacted_record)
        _factory_installed = True


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes, not when the app was made (a
    test's captured stderr, replaced between tests)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure(settings: Settings) -> None:
    _process_redactor.add([
        settings.secret_key, settings.wechat_app_secret, settings.wechat_aes_key,
        settings.wechat_aes_key_previous, settings.wechat_token,
    ])
    _install_record_factory()
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("zhunong")
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False
