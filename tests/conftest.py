"""Shared fixtures. Test-only settings live here, not in settings.py."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = False
    # Tests roll back without running on_commit, so a shared page cache could leak pages between
    # them; tests of the cache itself turn it on (tests/website/test_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    # Rendered bodies are keyed by page id and publication time, which rolled-back tests may reuse.
    from django.core.cache import caches

    caches["template_fragments"].clear()


# Sitemaps, feeds and redirects use the one Site row's domain (created from SITE_URL), not the request's Host.
CANONICAL_DOMAIN = "www.recovery.example"


@pytest.fixture
def canonical_site(db):
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=1).update(domain=CANONICAL_DOMAIN)
    Site.objects.clear_cache()
    yield f"http://{CANONICAL_DOMAIN}"
    Site.objects.clear_cache()
