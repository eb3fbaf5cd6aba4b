"""The safe-mode envelope: AES-encrypted XML inside <Encrypt>, signed with msg_signature.

wechatpy does the cryptography; the signature is checked here first, in constant time, because
wechatpy compares it with `!=`.
"""

import time
import xml.parsers.expat

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

from webhooks.signature import is_valid


class EnvelopeError(Exception):
    """The encrypted body cannot be opened: bad form, bad signature or another appid."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def encrypted_part(body: bytes) -> str:
    try:
        # WeChat's envelope is UTF-8. Read as bytes, a declared encoding would pick the codec:
        # "x-nonsense" or "rot13" raised LookupError, a 500.
        envelope = xmltodict.parse(body.decode("utf-8"))["xml"]
        encrypt = envelope["Encrypt"]
    except (xml.parsers.expat.ExpatError, ValueError, KeyError, TypeError, LookupError) as error:
        raise EnvelopeError("malformed encrypted envelope") from error
    if not isinstance(encrypt, str) or not encrypt:
        raise EnvelopeError("malformed encrypted envelope")
    return encrypt


def open_envelope(
    body: bytes, *, token: str, app_id: str, aes_keys: list[str],
    msg_signature: str | None, timestamp: str, nonce: str,
) -> str:
    """Return the plaintext XML inside an encrypted request."""
    encrypt = encrypted_part(body)
    if not is_valid(msg_signature, token, timestamp, nonce, encrypt):
        raise EnvelopeError("bad msg_signature", status=403)
    wrong_app = False
    for key in aes_keys:  # the previous key still opens messages while a new one rolls out
        try:
            return WeChatCrypto(token, key, app_id).decrypt_message(
                body, msg_signature, timestamp, nonce
            )
        except InvalidAppIdException:
            wrong_app = True
        except InvalidSignatureException:
            continue
        except Exception:  # noqa: BLE001  garbage ciphertext fails in many ways, all a 400
            continue
    raise EnvelopeError("message for another appid" if wrong_app else "cannot decrypt message")


def seal(xml_text: str, *, token: str, app_id: str, aes_key: str, nonce: str) -> str:
    """Encrypt a passive reply, as WeChat expects for an encrypted request."""
    crypto = WeChatCrypto(token, aes_key, app_id)
    return crypto.encrypt_message(xml_text, nonce, str(int(time.time())))
