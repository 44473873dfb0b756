"""Site-wide middleware: refusing control characters, the anonymous page cache, the language, the outage pages,
staff posts."""

import logging
import re
import sys
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, get_conditional_response

from caching import content as content_cache
from website import cache as page_cache
from website import staff_errors
from website.context_processors import site

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Ask clients and load balancers to try again soon: PostgreSQL restarts take seconds.
RETRY_AFTER_SECONDS = 30
# The request headers get_conditional_response answers: a hit without any of them needs no such work.
CONDITIONAL_HEADERS = frozenset(
    {"HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE"}
)
# C0 control characters and DEL: no address, search or page number of this site has one, and PostgreSQL
# refuses NUL in text, so a lookup that passed one on would fail with a 500.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    """Return whether the text holds a C0 control character or DEL."""
    return CONTROL_CHARACTERS.search(text) is not None


class BadInputMiddleware:
    """Refuse (400) a request whose path or decoded query string holds a control character.

    It runs before anything that queries, so no lookup, redirect table or view ever sees such text: one check
    here instead of one in every view, form and middleware that reads the address. The page cache, outside it,
    may look such an address up (a miss, and a cache key is only a hash) but never stores the 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        # The query string arrives percent-encoded (%00); the path is already decoded.
        if has_control_characters(request.path) or (query and has_control_characters(unquote(query))):
            raise BadRequest("Control character in the address")
        return self.get_response(request)


def path_language(path: str) -> str:
    """Return the language an address names (``/es/...``), else the site's: never the browser's."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class LanguageFromPathMiddleware:
    """Activate the language the address names (``/es/...``), else the site's default: never the browser's.

    Django's LocaleMiddleware does the same for addresses under ``i18n_patterns`` without a prefix, but still adds
    ``Vary: Accept-Language`` to them, which would make every English page personal to the page cache and to a
    front cache (docs/architecture.md, "Languages"). Here the address alone decides, so one address is one page
    for everybody: a reader switches language with the link every page with a translation shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the thread's language is restored after it, so a Spanish page never leaves
        # Spanish active for whatever the thread does next (a test, a task run in the same thread).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the shared cache and set every response's caching headers.

    It is the outermost middleware: a hit skips all the others (and the database), and a miss
    is stored as it leaves, with every header they added. Revalidation of a hit (If-None-Match)
    is answered here from the stored ETag.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_cache = page_cache.may_use_cache(request)
        state = None
        if use_cache:
            cached, state = page_cache.fetch(request)
            # What the page is rendered under: the content cache's other values (pages' blocks) reuse it.
            request.content_state = state
            if cached is not None:
                return answer_hit(request, cached)
        # What the page shows is recorded for a front cache's tags even where it is not stored here.
        shown = state or (content_cache.State(0) if request.method in ("GET", "HEAD") else None)
        with content_cache.recording(shown):
            response = self.get_response(request)
        public = page_cache.is_public(request, response)
        page_cache.set_caching_headers(request, response, public)
        if public and shown:
            page_cache.tag_response(response, shown)
        if public and use_cache and state:
            page_cache.store(request, response, state)
            response["X-Page-Cache"] = "miss"
        return response


def answer_hit(request, cached):
    """Return the stored page, or a 304 from its stored ETag when the visitor's copy is still current."""
    if CONDITIONAL_HEADERS.isdisjoint(request.META):
        return cached
    return get_conditional_response(request, etag=cached["ETag"], response=cached)


class DatabaseUnavailableMiddleware:
    """Answer requests that hit a database outage with a calm 503 page, never a traceback.

    Visitors get the public page with the admissions phone; staff pages get an admin-styled one that says
    whether their change was saved (website/staff_errors.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "database_unavailable", False):
            # Raised outside the view (saving the session, a middleware): a staff post's view may have stored it.
            return outage_response(request, staff_errors.SAVED_UNKNOWN)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable: %s", type(exception).__name__)
            # Raised in the view: StaffPostMiddleware rolls a staff post back whole, so nothing was stored.
            return outage_response(request, staff_errors.SAVED_NOT)
        return None


def outage_response(request, saved: str):
    """Return the staff outage page for pages under the admin, the public one for everything else."""
    if not staff_errors.is_admin_path(request):
        return unavailable_response(request)
    return staff_errors.database_error_response(request, saved if request.method == "POST" else None)


class StaffPostMiddleware:
    """Run each post to a staff page in one transaction, so a failure anywhere in it stores nothing.

    The staff error page can then say "Your change was not saved" and mean it: a workflow button saves the form
    and then makes its transition, and without this a failure in the second would leave the first stored. It sits
    innermost, around the view only: the session is saved outside it, after the commit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not staff_errors.is_staff_post(request):
            return self.get_response(request)
        try:
            with transaction.atomic():
                return self.get_response(request)
        except DATABASE_ERRORS as error:  # the commit itself failed ("database is locked"): it was rolled back
            logger.warning("Database unavailable: %s", type(error).__name__)
            return staff_errors.database_error_response(request, staff_errors.SAVED_NOT)

    def process_exception(self, request, exception):
        # Called first, inside the transaction: whatever the outer middleware answers, nothing of it is kept.
        if staff_errors.is_staff_post(request):
            transaction.set_rollback(True)
        return None


def note_database_error(sender, request=None, **kwargs) -> None:
    """Receive got_request_exception: flag outages raised outside views (e.g. saving a session)."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request.database_unavailable = True


def unavailable_response(request):
    """Render the outage page, in the address's language, without the database or the request's context processors."""
    with translation.override(path_language(request.path_info)):
        response = HttpResponse(render_to_string("503.html", site(None)), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
