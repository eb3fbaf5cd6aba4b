"""What can go wrong with a listing; the bot turns each into a reply, the API into a status."""

from decimal import Decimal


class CatalogError(Exception):
    pass


class UnknownListing(CatalogError):
    pass


class ListingNotOpen(CatalogError):
    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class NotEnoughStock(CatalogError):
    def __init__(self, remaining: Decimal) -> None:
        super().__init__(f"only {remaining} left")
        self.remaining = remaining


class BadAmount(CatalogError):
    """Zero, negative or absurd quantities and prices."""
