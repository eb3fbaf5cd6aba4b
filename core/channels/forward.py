"""A personal WeChat group has no API: its village official gets the message to forward.

The text says which group it is for, and the listing card comes with it, as a picture the
official can forward with one tap. It travels as a customer-service message to the official.
"""

from core.channels import Channel, Outcome
from core.outbound import OutboundMessage


class Forward:
    carries_card = True

    def __init__(self, to_official: Channel) -> None:
        self.to_official = to_official

    def send(self, message: OutboundMessage, image: bytes | None = None) -> Outcome:
        if not message.route:
            return Outcome.failed("no official on WeChat to forward to")
        return self.to_official.send(message, image)
