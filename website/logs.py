"""Log expected faults as one line naming the error's class, without a traceback.

A database outage, a Redis outage or a bad request from a client is something operators
need to see, not debug: a traceback per request would bury the log. Anything else keeps
its traceback.
"""

import logging

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

EXPECTED = (
    OperationalError,
    InterfaceError,
    SuspiciousOperation,
    BadRequest,
    ConnectionError,
    TimeoutError,
    RedisConnectionError,
    RedisTimeoutError,
)


def error_names(error: BaseException) -> list[str]:
    """Return the class name of an error, and of the error that caused it when there is one."""
    names = [type(error).__name__]
    if error.__cause__ is not None:
        names.append(type(error.__cause__).__name__)
    return names


def is_expected(error: BaseException) -> bool:
    """Return whether the error, or the error it was raised from, is an expected fault.

    Only explicit causes count (``raise ... from``): an error raised while handling another is a bug.
    """
    return isinstance(error, EXPECTED) or isinstance(error.__cause__, EXPECTED)


class ExpectedFaultsOnOneLine(logging.Filter):
    """A handler filter: turn a record of an expected fault into one line ending with its error class."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and is_expected(error):
            message = " ".join(record.getMessage().split())  # database errors carry newlines
            record.msg = f"{record.name}: {message} ({' from '.join(error_names(error))})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
