"""Customer-service messages to a follower of the Official Account.

WeChat allows them only within 48 hours of the user's last message, and 5 of them in that
window. Both are tracked here per openid, so the quota is not spent finding out the hard way.
Outside the window a template message goes instead, when one is configured; otherwise the
message fails with its reason, and the official who asked to hear of failures is told.
"""

from datetime import datetime, timedelta

import httpx
from sqlalchemy import bindparam
from sqlmodel import Field, Session, SQLModel

from core.channels import Outcome, http_outcome
from core.channels.wechat_api import OfficialAccount, WeChatApiError
from core.clock import utcnow
from core.database import metadata  # noqa: F401  (naming conventions first)
from core.outbound import OutboundMessage
from core.statements import prepared

WINDOW = timedelta(hours=48)
QUOTA = 5
RETRYABLE = {-1, 45009, 45011}
OUT_OF_WINDOW = {45015, 45047}
# Failures after which WeChat may have delivered the message all the same: its quota stays spent.
MAYBE_DELIVERED = (httpx.TimeoutException, httpx.RemoteProtocolError)


class CustomerWindow(SQLModel, table=True):
    """When a user last wrote, and how many messages we sent them since."""

    __tablename__ = "customer_window"

    openid: str = Field(primary_key=True, max_length=64)
    last_inbound_at: datetime
    sent: int = 0


def user_wrote(session: Session, *, openid: str, at: datetime | None = None) -> None:
    """A message from the user opens a new window with a fresh quota."""
    _open_window(session, openid=openid, at=at or utcnow())


@prepared
def _open_window(dialect):
    opened = dialect.insert(CustomerWindow).values(
        openid=bindparam("openid"), last_inbound_at=bindparam("at"), sent=0)
    return opened.on_conflict_do_update(
        index_elements=["openid"],
        set_={"last_inbound_at": opened.excluded.last_inbound_at, "sent": 0})


class OaCustomer:
    carries_card = False  # a buyer gets the text; a card would spend a second of 5 messages

    def __init__(self, account: OfficialAccount, template_id: str = "") -> None:
        self.account, self.template_id = account, template_id

    def send(self, message: OutboundMessage, image: bytes | None = None) -> Outcome:
        openid = message.route or message.target_address
        cost = 2 if image is not None else 1
        if not self._take_quota(openid, cost):
            return self._template(message, openid, "outside the 48-hour window or quota")
        delivered = 0
        try:
            if image is not None:
                self._image(openid, image)
                delivered = 1
            self.account.call("/cgi-bin/message/custom/send", {
                "touser": openid, "msgtype": "text", "text": {"content": message.text}})
        except httpx.HTTPError as error:
            if not isinstance(error, MAYBE_DELIVERED) or isinstance(error, httpx.ConnectTimeout):
                self._give_back(openid, cost - delivered)
            return http_outcome(error)
        except WeChatApiError as error:
            if error.errcode in OUT_OF_WINDOW:
                return self._template(message, openid, str(error))
            reason = str(error)
            if error.errcode not in RETRYABLE:
                return Outcome.failed(reason)
            self._give_back(openid, cost - delivered)
            return Outcome.retry(reason)
        return Outcome.sent()

    def _take_quota(self, openid: str, messages: int) -> bool:
        with self.account.db.transaction() as session:
            window = session.get(CustomerWindow, openid, with_for_update=True)
            if window is None or window.last_inbound_at < utcnow() - WINDOW:
                return False
            if window.sent + messages > QUOTA:
                return False
            window.sent += messages
            session.add(window)
            return True

    def _give_back(self, openid: str, messages: int) -> None:
        """A try that surely never reached the user spends none of their quota: otherwise an
        hour without WeChat would use up a buyer's five messages on failed tries."""
        with self.account.db.transaction() as session:
            window = session.get(CustomerWindow, openid, with_for_update=True)
            if window is not None:
                window.sent = max(0, window.sent - messages)
                session.add(window)

    def _image(self, openid: str, png: bytes) -> None:
        uploaded = self.account.call("/cgi-bin/media/upload", None, params={"type": "image"},
                                     files={"media": ("card.png", png, "image/png")})
        self.account.call("/cgi-bin/message/custom/send", {
            "touser": openid, "msgtype": "image", "image": {"media_id": uploaded["media_id"]}})

    def _template(self, message: OutboundMessage, openid: str, why: str) -> Outcome:
        if not self.template_id:
            return Outcome.failed(why)
        try:
            self.account.call("/cgi-bin/message/template/send", {
                "touser": openid, "template_id": self.template_id,
                "data": {"content": {"value": message.text[:200]}}})
        except httpx.HTTPError as error:
            return http_outcome(error)
        except WeChatApiError as error:
            return Outcome.failed(f"template: {error}")
        return Outcome.sent()
