"""Which channel carries a message, and the listing card that goes with it."""

import json
import logging
import threading
from collections import OrderedDict

import httpx

from core.channels import CardRenderer, Channel, Outcome
from core.channels.forward import Forward
from core.channels.oa_customer import OaCustomer
from core.channels.sandbox import Sandbox
from core.channels.wechat_api import OfficialAccount, WeChatApiError
from core.channels.wecom_robot import WecomRobot
from core.database import Database
from core.outbound import OutboundMessage
from core.settings import Settings

log = logging.getLogger("zhunong.outbound")
CARDS_KEPT = 32
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class Dispatcher:
    def __init__(self, channels: dict[str, Channel], *, render_card: CardRenderer | None = None,
                 account: OfficialAccount | None = None) -> None:
        self.channels = {"sandbox": Sandbox()} | channels
        self.render_card, self.account = render_card, account
        self._cards: OrderedDict[str, bytes | None] = OrderedDict()
        self._drawing = threading.Lock()  # one card drawn once, not by every thread at once
        self._qr_urls: dict[str, str | None] = {}

    @classmethod
    def from_settings(cls, settings: Settings, db: Database, *,
                      render_card: CardRenderer | None = None) -> "Dispatcher":
        """Robots send for real whenever a group has a key; the Official Account's channels only
        when its credentials are set, otherwise to the sandbox."""
        client = httpx.Client(timeout=TIMEOUT)
        channels: dict[str, Channel] = {
            "wecom_robot": WecomRobot(client, settings.wecom_webhook_base)}
        account = None
        if not settings.sandbox:
            account = OfficialAccount(db, client, base=settings.wechat_api_base,
                                      app_id=settings.wechat_app_id,
                                      secret=settings.wechat_app_secret)
            customer = OaCustomer(account, settings.wechat_template_id)
            channels |= {"oa_customer": customer, "forward": Forward(customer)}
        return cls(channels, render_card=render_card, account=account)

    def send(self, message: OutboundMessage) -> Outcome:
        channel = self.channels.get(message.channel, self.channels["sandbox"])
        wants_card = getattr(channel, "carries_card", False)
        return channel.send(message, self.card(message) if wants_card else None)

    def card(self, message: OutboundMessage) -> bytes | None:
        """The card of a message's attachment, made once for all the groups it goes to."""
        if not message.attachment or self.render_card is None:
            return None
        key = json.dumps(message.attachment, sort_keys=True, ensure_ascii=False)
        with self._drawing:
            return self._card(key, message)

    def _card(self, key: str, message: OutboundMessage) -> bytes | None:
        if key not in self._cards:
            self._cards[key] = self.render_card(message.attachment, self._qr_url(message))
            if len(self._cards) > CARDS_KEPT:
                self._cards.popitem(last=False)
        return self._cards[key]

    def _qr_url(self, message: OutboundMessage) -> str | None:
        """The account's parametric QR for the listing, so a scan opens the chat on it."""
        scene = message.attachment.get("scene")
        if self.account is None or not scene:
            return None
        if scene not in self._qr_urls:
            try:
                answer = self.account.call("/cgi-bin/qrcode/create", {
                    "action_name": "QR_LIMIT_STR_SCENE",
                    "action_info": {"scene": {"scene_str": scene}}})
                self._qr_urls[scene] = answer.get("url")
            except (httpx.HTTPError, WeChatApiError) as error:
                log.warning("no QR code for %s: %s", scene, error)
                return None  # the card then shows the code as text; try again next time
        return self._qr_urls[scene]
