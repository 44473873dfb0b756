"""The anonymous page cache and the HTTP caching headers of every response.

Whole responses for anonymous visitors are kept in the shared cache (Redis when
REDIS_URL is set) through the content cache helper (``caching.content``): each records
the content tags of what it shows while it renders (the page, its people, topic,
conditions, cards, blocks, the lists it belongs to) and is served only while none of
them has changed, so a change retires only the pages that show what it touched, in
every process. A page is also keyed by the local date, because pages show dates and
"review due" notes that change at midnight.

A hit asks the shared cache only for the versions of its tags (one MGET); each process
keeps its own copy of the pages it served (the helper's per-process tier,
``local_copies``) and uses it only while those versions are current. So a hit costs one
small round trip, and a copy can never be served after a change has committed.

The same tags go out in a header (``CACHE_TAG_HEADER``, ``xkey`` for Varnish) with
``s-maxage`` for shared caches (``SHARED_CACHE_SECONDS``): a front cache stores the page
and the worker purges it by those tags (website/tasks.py).
"""

import datetime
import hashlib
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers, set_response_etag

from caching import content as content_cache

# The CACHES alias of each process's own copies of stored pages (fetch).
LOCAL_COPIES = "page_copies"
# Cookies that mean the visitor may see something personal: skip the cache for them.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Query parameters that only select among public pages; any other (e.g. ?q=) bypasses the cache,
# so arbitrary URLs cannot fill it.
CACHEABLE_PARAMETERS = frozenset({"page"})
# Parameters that newsletters, ads and social sites add to links (fbclid and gclid are new on every click).
# No page reads them, so they are left out of the key: the visitor gets the page everyone else gets, and a
# campaign's traffic hits the cache instead of rendering every page afresh.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "twclid", "ttclid", "igshid", "li_fat_id"}
    | {"mc_cid", "mc_eid", "_ga", "_gl", "yclid"}
)
TRACKING_PREFIX = "utm_"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/ckeditor5/",
    "/contact/",
    "/search/",
    "/shared/",  # share links: one person's private view of a draft
    settings.STATIC_URL,
    settings.MEDIA_URL,
)
# Vary values the cache key already accounts for.
SAFE_VARY = frozenset({"cookie", "accept-encoding"})


def is_personal(request) -> bool:
    """Return whether this request may see something meant for one person only."""
    return any(name in request.COOKIES for name in PERSONAL_COOKIES)


def may_use_cache(request) -> bool:
    """Return whether the page for this request may come from or go into the shared cache."""
    return (
        content_cache.enabled()
        and request.method == "GET"
        and not is_personal(request)
        and not request.path.startswith(EXCLUDED_PREFIXES)
        # Most requests have no query string: no QueryDict to parse for them.
        and (not request.META.get("QUERY_STRING") or all(map(is_known_parameter, request.GET)))
    )


def is_tracking(name: str) -> bool:
    """Return whether a query parameter only tells analytics where the visitor came from."""
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIX)


def is_known_parameter(name: str) -> bool:
    return name in CACHEABLE_PARAMETERS or is_tracking(name)


def selecting_query(request) -> str:
    """Return the part of the query string that selects the page, in a fixed order: tracking parameters left out."""
    if not request.META.get("QUERY_STRING"):
        return ""
    return urlencode(
        sorted((name, value) for name, values in request.GET.lists() if not is_tracking(name) for value in values)
    )


