"""The site's URLs plus /_bench/baseline/: a tiny template, no database, the yardstick for every page."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from recovery_site import urls as site_urls

BASELINE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>{{ title }}</title></head>'
    "<body><h1>{{ title }}</h1><p>{{ SITE_NAME }}</p></body></html>"
)


def baseline(request):
    """Render a tiny template through the full middleware stack, never from the page cache."""
    response = HttpResponse(BASELINE.render({"title": "Baseline"}, request))
    response["Cache-Control"] = "no-cache"  # measure Django's own work, not a cache hit
    return response


urlpatterns = [
    path("_bench/baseline/", baseline),
    path("", include("recovery_site.urls")),
]

handler404 = getattr(site_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")
