from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.translation import get_language, get_language_info

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
        # Keyed by the script prefix (fixed per deployment) and the language: reverse() prepends both.
        "site_urls": _site_urls(get_script_prefix(), get_language()),
    }


# Pages every language has by construction (lists, search, contact, corrections, contributors): their alternates
# are the same address in each language. A translated content page's view sets ``language_alternates`` itself;
# any other page offers none, so no link ever leads to a page that does not exist (docs/architecture.md).
EVERY_LANGUAGE = {
    "website:home",
    "website:search",
    "website:contributor",
    "articles:list",
    "articles:topic",
    "conditions:index",
    "contact:form",
    "pages:corrections",
}


def languages(request):
    """Offer the links to this page in every language, on the pages that exist in all of them."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in EVERY_LANGUAGE:
        return {}
    current = get_language()
    path = request.get_full_path()
    return {
        "language_alternates": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
