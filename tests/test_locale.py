"""The Spanish catalogue (locale/es/): complete, never fuzzy, and its committed .mo compiled from the .po as it is.

The .mo is committed so a checkout serves Spanish without GNU gettext; this test (which needs msgfmt, as
``makemessages`` and ``compilemessages`` do) fails when someone edits the .po and forgets to compile it.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def gettext_installed():
    """Run where GNU gettext is installed; in CI (.ci/run installs it) its absence is a failure, not a skip."""
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt is missing: install GNU gettext (apt-get install gettext).")
        pytest.skip("needs GNU gettext's msgfmt (apt-get install gettext)")


def msgfmt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["msgfmt", *args], capture_output=True, text=True, check=True)  # noqa: S603, S607


def test_committed_mo_is_the_po_compiled(tmp_path):
    msgfmt("--check-format", "-o", str(tmp_path / "django.mo"), str(CATALOGUE / "django.po"))

    assert (tmp_path / "django.mo").read_bytes() == (CATALOGUE / "django.mo").read_bytes(), (
        "locale/es/LC_MESSAGES/django.mo is out of date: run `python manage.py compilemessages -l es`"
    )


def test_every_message_is_translated_and_none_is_fuzzy():
    statistics = msgfmt("--check", "--statistics", "-o", "/dev/null", str(CATALOGUE / "django.po")).stderr

    assert "translated message" in statistics
    assert "fuzzy" not in statistics and "untranslated" not in statistics
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text()
