"""A minimal Django project to measure the site against: no apps, no middleware, no database.

Three views (bench/minimal/urls.py): one renders a 1 KB template, one returns the article
page's exact bytes from memory, and one returns them after one Redis GET. They are what Django
itself costs under the same gunicorn, so `make bench` can say how close the site's pages come to
it; the third is the floor for any cache hit that asks Redis once (the page cache's generation).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = "bench-minimal-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.minimal.urls"
DATABASES: dict = {}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE / "templates"]}]
USE_TZ = True
