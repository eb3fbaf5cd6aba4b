"""Hostile and malformed callbacks to POST /wechat, as hypothesis strategies.

The fuzz test draws a few hundred of them through the app in process; `bench/fuzz_callback.py`
draws thousands at a real server on loopback. A callback knows whether WeChat could have sent
it (signature, timestamp, key and appid all right): only such a callback may leave a row.

    a message ──► pristine (valid XML, any text) or mutated (fields dropped, duplicated, nested,
                  badly escaped; DOCTYPEs, entities, CDATA tricks, deep nesting, other encodings,
                  truncated, random bytes)
      ──► sent in plaintext or sealed as WeChat's safe mode does, or sealed wrongly (another
          key, another appid, bad padding, garbage ciphertext, no envelope)
      ──► signed rightly, or forged, stale, oddly timestamped, with parameters missing or twice
"""

import base64
import itertools
import json
import os
import struct
import time
from dataclasses import dataclass
from xml.sax.saxutils import escape

from hypothesis import strategies as st
from wechatpy.crypto.cryptography import WeChatCipher

from webhooks.signature import sign

MAX_SKEW = 300  # the server's ZHUNONG_WECHAT_MAX_CLOCK_SKEW, its default
OPENIDS = ["o_fuzz_a", "o_fuzz_b", "o_fuzz_c", "o_fuzz_d", "demo_yanchangqi", "demo_liuyouliang",
           "demo_lipaifei"]
TEXTS = ["帮助", "订1 10斤", "订1 200斤", "我的订单", "取消 D1", "还有西兰花吗", "确认", "是",
         "取消", "帮李佰飞发布 西蓝花 5000斤 2.5元一斤 村部自提", "绑定 ABCD1234", "导入接龙 1",
         "后台"]
EVENTS = ["subscribe", "unsubscribe", "SCAN", "CLICK", "VIEW", "LOCATION", "TEMPLATESENDJOBFINISH",
          "user_scan_product_verify_action", "", "subscribe_scan", "weird"]
MSG_TYPES = ["text", "voice", "image", "event", "location", "link", "video", "shortvideo",
             "miniprogrampage", "file", "device_text", "TEXT", ""]
# Characters that have broken parsers, databases and terminals.
SPICY = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\u200b", "\u202e", "\ufeff",
         "\ufffe", "\uffff", "😀", "👨‍👩‍👧", "🇨🇳", "菜", "𠀀", "\U0010ffff", "\ue000", "e\u0301",
         "&", "<", ">", "]]>", "<![CDATA[", '"', "'", "\r\n", "\t", "%", "&amp;", "&#0;", "\\"]
CODE_POINTS = [0, 1, 8, 0xB, 0x1F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF, 0x1F600,
               0x110000, 0x10FFFF, 0x41, 0x4E2D]
ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk", "gb18030",
             "big5", "latin-1", "cp1252", "shift_jis"]
DECLARED = ["UTF-8", "utf-8", "GBK", "GB2312", "UTF-16", "ISO-8859-1", "US-ASCII", "EBCDIC",
            "x-nonsense", "", "rot13", "idna", "punycode", "undefined", "unicode_escape", "utf-7"]


@dataclass(frozen=True)
class Keys:
    token: str
    app_id: str
    aes_key: str


@dataclass(frozen=True)
class Callback:
    kind: str  # how it was made: "signed/plain/none/pristine", "unverified/wrong_key/stale/hostile"
    params: tuple[tuple[str, str], ...]
    body: bytes
    authentic: bool  # WeChat could have sent it: only then may a row appear
    plaintext: str | None  # what the server parses, when authentic and UTF-8
    pristine: bool  # valid XML of a well-formed message: when authentic, it must be accepted

    @property
    def encrypted(self) -> bool:
        return ("encrypt_type", "aes") in self.params


# ---------------------------------------------------------------------------- texts and fields

# Any character XML allows (no controls but tab and newlines, no surrogates, no U+FFFE/U+FFFF).
xml_safe_text = st.text(st.characters(exclude_categories=("Cs", "Cc"),
                                      exclude_characters="\ufffe\uffff") | st.sampled_from("\t\n"),
                        max_size=80)
