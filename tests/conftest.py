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


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, signed in with a verified second factor as every staff page requires."""
    from django.test import Client

    from tests.factories import login_staff

    client = Client()
    login_staff(client, admin_user)
    return client
