"""Refusals from the services as HTTP answers: a 4xx with its reason, never a 500.

Part of the app's wiring, like `core.app`, so it may know the domains' errors.
"""

import re

from fastapi import Request
from fastapi.responses import JSONResponse

from catalog.errors import BadAmount, CatalogError, ListingNotOpen, NotEnoughStock, UnknownListing
from orders.errors import BadPayment, OrderError, OrderNotOpen, UnknownOrder

STATUS = {
    UnknownListing: 404, UnknownOrder: 404,
    ListingNotOpen: 409, NotEnoughStock: 409, OrderNotOpen: 409,
    BadAmount: 422, BadPayment: 422,
    CatalogError: 400, OrderError: 400,
}
HANDLED = (CatalogError, OrderError)


def status_of(error: Exception) -> int:
    return next(STATUS[kind] for kind in type(error).__mro__ if kind in STATUS)


async def service_error(request: Request, error: Exception) -> JSONResponse:
    kind = re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()  # unknown_listing
    reason = kind.replace("_", " ") + (f": {error}" if str(error) else "")
    return JSONResponse({"error": kind, "detail": reason}, status_code=status_of(error))
