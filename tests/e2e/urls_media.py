"""The site's URLs plus uploaded media, which the test live server does not serve with debug off."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from recovery_site.urls import handler404, handler500  # noqa: F401
from recovery_site.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT is each test's own folder, so it is read per request.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", media)]
