"""A circuit breaker for Redis: a stalled Redis costs each process one wait per interval, not one wait per call.

django-redis with ``IGNORE_EXCEPTIONS`` already turns a Redis fault into a cache miss, but each call finds the
fault out for itself: against a Redis that accepts connections and never answers, every call waits its socket
timeout, and a page makes several calls (the page cache, the session, the blocks, a rate limit). The breaker
sits in redis-py's connection (``BreakerConnection``, given to django-redis as the pool's ``connection_class``,
a documented ``CONNECTION_POOL_KWARGS`` option), so every command of every cache user goes through it:

- **closed**: calls go through; a timeout or connection error opens it (one log line);
- **open** for ``REDIS_BREAKER_SECONDS``: calls fail at once with ``CircuitOpen`` (a redis ``ConnectionError``,
  so django-redis answers a miss and drops a write, as it does for Redis down);
- **half-open** once that interval has passed: one call (the first thread to come) goes through as a probe
  while the others still fail fast; its answer closes the breaker (one log line), its failure opens it again.

See docs/architecture.md, "Faults: Redis and the database".
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django_redis.pool import ConnectionFactory
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What a stalled, unreachable or dropped Redis raises; a ResponseError (a bad command) says Redis answered.
FAULTS = (RedisConnectionError, RedisTimeoutError, OSError)


class CircuitOpen(RedisConnectionError):
    """Raised instead of calling Redis while the breaker is open: the same as Redis being down, without the wait."""


class Breaker:
    """Closed, open for ``seconds`` after a fault, then half-open with one probe; safe to share between threads."""

    def __init__(self, name: str, seconds: Callable[[], float], clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self.seconds = seconds
        self.clock = clock
        self.opened_at: float | None = None
        self.prober: int | None = None
        self.lock = threading.Lock()

    def allow(self) -> bool:
        """Return whether a call may go to Redis now; past the open interval, the first caller becomes the probe."""
        with self.lock:
            if self.opened_at is None or self.prober == threading.get_ident():
                return True
            if self.clock() - self.opened_at < self.seconds():
                return False
            # Half-open: this thread probes. The others fail fast for one more interval, after which another
            # thread may probe if this one never came back.
            self.opened_at = self.clock()
            self.prober = threading.get_ident()
            return True

    def failed(self) -> None:
        """Open the breaker (again) after a fault; log only when it was closed."""
        with self.lock:
            was_closed = self.opened_at is None
            self.opened_at = self.clock()
            self.prober = None
        if was_closed:
            seconds = self.seconds()
            logger.warning("Redis at %s did not answer: cache calls fail fast as misses for %gs.", self.name, seconds)

    def succeeded(self) -> None:
        """Close the breaker after an answer; log only when it was open."""
        if self.opened_at is None:  # the common case, read without the lock: a stale read only delays closing
            return
        with self.lock:
            was_open = self.opened_at is not None
            self.opened_at = None
            self.prober = None
        if was_open:
            logger.warning("Redis at %s answers again: cache calls go through.", self.name)


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def open_seconds() -> float:
    return float(settings.REDIS_BREAKER_SECONDS)


def breaker_for(host: str, port: int) -> Breaker:
    """Return this process's breaker for the Redis server at host:port (one per server, shared by its databases)."""
    name = f"{host}:{port}"
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = Breaker(name, open_seconds)
        return _breakers[name]


class BreakerConnection(Connection):
    """A redis-py TCP connection that asks its server's breaker before each connect and command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breaker = breaker_for(self.host, self.port)

    def guard(self) -> None:
        if not self.breaker.allow():
            raise CircuitOpen(f"Redis at {self.breaker.name} is not answering; not asked again yet.")

    def connect(self) -> None:
        self.guard()
        try:
            super().connect()
        except FAULTS:
            self.breaker.failed()
            raise

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        self.guard()
        try:
            super().send_packed_command(command, check_health)
        except FAULTS:
            self.breaker.failed()
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            response = super().read_response(*args, **kwargs)
        except FAULTS:
            self.breaker.failed()
            raise
        self.breaker.succeeded()
        return response


class SkipFastFailures(logging.Filter):
    """A logger filter: drop django-redis's "Exception ignored" record for a call the open breaker refused.

    The breaker logged once when it opened; a line per refused call would bury the log while Redis is away.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, CircuitOpen):
                return False
            error = error.__cause__ or error.__context__
        return True


class BreakerConnectionFactory(ConnectionFactory):
    """django-redis's connection factory (its ``CONNECTION_FACTORY`` option) with ``BreakerConnection`` for redis://."""

    def make_connection_params(self, url: str) -> dict[str, Any]:
        params = super().make_connection_params(url)
        if url.startswith("redis://"):  # rediss:// and unix:// keep redis-py's own connection classes
            params["connection_class"] = BreakerConnection
        return params
