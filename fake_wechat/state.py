"""What the fake platform knows: credentials, tokens, followers and their 48-hour windows, robot
keys and their per-minute counts, uploaded media, QR codes, and everything it received.

The state has its own clock (`now()`), which tests move with `travel(seconds)` instead of
sleeping, so token expiry, the 48-hour window and the robots' minute are tested without waiting.
Handlers run on the server's thread and tests read from theirs, hence one lock around it all.
"""

import random
import string
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from fake_wechat import errcodes as E

TOKEN_LIFETIME = 7200
# After a forced refresh the old token keeps working this long, as on the real platform.
TOKEN_OVERLAP = 300
FORCE_REFRESHES_PER_DAY = 20
WINDOW_SECONDS = 48 * 3600
MESSAGES_PER_WINDOW = 5
ROBOT_MESSAGES_PER_MINUTE = 20

DEFAULT_APPS = {"wxfake0123456789ab": "fake-app-secret"}

RECEIVED_KINDS = ("robot", "custom", "template")


@dataclass(frozen=True)
class Received:
    """A message the platform accepted and would have delivered."""

    kind: str  # robot, custom or template
    to: str  # the robot's key or the user's openid
    msgtype: str  # text, markdown, image, news; "template" for template messages
    body: dict  # the JSON the client sent
    at: float  # the fake's clock

    def as_json(self) -> dict:
        return {"kind": self.kind, "to": self.to, "msgtype": self.msgtype, "body": self.body,
                "at": self.at}


@dataclass(frozen=True)
class Request:
    """One call as the fake answered it, faults included, so a client's retries can be counted."""

    path: str
    status: int
    errcode: int | None
    fault: str | None = None
    latency_ms: int = 0


@dataclass
class Window:
    last_wrote: float | None = None
    sent: int = 0  # customer-service messages since the user last wrote


@dataclass(frozen=True)
class QrCode:
    ticket: str
    url: str
    scene: str
    expires_at: float | None  # None for a permanent code


@dataclass
class _Token:
    value: str
    expires_at: float
    problem: int | None = None  # set by a test: the errcode calls with this token get


@dataclass
class Config:
    """What a test or the command line sets up; `reset()` goes back to it."""

    apps: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_APPS))
    robot_keys: Iterable[str] | None = None  # None: every key is a known robot
    template_ids: Iterable[str] | None = None  # None: every template id is registered
    followers: Iterable[str] = ()
    seed: int | None = None
    clock: Callable[[], float] = time.time


