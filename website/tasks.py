"""The worker's part of caching: purging a front cache by content tags, and warming the pages a publish changed.

Purging: once a change has committed and the content cache has bumped its tags, the worker sends the front
cache (Varnish, ``VARNISH_PURGE_URL``) ``PURGE`` with the same tags in ``xkey-purge``; while Varnish is down
the task is tried again later (``jobs.delivery.retried``), and the publish never waits for it.

Warming: each page is requested as an anonymous visitor through the whole middleware stack, so the page
cache (website/cache.py) stores it exactly as it would for a visitor; nothing here reaches into the cache
itself. It runs a few seconds after the change, once the cache has retired the pages it replaced.
"""

import datetime
import logging
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from jobs.delivery import enqueue, retried

logger = logging.getLogger(__name__)
WARM_AFTER_SECONDS = 3
# A front cache answers a purge at once; one that does not within this is treated as down (tried again later).
PURGE_TIMEOUT_SECONDS = 5
# The request header Varnish's xkey module reads the tags to purge from (deploy/varnish/default.vcl).
PURGE_HEADER = "xkey-purge"
# Tags per PURGE request: about 3 KB of header at most.
PURGE_BATCH = 100
# The public lists each kind of page appears in, besides its own page and the home page.
LISTS = {
    "articles.article": ["articles:list"],
    "conditions.condition": ["conditions:index"],
}


def pages_of(obj) -> list[str]:
    """Return the public paths a change to this object can alter: its page, its lists, its topic, home."""
    paths = [reverse("website:home"), *(reverse(name) for name in LISTS.get(obj._meta.label_lower, []))]
    topic = getattr(obj, "topic", None)
    for related in (obj, topic):
        if related is not None and hasattr(related, "get_absolute_url"):
            paths.append(related.get_absolute_url())
    return list(dict.fromkeys(paths))


def warm_pages_of(obj) -> None:
    """Queue the warming of the object's pages, if there is a page cache to fill."""
    if settings.PAGE_CACHE_SECONDS > 0:
        run_after = timezone.now() + datetime.timedelta(seconds=WARM_AFTER_SECONDS)
        enqueue(warm_pages.using(run_after=run_after), pages_of(obj))


@task()
def warm_pages(paths: list[str]) -> dict[str, int]:
    """Request each path as an anonymous visitor so the page cache holds it; return the status of each."""
    from django.test import Client  # a request through the whole stack; only the worker loads it

    site = urlsplit(settings.SITE_URL)
    client = Client(HTTP_HOST=site.netloc)
    statuses = {}
    for path in paths:
        response = client.get(path, secure=site.scheme == "https")
        statuses[path] = response.status_code
        if response.status_code != 200:
            logger.warning("Warming %s answered %s.", path, response.status_code)
    return statuses


def purge_front_cache_of(tags: tuple[str, ...] | list[str]) -> None:
    """Queue the purge of the front cache by these tags, if there is one to purge."""
    if settings.VARNISH_PURGE_URL and tags:
        enqueue(purge_front_cache, list(tags))


@task()
def purge_front_cache(tags: list[str], attempt: int = 1) -> None:
    """Ask the front cache to drop every response tagged with one of ``tags``; retried while it is down."""
    with retried(purge_front_cache, tags, attempt=attempt, description=f"Front cache purge of {len(tags)} tags"):
        # In batches: Varnish refuses a request header past 8 KB (http_req_hdr_len), and a condition linked from
        # hundreds of articles touches each one's list. A purge repeated after a failed batch does no harm.
        for start in range(0, len(tags), PURGE_BATCH):
            batch = " ".join(tags[start : start + PURGE_BATCH])
            request = urllib.request.Request(  # noqa: S310 - the address is the site's own setting, not input
                settings.VARNISH_PURGE_URL, method="PURGE", headers={PURGE_HEADER: batch}
            )
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT_SECONDS):  # noqa: S310 - as above
                pass
