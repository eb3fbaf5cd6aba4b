"""What can go wrong with an order; the bot turns each into a reply, the API into a status."""


class OrderError(Exception):
    pass


class UnknownOrder(OrderError):
    pass


class OrderNotOpen(OrderError):
    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class BadPayment(OrderError):
    pass
