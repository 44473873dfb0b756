"""Old addresses keep working, through ``django.contrib.redirects``.

This module adds only what the contrib app does not do: publishing a page under
a new slug records a redirect from its old address (editorial's ``slug_changed``
signal, received in website/signals.py), and a redirect is followed only to a
safe target (``is_safe_target``), whoever stored it.
"""

import copy
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware as ContribRedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import DisallowedRedirect
from django.http import HttpResponsePermanentRedirect
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def is_safe_target(url: str) -> bool:
    """Return whether a redirect may send visitors to ``url``.

    Allowed: a path on this site beginning with a single "/", or an http(s) address on a
    host in ``REDIRECT_ALLOWED_HOSTS``. Refused: "//evil.example/..." and "/\\evil.example"
    (which browsers read as another host), control characters, other schemes, bare words.
    """
    if not url or any(ord(character) < 0x20 or ord(character) == 0x7F for character in url):
        return False
    if not (url.startswith("/") or urlsplit(url).scheme in ("http", "https")):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set(settings.REDIRECT_ALLOWED_HOSTS))


def record_slug_change(page, old_slug: str) -> None:
    """Redirect the address the page was last published at (under ``old_slug``) to the one it has now."""
    old_page = copy.copy(page)
    old_page.slug = old_slug
    old_path, new_path = old_page.get_absolute_url(), page.get_absolute_url()
    site = Site.objects.get_current()
    # The new address is a live page again, and older addresses should reach it in one hop.
    Redirect.objects.filter(site=site, old_path=new_path).delete()
    Redirect.objects.filter(site=site, new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(site=site, old_path=old_path, defaults={"new_path": new_path})


class SafePermanentRedirect(HttpResponsePermanentRedirect):
    """A 301 that refuses (DisallowedRedirect) any target ``is_safe_target`` does not allow."""

    def __init__(self, redirect_to, *args, **kwargs):
        if not is_safe_target(redirect_to):
            raise DisallowedRedirect("A stored redirect points off the site.")
        super().__init__(redirect_to, *args, **kwargs)


class RedirectFallbackMiddleware(ContribRedirectFallbackMiddleware):
    """Django's redirect fallback, which leaves the 404 in place when a stored target is not safe."""

    response_redirect_class = SafePermanentRedirect

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except DisallowedRedirect:
            logger.warning("A stored redirect points off the site and was not followed.")
            return response
