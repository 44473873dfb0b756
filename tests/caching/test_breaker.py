"""The Redis circuit breaker (caching/breaker.py): one wait per interval per process, on a fake clock."""

import logging
import threading

import pytest
from django_redis.cache import RedisCache

from caching import breaker
from tests.silent_redis import SilentRedis


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def tripped(clock):
    """A breaker open for 5 seconds of the fake clock."""
    made = breaker.Breaker("test:1", lambda: 5.0, clock)
    made.failed()
    return made


def in_another_thread(call):
    result = []
    thread = threading.Thread(target=lambda: result.append(call()))
    thread.start()
    thread.join()
    return result[0]


def test_closed_breaker_lets_every_call_through(clock):
    fresh = breaker.Breaker("test:1", lambda: 5.0, clock)
    assert [fresh.allow() for _ in range(3)] == [True, True, True]


def test_open_breaker_refuses_calls_until_its_interval_has_passed(tripped, clock):
    clock.now += 4.9
    assert tripped.allow() is False
    assert in_another_thread(tripped.allow) is False


def test_after_the_interval_one_call_probes_while_other_threads_still_fail_fast(tripped, clock):
    clock.now += 5
    assert tripped.allow() is True
    assert tripped.allow() is True  # the probe's own further commands (a connection's handshake) go through
    assert in_another_thread(tripped.allow) is False


def test_an_answered_probe_closes_the_breaker(tripped, clock):
    clock.now += 5
    tripped.allow()
    tripped.succeeded()
    assert in_another_thread(tripped.allow) is True


def test_a_failed_probe_opens_the_breaker_for_another_interval(tripped, clock):
    clock.now += 5
    tripped.allow()
    tripped.failed()
    clock.now += 4.9
    assert tripped.allow() is False
    clock.now += 0.1
    assert tripped.allow() is True


def test_a_probe_that_never_returns_is_replaced_after_an_interval(tripped, clock):
    clock.now += 5
    tripped.allow()
    clock.now += 5
    assert in_another_thread(tripped.allow) is True


def test_breaker_logs_one_line_when_it_opens_and_one_when_it_closes(clock, caplog):
    fresh = breaker.Breaker("test:1", lambda: 5.0, clock)
    with caplog.at_level(logging.INFO, logger="caching.breaker"):
        fresh.failed()
        fresh.failed()  # still open: nothing more to say
        clock.now += 5
        fresh.allow()
        fresh.failed()  # the probe failed: still open
        clock.now += 5
        fresh.allow()
        fresh.succeeded()
        fresh.succeeded()
    assert [record.getMessage() for record in caplog.records] == [
        "Redis at test:1 did not answer: cache calls fail fast as misses for 5s.",
        "Redis at test:1 answers again: cache calls go through.",
    ]


@pytest.fixture
def silent():
    port = SilentRedis()
    yield port
    port.close()


def silent_cache(port: int, clock: FakeClock) -> RedisCache:
    """A django-redis cache as settings.py configures it, pointed at a silent port, its breaker on the fake clock."""
    breaker.breaker_for("127.0.0.1", port).clock = clock
    return RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.05,
                "SOCKET_TIMEOUT": 0.05,
                "CONNECTION_FACTORY": "caching.breaker.BreakerConnectionFactory",
            }
        },
    )


def test_a_silent_redis_costs_one_wait_for_many_cache_calls(silent, clock, settings):
    settings.REDIS_BREAKER_SECONDS = 5
    cache = silent_cache(silent.port, clock)
    answers = [cache.get("page"), cache.get_many(["state", "page"]), cache.set("page", "x"), cache.add("n", 0)]
    answers += [cache.get(f"session-{n}") for n in range(20)]
    assert answers == [None, {}, None, None] + [None] * 20  # misses and dropped writes, never an error
    assert silent.waits() == 1


def test_a_silent_redis_is_asked_once_again_per_interval(silent, clock, settings):
    settings.REDIS_BREAKER_SECONDS = 5
    cache = silent_cache(silent.port, clock)
    cache.get("page")
    assert silent.waits() == 1
    clock.now += 4.9
    cache.get("page")
    assert silent.waits() == 0
    clock.now += 0.1
    assert [cache.get("page") for _ in range(5)] == [None] * 5
    assert silent.waits() == 1  # the probe, which failed: the rest failed fast


def test_refused_calls_are_not_logged_one_by_one(silent, clock, settings, caplog):
    """django-redis logs each ignored error to recovery.redis; the settings' filter drops the refused calls."""
    settings.REDIS_BREAKER_SECONDS = 5
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "recovery.redis"
    cache = silent_cache(silent.port, clock)
    with caplog.at_level(logging.WARNING):
        for _ in range(10):
            cache.get("page")
    names = [record.name for record in caplog.records]
    assert names.count("recovery.redis") == 1  # the call that waited; the nine refused ones are not logged
    assert names.count("caching.breaker") == 1
