"""Limit how many requests one client may have accepted, counted in the shared cache.

Only accepted requests count (``record`` is called once a request is stored): a post refused for
a form error, or refused by this limit, never uses up someone's allowance.

The count lives in Django's default cache, so with REDIS_URL set it holds across every app
process and server. Check and count are two steps, so a burst of simultaneous posts from one
client can pass the limit by a few: it is there to slow down floods, not to meter people.
While Redis is down the cache answers every read with a miss and drops every write, so the
limit is off (fails open): nobody asking for help is turned away because a cache failed.

The client is REMOTE_ADDR: right when gunicorn faces the internet. Behind a load balancer
or proxy, REMOTE_ADDR is the proxy, so read the client address from the header that proxy
sets (e.g. the last X-Forwarded-For hop it appended, never one a client could send) instead,
or every visitor shares one limit.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def client_key(request) -> str:
    """Return the cache key prefix for this client; a keyed hash, so the cache holds no IP address."""
    address = request.META.get("REMOTE_ADDR", "")
    return "contact:rate:" + salted_hmac("contact.ratelimit", address).hexdigest()[:32]


def window_key(request) -> str:
    seconds = settings.CONTACT_RATE_LIMIT[1]
    return f"{client_key(request)}:{int(time.time() // seconds)}"


def seconds_until_reset() -> int:
    """Return how long until the current window ends and the count starts again."""
    seconds = settings.CONTACT_RATE_LIMIT[1]
    return max(int(seconds - time.time() % seconds), 1)


def is_limited(request) -> bool:
    """Return whether this client already had as many requests accepted as the window allows."""
    try:
        count = cache.get(window_key(request))
    except Exception:
        logger.warning("Contact rate limit skipped: the cache is unavailable.")
        return False
    return count is not None and count >= settings.CONTACT_RATE_LIMIT[0]


def record(request) -> None:
    """Count one accepted request from this client; a cache failure loses the count, never the request."""
    key, seconds = window_key(request), settings.CONTACT_RATE_LIMIT[1]
    try:
        cache.add(key, 0, timeout=seconds)
        try:
            cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, timeout=seconds)
    except Exception:
        logger.warning("Contact rate limit not counted: the cache is unavailable.")
