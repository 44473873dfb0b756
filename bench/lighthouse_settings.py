"""Lighthouse settings: the benchmark settings, with uploaded pictures served by the site itself.

In production pictures come from the media storage (S3 behind a CDN, or the web server); here gunicorn
serves them, which is slower, so the performance score is not flattered.
"""

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.lighthouse_urls"
