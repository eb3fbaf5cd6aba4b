"""WeChat quoted replies: 「张三：西兰花 2.5元一斤」, a dashed line, then the reply itself.

Clients that show a quote as a line of its own write 引用 张三 的消息 : 西兰花 2.5元一斤.
"""

import re
from typing import NamedTuple

# The quote is one bracketed block; its first words name whose message it was.
_QUOTE = re.compile(
    r"「(?P<quoted>[^」]{0,1000})」|^引用\s*[^\n]{1,16}?\s*的消息\s*:\s*(?P<line>[^\n]{0,1000})$",
    re.MULTILINE,
)
_SPEAKER = re.compile(r"^[^:\n]{1,16}:\s*")
_RULE = re.compile(r"^[-—–_= \t]{3,}$", re.MULTILINE)


class Quoted(NamedTuple):
    quoted: str
    reply: str


def split(clean: str) -> Quoted | None:
    """The quoted message and the reply, or None when the message quotes nothing."""
    if "「" not in clean and "引用" not in clean:
        return None
    match = _QUOTE.search(clean)
    if match is None:
        return None
    if match.group("line") is not None:
        quoted = match.group("line").strip()
    else:
        quoted = _SPEAKER.sub("", match.group("quoted").strip())
    rest = clean[: match.start()] + "\n" + clean[match.end() :]
    reply = "\n".join(line for line in _RULE.sub("", rest).split("\n") if line.strip())
    return Quoted(quoted, reply.strip())
