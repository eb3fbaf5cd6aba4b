"""WeChat's request signatures, compared in constant time, and the timestamp window."""

import hashlib
import hmac
import re
import time

# Seconds since 1970 in ASCII digits: int() alone would take "１２３", "1_0" or a number too large
# to compare with the clock.
TIMESTAMP = re.compile(r"[0-9]{1,12}")


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
    if not TIMESTAMP.fullmatch(timestamp):
        return False
    return abs((time.time() if now is None else now) - int(timestamp)) <= max_skew
