"""Limit how often one client may post the contact form, counted in the shared cache.

The count lives in Django's default cache, so with REDIS_URL set it holds across every
app process and server. The client is REMOTE_ADDR: right when gunicorn faces the
internet. Behind a load balancer or proxy, REMOTE_ADDR is the proxy, so read the client
address from the header that proxy sets (e.g. the last X-Forwarded-For hop it appended,
never one a client could send) instead, or every visitor shares one limit.
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


def over_limit(request) -> bool:
    """Count one form post from this client and return whether it is past the limit."""
    posts, seconds = settings.CONTACT_RATE_LIMIT
    key = f"{client_key(request)}:{int(time.time() // seconds)}"
    try:
        cache.add(key, 0, timeout=seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, timeout=seconds)
            count = 1
    except Exception:
        # A cache outage must not turn away someone asking for help; let the post through.
        logger.warning("Contact rate limit skipped: the cache is unavailable.")
        return False
    return count > posts
