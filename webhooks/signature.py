"""WeChat's request signatures, compared in constant time, and the timestamp window."""

import hashlib
import hmac
import time


def sign(*parts: str) -> str:
    """sha1 of the parts sorted and joined: WeChat's `signature` and `msg_signature`."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def is_valid(signature: str | None, *parts: str) -> bool:
    if not signature:
        return False
    return hmac.compare_digest(sign(*parts).encode(), signature.encode("utf-8", "replace"))


def is_fresh(timestamp: str, max_skew: int, now: float | None = None) -> bool:
    """A replayed request carries an old timestamp; 0 turns the check off."""
    if max_skew == 0:
        return True
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    return abs((time.time() if now is None else now) - sent) <= max_skew