class FakeState:
    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Forget everything that happened: back to the configuration the fake started with."""
        config = self.config
        with self.lock:
            self.apps = dict(config.apps)
            self.robot_keys = None if config.robot_keys is None else set(config.robot_keys)
            self.template_ids = None if config.template_ids is None else set(config.template_ids)
            self.windows: dict[str, Window] = {openid: Window() for openid in config.followers}
            self.received: list[Received] = []
            self.requests: list[Request] = []
            self.media: dict[str, tuple[str, bytes, int]] = {}
            self.qr_codes: dict[str, QrCode] = {}
            self.offset = 0.0
            self.frozen_at: float | None = None
            self.random = random.Random(config.seed)
            self._tokens: list[_Token] = []
            self._forced: dict[int, int] = {}  # fake day -> forced refreshes that day
            self._robot_sends: dict[str, deque[float]] = {}

    # -- time --------------------------------------------------------------------------------

    def now(self) -> float:
        base = self.config.clock() if self.frozen_at is None else self.frozen_at
        return base + self.offset

    def freeze(self) -> None:
        """Stop the clock where it is; from now on only `travel()` moves it (until reset)."""
        with self.lock:
            self.frozen_at = self.config.clock()

    def travel(self, seconds: float) -> None:
        """Move the fake's clock forward: tokens age, windows close, the robots' minute passes."""
        with self.lock:
            self.offset += seconds

    def make_id(self, length: int = 32) -> str:
        with self.lock:
            return "".join(self.random.choices(string.ascii_letters + string.digits, k=length))

    def make_msgid(self) -> int:
        with self.lock:
            return self.random.randrange(1, 2**53)

    # -- followers ---------------------------------------------------------------------------

    def follow(self, openid: str) -> None:
        with self.lock:
            self.windows.setdefault(openid, Window())

    def unfollow(self, openid: str) -> None:
        with self.lock:
            self.windows.pop(openid, None)

    def user_wrote(self, openid: str, at: datetime | None = None) -> None:
        """The user sent the account a message (so follows it): a new 48-hour window of 5."""
        moment = self.now() if at is None else at.timestamp()
        with self.lock:
            self.windows[openid] = Window(last_wrote=moment, sent=0)

    def take_custom_slot(self, openid: str) -> int:
        """Count one customer-service message to `openid`, or say why it may not be sent."""
        with self.lock:
            window = self.windows.get(openid)
            if window is None:
                return E.NOT_FOLLOWING
            if window.last_wrote is None or self.now() - window.last_wrote > WINDOW_SECONDS:
                return E.OUT_OF_WINDOW
            if window.sent >= MESSAGES_PER_WINDOW:
                return E.WINDOW_USED_UP
            window.sent += 1
            return E.OK

    def follows(self, openid: str) -> bool:
        with self.lock:
            return openid in self.windows

    # -- access tokens -----------------------------------------------------------------------

    def stable_token(self, appid: str, secret: str, force_refresh: bool) -> tuple[int, dict]:
        with self.lock:
            if appid not in self.apps:
                return E.INVALID_APPID, {}
            if self.apps[appid] != secret:
                return E.INVALID_SECRET, {}
            now = self.now()
            current = self._current()
            if force_refresh:
                day = int(now // 86400)
                if self._forced.get(day, 0) >= FORCE_REFRESHES_PER_DAY:
                    return E.QUOTA, {}
                self._forced[day] = self._forced.get(day, 0) + 1
                if current is not None:
                    current.expires_at = min(current.expires_at, now + TOKEN_OVERLAP)
                current = None
            if current is None:
                current = _Token(self.make_id(64), now + TOKEN_LIFETIME)
                self._tokens.append(current)
            return E.OK, {"access_token": current.value,
                          "expires_in": int(current.expires_at - now)}

    def _current(self) -> "_Token | None":
        """The newest token if it still works; callers without force_refresh all get it."""
        if not self._tokens:
            return None
        newest = self._tokens[-1]
        return newest if newest.problem is None and newest.expires_at > self.now() else None

    def check_token(self, value: str | None) -> int:
        if not value:
            return E.TOKEN_MISSING
        with self.lock:
            token = next((token for token in self._tokens if token.value == value), None)
            if token is None:
                return E.INVALID_TOKEN
            if token.problem is not None:
                return token.problem
            return E.OK if token.expires_at > self.now() else E.TOKEN_EXPIRED

    def expire_token(self) -> None:
        """Every token issued so far has expired: calls with one get 42001."""
        self._spoil(E.TOKEN_EXPIRED)

    def invalidate_token(self) -> None:
        """Every token issued so far is invalid (e.g. refreshed elsewhere): calls get 40001."""
        self._spoil(E.INVALID_TOKEN)

    def _spoil(self, errcode: int) -> None:
        with self.lock:
            for token in self._tokens:
                token.problem = errcode

    # -- group robots ------------------------------------------------------------------------

    def add_robot(self, key: str) -> None:
        with self.lock:
            if self.robot_keys is not None:
                self.robot_keys.add(key)

    def take_robot_slot(self, key: str) -> int:
        """Count one message on robot `key`: 20 within any 60 seconds, then 45009."""
        with self.lock:
            if self.robot_keys is not None and key not in self.robot_keys:
                return E.UNKNOWN_WEBHOOK
            now = self.now()
            sends = self._robot_sends.setdefault(key, deque())
            while sends and sends[0] <= now - 60:
                sends.popleft()
            if len(sends) >= ROBOT_MESSAGES_PER_MINUTE:
                return E.QUOTA
            sends.append(now)
            return E.OK

    # -- records -----------------------------------------------------------------------------

    def receive(self, kind: str, to: str, msgtype: str, body: dict) -> None:
        with self.lock:
            self.received.append(Received(kind, to, msgtype, body, self.now()))

    def messages(self, kind: str | None = None, to: str | None = None) -> list[Received]:
        """What was accepted, oldest first; `kind` is robot, custom or template."""
        with self.lock:
            return [message for message in self.received
                    if (kind is None or message.kind == kind) and (to is None or message.to == to)]

    def record(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)

    def calls(self, path_prefix: str = "/") -> list[Request]:
        with self.lock:
            return [request for request in self.requests if request.path.startswith(path_prefix)]

    def scene_of(self, url: str) -> str | None:
        """The scene a QR code's url carries, as the subscribe/SCAN event would deliver it."""
        with self.lock:
            code = next((code for code in self.qr_codes.values() if code.url == url), None)
            if code is None or (code.expires_at is not None and code.expires_at <= self.now()):
                return None
            return code.scene
