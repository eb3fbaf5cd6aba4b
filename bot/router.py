"""Routing a message to its handler: by dialog, by command, by intent, and by role.

In the manner of aiogram's routers: each area of the bot declares its handlers on a Router
with filters; routers are included into one another and the first match wins.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.context import Context
from bot.language import Reading

Handler = Callable[..., str | None]


@dataclass(frozen=True)
class Route:
    handler: Handler
    roles: frozenset[str] | None
    pattern: re.Pattern | None = None
    intent: str | None = None

    def allows(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@dataclass
class Router:
    routes: list[Route] = field(default_factory=list)
    dialogs: dict[str, Handler] = field(default_factory=dict)
    # Dialogs that give way when the person plainly says something else (an order, a query).
    interruptible: set[str] = field(default_factory=set)

    def command(self, pattern: str, *, roles: set[str] | None = None):
        """A handler for text matching `pattern` in full; it gets the match."""
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(handler, _roles(roles), pattern=re.compile(pattern)))
            return handler
        return register

    def intent(self, name: str, *, roles: set[str] | None = None):
        """A handler for a reading of this intent; it gets the reading."""
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(handler, _roles(roles), intent=name))
            return handler
        return register

    def dialog(self, name: str, *, interruptible: bool = False):
        """The handler of every step of a dialog; it gets the text and its reading."""
        def register(handler: Handler) -> Handler:
            self.dialogs[name] = handler
            if interruptible:
                self.interruptible.add(name)
            return handler
        return register

    def include(self, other: "Router") -> None:
        self.routes.extend(other.routes)
        self.dialogs.update(other.dialogs)
        self.interruptible |= other.interruptible

    def route(self, ctx: Context, text: str, reading: Reading) -> str | None:
        """The first matching handler's reply; a handler may return None to pass it on."""
        for route in self.routes:
            argument = _match(route, text, reading)
            if argument is None:
                continue
            if not route.allows(ctx.role):
                if route.pattern is not None:  # a command is explicit: say it is not theirs
                    raise NotAllowed
                continue
            reply = route.handler(ctx, argument)
            if reply is not None:
                return reply
        return None


class NotAllowed(Exception):
    """The message asks for something only a person of another role may do."""


def _match(route: Route, text: str, reading: Reading):
    if route.pattern is not None:
        return route.pattern.fullmatch(text)
    return reading if reading.intent == route.intent else None


def _roles(roles: set[str] | None) -> frozenset[str] | None:
    return frozenset(roles) if roles is not None else None