def page_key(request) -> str:
    """Return the page's key: one cheap hash of what selects the page, computed on every request."""
    # The scheme too: the page cache runs before SecurityMiddleware, whose HTTPS redirect an http hit must not skip.
    # The Host header as sent, not get_host(), whose ALLOWED_HOSTS check costs more than the rest of a hit:
    # only a page whose host was checked is ever stored (``store``), so any other host can only miss.
    host = None if settings.USE_X_FORWARDED_HOST else request.META.get("HTTP_HOST")
    host = host or request.get_host()
    # The default time zone's date: the page cache runs before anything could activate another one.
    today = datetime.datetime.now(timezone.get_default_timezone()).date()
    parts = (request.scheme, host, request.path, selecting_query(request), today.isoformat())
    return "page-cache:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def fetch(request) -> tuple[HttpResponse | None, content_cache.State | None]:
    """Return the cached response (or None) and the content state a fresh render should record into.

    Every request asks the shared cache for the versions of the page's tags: one small round trip, which
    is what keeps invalidation exact across processes. The page itself comes from this process's own
    copy (``local_copies``) while that copy is current, and from the shared cache only the first time
    this process serves the page since it changed. A page is kept as plain data (status, headers, body
    after the tags' versions), so a hit unpickles no response object. The state is None when the cache
    is down.
    """
    fields, state = content_cache.get(page_key(request), local=LOCAL_COPIES, timeout=settings.PAGE_CACHE_SECONDS)
    if fields is None:
        return None, state
    status, headers, body = fields
    return HttpResponse(body, status=status, headers=headers), state


def local_copies():
    """Return this process's memory cache of pages it served, each checked against the content state before use."""
    return caches[LOCAL_COPIES]


def store(request, response, state: content_cache.State | None) -> None:
    """Store a public page: this is the one function that puts a page into the page cache.

    Its status, headers and body are kept, with its ETag computed once here so that every hit
    reuses it instead of hashing the body again, and marked as a hit for the visitors who get it.
    """
    try:
        request.get_host()  # the host a hit's key names without checking it: checked here
    except DisallowedHost:
        return
    set_response_etag(response)
    headers = {**response.headers, "X-Page-Cache": "hit"}
    fields = (response.status_code, headers, response.content)
    content_cache.set(page_key(request), fields, state, settings.PAGE_CACHE_SECONDS, local=LOCAL_COPIES)


def warm(path: str) -> bool:
    """Render ``path`` as an anonymous visitor on the site's own host would get it, and store it; return success.

    The page goes through the whole middleware stack (so what is stored is exactly what visitors
    get, headers included) and into the cache through ``store``. For a job that warms the pages a
    publish changed; the host is SITE_URL's, so visitors must arrive on that host to hit it.
    """
    from django.test import Client  # the public way to run one request through the full stack

    host = urlsplit(settings.SITE_URL).netloc
    response = Client(HTTP_HOST=host, headers={"X-Forwarded-Proto": urlsplit(settings.SITE_URL).scheme}).get(path)
    return response.get("X-Page-Cache") == "miss"


def is_public(request, response) -> bool:
    """Return whether any visitor (and a CDN) may be given this same response."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not is_personal(request)
        and not (user and user.is_authenticated)
        and not response.has_header("Cache-Control")
        and _varies_safely(response)
    )


def _varies_safely(response) -> bool:
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return vary <= SAFE_VARY


def tag_response(response, state: content_cache.State) -> None:
    """Name what a public page shows in the header a front cache purges by (CACHE_TAG_HEADER; empty: none)."""
    if settings.CACHE_TAG_HEADER:
        response[settings.CACHE_TAG_HEADER] = state.header()


def set_caching_headers(request, response, public: bool) -> None:
    """Mark public pages cacheable by anyone (revalidated unless a max age is set), personal ones never stored.

    With SHARED_CACHE_SECONDS, shared caches (Varnish, a CDN) may keep a public page that long
    (``s-maxage``): they are purged by its tags when what it shows changes, while browsers still revalidate.
    """
    if public and settings.SHARED_CACHE_SECONDS:
        patch_cache_control(
            response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE, s_maxage=settings.SHARED_CACHE_SECONDS
        )
        patch_vary_headers(response, ("Cookie",))
    elif public:
        if settings.PUBLIC_CACHE_MAX_AGE:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
        else:
            # Browsers and CDNs may keep the page but must revalidate it (a cheap 304 by ETag) on every use.
            patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
    elif _is_personal_response(request, response):
        add_never_cache_headers(response)


def _is_personal_response(request, response) -> bool:
    """Return whether the response is for one person: staff, forms, anything setting a cookie."""
    user = getattr(request, "user", None)
    return bool(
        response.cookies
        or is_personal(request)
        or (user and user.is_authenticated)
        or request.method not in ("GET", "HEAD")
    )
