"""The app servers' settings: production's, except static files are not collected for a test run."""

from recovery_site.settings import *  # noqa: F403
from recovery_site.settings import STORAGES

# collectstatic with compression takes a minute; hashed static names are tested in tests/perf/.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Passwords made by the test process use the tests' fast hasher (tests/conftest.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
