"""A fake WeChat and WeCom platform on real HTTP, for tests and local trials.

It follows the documented rules of the calls zhunong makes (stable tokens, customer-service and
template messages, parametric QR codes, media upload, WeCom group robots) and can inject latency,
failures, hangs and forced error codes.
"""

from fake_wechat.fake import FakeWeChat
from fake_wechat.faults import Faults, Rule
from fake_wechat.state import FakeState, Received

__all__ = ["FakeState", "FakeWeChat", "Faults", "Received", "Rule"]