any_text = st.one_of(
    st.sampled_from(TEXTS),
    xml_safe_text,
    st.text(max_size=40),  # control characters and NUL included
    st.lists(st.sampled_from(SPICY), max_size=20).map("".join),
    st.builds(lambda char, n: char * n, st.sampled_from(["菜", "a", "😀", "&", "<"]),
              st.integers(0, 40_000)),  # empty to well past the 64 KiB cap
)
numbers = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.integers(0, 10**120).map(str),
    st.sampled_from(["0", "-0", "-1", "00012", "1e9", "0x10", " 12 ", "１２", "NaN", "",
                     "9" * 5000, "9" * 99, "2147483647", "2147483648", "4294967296",
                     "99999999999", "253402300799", "253402300800", "9223372036854775807",
                     "9223372036854775808", "18446744073709551615", "18446744073709551616"]),
)
# Identifiers at and past their limits, and with markup that would land in the reply.
identifiers = any_text | st.sampled_from(
    ["o" * 64, "o" * 65, "x" * 100, "gh_" + "x" * 61, "gh_" + "x" * 62, "o<x/>", "o&amp;x",
     "o]]>x", "o x", "o\tx", "欧", "o😀"])
# Mostly a new MsgId each time, as WeChat's are; now and then a repeat, as WeChat's retries are.
_fresh = itertools.count(time.time_ns() // 1000)
msg_ids = st.one_of(st.builds(lambda: next(_fresh)), st.builds(lambda: next(_fresh)),
                    st.integers(1, 2**63))
ABSURD = {
    "ToUserName": identifiers, "FromUserName": identifiers, "CreateTime": numbers,
    "MsgType": st.sampled_from(MSG_TYPES) | st.text(max_size=12), "Content": any_text,
    "MsgId": numbers, "Event": st.text(max_size=40), "EventKey": any_text,
    "Recognition": any_text, "MediaId": any_text, "Location_X": numbers, "PicUrl": any_text,
}
FIELDS_OF = {"text": ["Content", "MsgId"], "voice": ["MediaId", "Recognition", "MsgId"],
             "event": ["Event", "EventKey"], "image": ["PicUrl", "MediaId", "MsgId"],
             "location": ["Location_X", "MsgId"]}


def entity(point: int) -> str:
    return f"&#x{point:X};"


@st.composite
def rendered(draw, value: str) -> str:
    """A field's value as XML: rightly escaped, or in one of the ways senders get it wrong."""
    style = draw(st.sampled_from(["escaped"] * 5 + ["cdata_split"] * 2 + ["cdata", "raw",
                                                                          "entities", "soup"]))
    if style == "escaped":
        return escape(value)
    if style == "cdata":  # breaks when the value holds "]]>"
        return f"<![CDATA[{value}]]>"
    if style == "cdata_split":
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    if style == "raw":
        return value
    if style == "entities":
        return "".join(entity(ord(char)) for char in value)
    points = draw(st.lists(st.sampled_from(CODE_POINTS) | st.integers(0, 0x10FFFF), max_size=12))
    return "".join(entity(point) for point in points)


@st.composite
def message_fields(draw, now: int) -> list[tuple[str, str]]:
    """A message as (name, XML) pairs: each field right, absurd or missing."""
    msg_type = draw(st.sampled_from(list(FIELDS_OF)))
    right = {
        "ToUserName": "gh_zhunong", "FromUserName": draw(st.sampled_from(OPENIDS)),
        "CreateTime": str(now), "MsgType": msg_type, "Content": draw(st.sampled_from(TEXTS)),
        "MsgId": str(draw(msg_ids)), "Event": draw(st.sampled_from(EVENTS)),
        "EventKey": draw(st.sampled_from(["", "qrscene_L12", "qrscene_", "L1", "MENU_1",
                                          "scanbarcode|x"])),
        "Recognition": draw(st.sampled_from(TEXTS)), "MediaId": "media", "Location_X": "23.1",
        "PicUrl": "http://127.0.0.1:1/a.jpg",
    }
    names = ["ToUserName", "FromUserName", "CreateTime", "MsgType", *FIELDS_OF[msg_type]]
    broken = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    fields = []
    for name in names:
        how = draw(st.sampled_from(["absurd", "absurd", "missing"])) if name in broken else "right"
        if how != "missing":
            value = right[name] if how == "right" else draw(ABSURD[name])
            fields.append((name, draw(rendered(value))))
    return draw(st.permutations(fields)) if draw(st.integers(0, 3)) == 0 else fields


def pristine_fields(openid: str, msg_type: str, text: str, msg_id: int, created: int,
                    event: str) -> list[tuple[str, str]]:
    fields = [("ToUserName", "<![CDATA[gh_zhunong]]>"), ("FromUserName", f"<![CDATA[{openid}]]>"),
              ("CreateTime", str(created)), ("MsgType", msg_type)]
    if msg_type == "event":
        return [*fields, ("Event", event), ("EventKey", escape(text))]
    if msg_type == "voice":
        return [*fields, ("MediaId", "m1"), ("Format", "amr"), ("Recognition", escape(text)),
                ("MsgId", str(msg_id))]
    return [*fields, ("Content", escape(text)), ("MsgId", str(msg_id))]


def as_xml(fields: list[tuple[str, str]], root: tuple[str, str] = ("<xml>", "</xml>")) -> str:
    opening, closing = root
    return opening + "".join(f"<{name}>{value}</{name}>" for name, value in fields) + closing


# ------------------------------------------------------------------------------------ documents

DOCTYPES = [
    '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/x">]>',
    '<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/evil.dtd">',
    '<!DOCTYPE xml [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    '<!DOCTYPE xml [<!ELEMENT xml ANY>]>',
    "<!DOCTYPE xml>",
    '<!DOCTYPE xml [<!ATTLIST xml a CDATA "default">]>',
]
ROOTS = [("<xml>", "</xml>"),
    ("<XML>", "</XML>"), ("<root>", "</root>"), ("<xml a='1'>", "</xml>"),
    ("<xml xmlns='urn:x'>", "</xml>"), ("<ns:xml xmlns:ns='urn:x'>", "</ns:xml>"), ("", ""),
    ("<xml>", ""), ("<xml><xml>", "</xml></xml>")]
DAMAGES = ["twice", "elements", "unknown_field", "root", "deep", "doctype", "extra",
           "declaration", "truncated"]
ENTITY_USES = ["&xxe;", "&d;", "&c;", "&undefined;", "&#0;", "&#xD800;", "&lt;", "&"]


@st.composite
def mutated_document(draw, now: int) -> str:
    """A message document, its fields right or absurd, its structure damaged or not."""

    damages = draw(st.sets(st.sampled_from(DAMAGES), min_size=1, max_size=3)) if draw(
        st.booleans()) else set()
    fields = draw(message_fields(now))
    if fields and "twice" in damages:  # a field twice, maybe with another value
        name, value = draw(st.sampled_from(fields))
        fields.insert(draw(st.integers(0, len(fields))), (name, draw(st.just(value) | any_text)))
    if "elements" in damages:  # a field given as elements instead of text
        name = draw(st.sampled_from(["Content", "FromUserName", "CreateTime", "MsgId", "MsgType",
                                     "Event", "ToUserName"]))
        fields.append((name, draw(st.sampled_from(
            ["<b>x</b>", "<a><b/></a>", "", "<Content>nested</Content>", "x<i/>y"]))))
    if "unknown_field" in damages:
        fields.append((draw(st.sampled_from(["Unknown", "a", "xml", "Encrypt", "x-y.z"])),
                       draw(rendered(draw(any_text)))))
    body = as_xml(fields, draw(st.sampled_from(ROOTS)) if "root" in damages else ROOTS[0])
    if "deep" in damages:  # up to the 64 KiB cap and past it
        depth = draw(st.integers(1, 10_000))
        nest = "<a>" * depth + "x" + "</a>" * draw(st.sampled_from([depth, depth - 1, 0]))
        inside = draw(st.booleans())
        body = body.replace("</xml>", f"<Deep>{nest}</Deep></xml>", 1) if inside else nest
    if "doctype" in damages:
        doctype = draw(st.sampled_from(DOCTYPES))
        use = draw(st.sampled_from(ENTITY_USES))
        body = doctype + body.replace("<Content>", f"<Content>{use}", 1)
    if "extra" in damages:
        extra = draw(st.sampled_from(["<!-- a comment -->", "<?pi data?>", "<![CDATA[outside]]>",
                                      "<xml/>", "trailing", "\x00", "</xml>", " \n\t"]))
        at = draw(st.integers(0, len(body)))
        body = body[:at] + extra + body[at:]
    if "declaration" in damages:
        declared = draw(st.sampled_from(DECLARED))
        body = f'<?xml version="1.0" encoding="{declared}"?>' + body
    if "truncated" in damages:
        body = body[: draw(st.integers(0, len(body)))]
    return body


@st.composite
def pristine_document(draw, now: int) -> str:
    msg_type = draw(st.sampled_from(["text", "text", "text", "voice", "event", "image"]))
    return as_xml(pristine_fields(
        openid=draw(st.sampled_from(OPENIDS)), msg_type=msg_type,
        text=draw(st.sampled_from(TEXTS) | xml_safe_text),
        msg_id=draw(msg_ids),
        created=now - draw(st.integers(0, 100)),
        event=draw(st.sampled_from(["subscribe", "unsubscribe", "SCAN", "CLICK"]))))


@st.composite
def body_bytes(draw, now: int) -> tuple[bytes, bool]:
    """The bytes of a body, and whether they are a pristine message in UTF-8."""
    kind = draw(st.sampled_from(["pristine"] * 4 + ["mutated"] * 4 + ["encoded", "bytes",
                                                                      "flipped"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2000)), False
    document = draw(pristine_document(now) if kind == "pristine" else mutated_document(now))
    if kind == "encoded":
        encoding = draw(st.sampled_from(ENCODINGS))
        return document.encode(encoding, errors="xmlcharrefreplace"), False
    data = document.encode("utf-8", errors="surrogatepass")
    if kind == "flipped" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 1:]
    return data, kind == "pristine"


def utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# -------------------------------------------------------------------------- sealing and signing

def encrypt(aes_key: str, data: bytes, app_id: str, pad_byte: int | None = None) -> str:
    """WeChat's ciphertext of `data` (bytes as they are: a GBK body stays GBK inside);
    `pad_byte` replaces the PKCS#7 padding's value, to make it wrong."""
    raw = os.urandom(16) + struct.pack(">I", len(data)) + data + app_id.encode()
    pad = 32 - len(raw) % 32
    if pad_byte == pad:  # that would be the right padding after all: make it one too many
        pad_byte = pad + 1
    cipher = WeChatCipher(base64.b64decode(aes_key + "="))
    return base64.b64encode(cipher.encrypt(raw + bytes([pad if pad_byte is None else pad_byte])
                                           * pad)).decode()


def envelope_xml(encrypted: str) -> bytes:
    return (f"<xml><ToUserName><![CDATA[gh_zhunong]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>").encode()


ENCRYPTED_FAULTS = ["none", "none", "none", "none", "wrong_key", "other_app", "bad_padding",
                    "truncated", "garbage", "not_base64", "no_envelope", "forged_msg_signature"]
QUERY_FAULTS = ["none", "none", "none", "none", "forged", "other_token", "stale", "future",
                "odd_timestamp", "missing", "duplicated_same", "duplicated_forged", "odd_nonce"]
HARMLESS_QUERY_FAULTS = ["none", "duplicated_same", "odd_nonce"]


@st.composite
def callbacks(draw, keys: Keys, authentic: bool | None = None) -> Callback:
    """Any callback; with `authentic` True only ones WeChat could send, False only others."""
    now = int(time.time())
    data, pristine = draw(body_bytes(now))
    encrypted = draw(st.booleans())
    nonce = draw(st.sampled_from(["1320562132", "nonce", "a1b2c3"]))  # WeChat may repeat one
    timestamp = str(now)
    query_fault = draw(st.sampled_from(HARMLESS_QUERY_FAULTS if authentic else QUERY_FAULTS))
    if query_fault == "odd_nonce":
        nonce = draw(st.sampled_from(["", "]]><x/>", "非数字", " ", "a" * 300]) | st.text(
            max_size=20))
    if query_fault in ("stale", "future"):
        off = draw(st.integers(MAX_SKEW + 5, 10**8))
        timestamp = str(now - off if query_fault == "stale" else now + off)
    if query_fault == "odd_timestamp":
        timestamp = draw(st.sampled_from(["", "abc", "-1", "１７００", "9" * 400, " 17", "1_0",
                                          "1.5e9"]) | st.text(max_size=12))
    fault = "plain"
    if encrypted:
        fault = "none" if authentic else draw(st.sampled_from(ENCRYPTED_FAULTS))
    body, sealed = _body(draw, keys, fault, data)
    msg_signature = sign(keys.token, timestamp, nonce, sealed)
    if fault == "forged_msg_signature":
        msg_signature = "0" * 40
    params = [("timestamp", timestamp), ("nonce", nonce),
              ("signature", sign(keys.token, timestamp, nonce))]
    if encrypted:
        params += [("encrypt_type", "aes"), ("msg_signature", msg_signature)]
    signed_name = "msg_signature" if encrypted else "signature"
    params, query_ok = _query_fault(draw, query_fault, params, signed_name, sealed)
    if authentic is False and query_ok and fault in ("plain", "none"):
        params, query_fault = _replace(params, signed_name, "0" * 40), "forged"
        query_ok = False
    genuine = query_ok and fault in ("plain", "none")
    return Callback(
        kind=f"{'signed' if genuine else 'unverified'}/{fault}/{query_fault}"
             f"/{'pristine' if pristine else 'hostile'}",
        params=tuple(params), body=body, authentic=genuine,
        plaintext=utf8(data) if genuine else None, pristine=pristine)


def _body(draw, keys: Keys, fault: str, data: bytes) -> tuple[bytes, str]:
    """The request body for an encrypted fault (or plaintext), and what its <Encrypt> holds."""
    if fault in ("plain", "no_envelope"):
        return data, ""
    if fault in ("none", "forged_msg_signature"):
        encrypted = encrypt(keys.aes_key, data, keys.app_id)
    elif fault == "wrong_key":
        other = base64.b64encode(bytes(draw(st.binary(min_size=32, max_size=32)))).decode()
        encrypted = encrypt(other[:43], data, keys.app_id)
    elif fault == "other_app":
        encrypted = encrypt(keys.aes_key, data, "wxSOMEONEELSE0000")
    elif fault == "bad_padding":
        pad_byte = draw(st.sampled_from([0, 33, 255, 1, 31]))
        encrypted = encrypt(keys.aes_key, data, keys.app_id, pad_byte)
    elif fault == "truncated":
        full = encrypt(keys.aes_key, data, keys.app_id)
        encrypted = full[: draw(st.integers(0, len(full) - 1))]
    elif fault == "garbage":
        encrypted = base64.b64encode(draw(st.binary(max_size=200))).decode()
    else:
        encrypted = draw(st.sampled_from(["!!!!", "abc", "====", "非base64", "a" * 10_000]))
    return envelope_xml(encrypted), encrypted


def _query_fault(draw, fault: str, params: list, signed_name: str,
                 sealed: str) -> tuple[list, bool]:
    """The query with `fault` done to it, and whether it still verifies."""
    values = dict(params)
    if fault == "forged":
        forged = draw(st.sampled_from(["", "0" * 40, "x", "签名"]) | st.text(max_size=41))
        return _replace(params, signed_name, forged), False
    if fault == "other_token":
        parts = [values["timestamp"], values["nonce"]] + ([sealed] if sealed else [])
        return _replace(params, signed_name, sign("guessed-token", *parts)), False
    if fault == "missing":
        name = draw(st.sampled_from([name for name, _ in params if name != "encrypt_type"]))
        # Safe mode reads msg_signature alone: without `signature` it still verifies.
        still = name == "signature" and signed_name == "msg_signature"
        return [pair for pair in params if pair[0] != name], still
    if fault == "duplicated_same":
        return [*params, draw(st.sampled_from(params))], True
    if fault == "duplicated_forged":  # the last of a repeated parameter is the one read
        name = draw(st.sampled_from(["timestamp", "nonce", signed_name]))
        return [*params, (name, "0" * 40)], False
    return params, fault in HARMLESS_QUERY_FAULTS or fault == "none"


def _replace(params: list, name: str, value: str) -> list:
    return [(key, value if key == name else old) for key, old in params]


# ---------------------------------------------------------------------------------- the oracle

def response_problems(callback: Callback, status: int, text: str) -> list[str]:
    """What is wrong with the server's answer to `callback`, judged from the answer alone."""
    problems = []
    if status >= 500:
        problems.append(f"{status} for {callback.kind}")
    elif 200 <= status < 300:
        if not callback.authentic:
            problems.append(f"{status} for an unverified callback ({callback.kind})")
        if text != "success" and not text.startswith("<xml>"):
            problems.append(f"a 2xx that is neither success nor XML: {text[:80]!r}")
        if callback.encrypted and text.startswith("<xml>") and "<Encrypt>" not in text:
            problems.append("a plaintext reply to an encrypted message")
    elif 400 <= status < 500:
        if callback.authentic and callback.pristine:
            problems.append(f"{status} for a well-formed signed message ({callback.kind}): "
                            f"{text[:120]}")
        try:
            reason = json.loads(text).get("detail")
        except (ValueError, AttributeError):
            reason = None
        if not reason:
            problems.append(f"a {status} without a reason: {text[:80]!r}")
    else:
        problems.append(f"unexpected status {status}")
    return problems
