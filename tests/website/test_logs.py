"""Expected faults reach the log as one line naming the error's class; anything else keeps its traceback."""

import io
import logging

import pytest
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError

from website.logs import ExpectedFaultsOnOneLine


@pytest.fixture
def console():
    """The site's own console handler (settings.LOGGING), writing into a buffer for the test."""
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, ExpectedFaultsOnOneLine) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def log_exception(logger_name: str, error: BaseException) -> None:
    try:
        raise error
    except type(error):
        logging.getLogger(logger_name).exception("Something failed")


def test_database_outage_is_one_line_with_the_error_class(console):
    log_exception("django.request", OperationalError("connection refused"))

    assert console.getvalue() == "django.request: Something failed (OperationalError)\n"


def test_bad_request_is_one_line_with_the_error_class(console):
    log_exception("django.security.RequestDataTooBig", RequestDataTooBig("too big"))

    assert console.getvalue() == "django.security.RequestDataTooBig: Something failed (RequestDataTooBig)\n"


def test_wrapped_redis_error_names_its_cause(console):
    class ConnectionInterrupted(Exception):
        pass

    from redis.exceptions import TimeoutError as RedisTimeoutError

    try:
        try:
            raise RedisTimeoutError("Timeout reading from socket")
        except RedisTimeoutError as cause:
            raise ConnectionInterrupted() from cause
    except ConnectionInterrupted:
        logging.getLogger("recovery.redis").exception("Exception ignored")

    assert console.getvalue() == "recovery.redis: Exception ignored (ConnectionInterrupted from TimeoutError)\n"


def test_unexpected_errors_keep_their_traceback(console):
    log_exception("django.request", KeyError("bug"))

    assert "Traceback (most recent call last)" in console.getvalue()


def test_multi_line_database_message_becomes_one_line(console):
    error = OperationalError("server closed the connection\n\tThis probably means")
    try:
        raise error
    except OperationalError:
        logging.getLogger("django.db.backends.base").exception("Error calling notify (%s).", error)

    assert console.getvalue().count("\n") == 1
    assert "server closed the connection This probably means" in console.getvalue()
