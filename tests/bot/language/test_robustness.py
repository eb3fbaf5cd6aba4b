"""No input breaks the reader: random Unicode, chat-like noise, very long text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.language import Reading, parse
from bot.language.reader import MAX_CHARS, _read
from bot.language.reading import INTENTS

# Characters the patterns care about, so random text reaches deep into them.
CHAT = (
    "0123456789.．，,、。：:/~-+#号订要卖取消吗元块毛角分钱斤两公千克吨担箱袋件筐把个板瓶"
    "一二两三四五六七八九十百千万亿零半几多来余每第点周天上下午明送自提接龙西兰花土豆\n 　"
)
# Speed is the benchmark's business (bench/language.py times the slowest of 10,000 inputs);
# these tests feed the longest inputs the reader accepts, so a pattern that backtracks
# without end shows up as a test that never finishes.


def assert_sane(reading: Reading) -> None:
    assert reading.intent in INTENTS
    assert reading.price_fen is None or isinstance(reading.price_fen, int)
    assert reading.grams is None or isinstance(reading.grams, int)


@given(st.text(max_size=300))
def test_random_unicode_is_read_without_error(text: str) -> None:
    assert_sane(_read(text, None, None))


@given(st.text(alphabet=CHAT, max_size=200))
def test_chat_like_noise_is_read_without_error(text: str) -> None:
    assert_sane(_read(text, None, None))


def filled(pattern: str) -> str:
    return (pattern * (MAX_CHARS // len(pattern) + 1))[:MAX_CHARS]


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.text(alphabet=CHAT, min_size=1, max_size=80), st.text(min_size=1)).map(filled))
def test_long_text_is_read(text: str) -> None:
    assert_sane(_read(text, None, None))


def test_long_runs_of_one_kind_do_not_backtrack() -> None:
    for block in ("1", "一", "1.", "一斤", "斤", "西兰花", "元", "号", "送到", "1 "):
        assert_sane(_read(block * (MAX_CHARS // len(block)), None, None))


def test_text_beyond_the_limit_is_cut() -> None:
    assert parse("要20斤" + "啊" * (MAX_CHARS * 10)).quantity == 20


def test_whatever_is_passed_in_a_reading_comes_out() -> None:
    for text in ("", " ", "\n\n", "\x00", "🥦" * 50, None, 12):
        assert_sane(parse(text))  # type: ignore[arg-type]
