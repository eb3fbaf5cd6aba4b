"""The sandbox: records the message (it is already in the outbox) and counts it as sent."""

from core.channels import Outcome
from core.outbound import OutboundMessage


class Sandbox:
    carries_card = False

    def send(self, message: OutboundMessage, image: bytes | None = None) -> Outcome:
        return Outcome.sent()
