"""Benchmark settings: the production settings, with static files collected apart."""

from recovery_site.settings import *  # noqa: F403
from recovery_site.settings import BASE_DIR

# Collected apart from var/static, so a benchmark never touches what a developer collected.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
