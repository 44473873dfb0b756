"""The site's URLs plus /media/, for bench/lighthouse.sh only (debug is off there, so Django serves no media)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from recovery_site.urls import handler404, handler500  # noqa: F401
from recovery_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
