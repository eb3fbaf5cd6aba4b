"""Every operation of /openapi.json fuzzed by schemathesis, in-process over ASGI, with a valid
API token and without one: no 5xx, and every answer as the schema documents it.

The operations are read from the app at collection time, so a new route is fuzzed without a
line here. The callback and the simulator answer WeChat and the browser rather than API
clients, and their refusals (403 for a bad signature) are not documented: for them only the
absence of a 5xx is checked.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from core import tokens
from core.app import create_app
from core.settings import Settings

EXAMPLES = 15  # per operation and per way of signing in: enough to find the edges, and fast
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
_SPEC = create_app(Settings(_env_file=None, database_url="sqlite://"), with_worker=False).openapi()
OPERATIONS = [(path, method.upper()) for path, item in sorted(_SPEC["paths"].items())
              for method in item]
NOT_FOR_API_CLIENTS = ("/wechat", "/simulator")


def _authorization(db, signed_in: bool) -> str | None:
    if not signed_in:
        return None
    with db.transaction() as session:
        return f"Bearer {tokens.create(session, name='fuzz')}"


@pytest.mark.parametrize("signed_in", [True, False], ids=["token", "anonymous"])
@pytest.mark.parametrize(("path", "method"), OPERATIONS,
                         ids=[f"{method} {path}" for path, method in OPERATIONS])
def test_no_operation_fails_or_answers_outside_its_schema(app, township, path, method,
                                                         signed_in):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    authorization = _authorization(township, signed_in)
    checks = [not_a_server_error] if path.startswith(NOT_FOR_API_CLIENTS) else None

    @given(case=schema[path][method].as_strategy())
    @FUZZ
    def call(case):
        case.headers = {key: value for key, value in (case.headers or {}).items()
                        if key.lower() != "authorization"}
        if authorization:
            case.headers["Authorization"] = authorization
        case.call_and_validate(checks=checks)

    call()

