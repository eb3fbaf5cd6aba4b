"""Who may call the JSON API: a bearer token made by `zhunong token create NAME`."""

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core import tokens
from core.deps import SessionDep
from core.tokens import ApiToken

# auto_error=False: without a token FastAPI would answer 403 with no reason; we answer 401.
_bearer = HTTPBearer(auto_error=False, description="A token from `zhunong token create NAME`.")


def _refuse(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=reason,
                         headers={"WWW-Authenticate": "Bearer"})


def api_client(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiToken:
    if credentials is None:
        raise _refuse("missing bearer token: send 'Authorization: Bearer <token>'")
    token = tokens.verify(session, token=credentials.credentials)
    if token is None:
        raise _refuse("unknown or revoked token")
    return token


ApiClient = Annotated[ApiToken, Depends(api_client)]
