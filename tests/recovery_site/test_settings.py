"""Settings: safe defaults, a loud failure without a secret, a clean deploy check, security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SETTINGS_PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run python in the project with only the given environment, as a fresh machine would."""
    clean_env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "recovery_site.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=120
    )


def test_debug_is_off_when_nothing_asks_for_it():
    result = run_django(["-c", SETTINGS_PROBE], DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_turns_on_only_with_django_debug_1():
    result = run_django(["-c", SETTINGS_PROBE], DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_start_up_without_secret_key_and_debug_off_fails_with_a_clear_message():
    result = run_django(["manage.py", "check"])

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_deploy_check_is_clean_with_secret_key_and_allowed_hosts():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="www.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_public_page_sends_strict_csp_and_security_headers(client):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_and_hsts_is_on_with_debug_off():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_HSTS_SECONDS >= 31536000
