"""The bot's and the console's fixtures, shared with the security tests that cross both."""

from tests.bot.conftest import chat, records  # noqa: F401
from tests.console.conftest import browsers, sales  # noqa: F401
from tests.console.test_access import ids  # noqa: F401
