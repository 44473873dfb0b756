"""Benchmark settings: the production settings, plus a baseline view the public site does not have."""

from recovery_site.settings import *  # noqa: F403
from recovery_site.settings import BASE_DIR

ROOT_URLCONF = "bench.urls"
# Collected apart from var/static, so a benchmark never touches what a developer collected.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
