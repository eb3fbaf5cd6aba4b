import logging

import pytest


@pytest.fixture(autouse=True)
def the_reader_never_fails():
    """parse() reads nothing rather than break a conversation; here, a failure must show.
    A handler of its own: the app's logging setup stops zhunong's records reaching the root."""
    failures: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = failures.append
    logger = logging.getLogger("zhunong.language")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not failures, failures[0].getMessage()
