"""Reverse slug addresses without running the URL resolver for every link on a page."""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_PLACEHOLDER = "slug-placeholder-0"
# What Django's <slug:> converter accepts; reverse() leaves such text unquoted.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _template(
    viewname: str, script_prefix: str, urlconf: str | None, root_urlconf: str, language: str | None
) -> tuple[str, str]:
    """Return the view's address around a placeholder slug, split in two (the language picks the /es/ prefix)."""
    before, _, after = reverse(viewname, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER}).partition(_PLACEHOLDER)
    return before, after


def slug_url(viewname: str, slug: object) -> str:
    """Return reverse(viewname, kwargs={"slug": slug}), built from a cached pattern when the slug is plain."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})  # same result or the same NoReverseMatch
    before, after = _template(viewname, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF, get_language())
    return before + slug + after
