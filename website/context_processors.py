from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# Addresses every page's header, footer and help panel link to, by name used in templates.
SITE_URL_NAMES = {
    "home": "website:home",
    "articles": "articles:list",
    "conditions": "conditions:index",
    "contact": "contact:form",
    "search": "website:search",
    "feed": "article_feed",
    "editorial_policy": "pages:editorial_policy",
    "about": "pages:about",
    "privacy": "pages:privacy",
    "contact_details": "pages:contact_details",
    "corrections": "pages:corrections",
}


@lru_cache(maxsize=8)
def _site_urls(script_prefix, language):
    """Reverse the site-wide addresses once per script prefix and language (/es/...) instead of on every page."""
    return {key: reverse(name) for key, name in SITE_URL_NAMES.items()}


def site(request):
    """Site-wide values every template shows: name, admissions phone and hours, nav addresses."""
    phone = settings.ADMISSIONS_PHONE
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ADMISSIONS_PHONE": phone,
        "ADMISSIONS_PHONE_TEL": "+1" + "".join(ch for ch in phone if ch.isdigit())[-10:],
        "ADMISSIONS_HOURS": settings.ADMISSIONS_HOURS,
        # Keyed by the script prefix: reverse() prepends it, and it is fixed per deployment.
        "site_urls": _site_urls(get_script_prefix(), get_language()),
    }
