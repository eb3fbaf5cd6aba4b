"""Refusals from the services as HTTP answers: a 4xx with its reason, never a 500.

Part of the app's wiring, like `core.app`, so it may know the domains' errors.
"""

import re

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from catalog.errors import BadAmount, CatalogError, ListingNotOpen, NotEnoughStock, UnknownListing
from orders.errors import BadPayment, OrderError, OrderNotOpen, UnknownOrder

STATUS = {
    UnknownListing: 404, UnknownOrder: 404,
    ListingNotOpen: 409, NotEnoughStock: 409, OrderNotOpen: 409,
    BadAmount: 422, BadPayment: 422,
    CatalogError: 400, OrderError: 400,
}
HANDLED = (CatalogError, OrderError)


class Refusal(BaseModel):
    """Every 4xx of the API: the reason, and for a service's refusal its kind."""

    error: str | None = Field(default=None, examples=["unknown_listing"],
                              description="The kind of refusal; absent for 401")
    detail: str = Field(examples=["unknown listing: 12"])


UNAUTHORIZED = {401: {"model": Refusal, "description": "No bearer token, or an unknown or "
                                                       "revoked one"}}
NOT_FOUND = {404: {"model": Refusal, "description": "No such row"}}


def status_of(error: Exception) -> int:
    return next(STATUS[kind] for kind in type(error).__mro__ if kind in STATUS)


async def service_error(request: Request, error: Exception) -> JSONResponse:
    kind = re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()  # unknown_listing
    reason = kind.replace("_", " ") + (f": {error}" if str(error) else "")
    return JSONResponse({"error": kind, "detail": reason}, status_code=status_of(error))
