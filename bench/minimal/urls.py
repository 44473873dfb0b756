import functools
import os
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

# Written by bench/run.py from the site's own article page before this server starts.
SAME_BYTES = Path(os.environ.get("BENCH_SAME_BYTES_FILE", "/dev/null")).read_bytes()


def one_kb(request):
    """Render a 1 KB template with a few variables, as a small Django page would."""
    return render(request, "one_kb.html", {"title": "Benchmark", "items": range(8), "name": "visitor"})


def same_bytes(request):
    """Return the article page's exact bytes from memory: the floor for serving a cached page."""
    return HttpResponse(SAME_BYTES, content_type="text/html; charset=utf-8")


@functools.cache
def redis_client():
    import redis

    return redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"))


def same_bytes_after_redis(request):
    """Return the same bytes after one Redis GET: the floor for a cache hit that asks Redis once, as the site's does."""
    redis_client().get("bench:minimal:generation")
    return HttpResponse(SAME_BYTES, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("1kb/", one_kb),
    path("same-bytes/", same_bytes),
    path("same-bytes-after-redis/", same_bytes_after_redis),
]
