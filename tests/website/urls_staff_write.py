"""The site's URLconf plus a staff view that writes and then fails, as a view outside the admin's own transaction."""

from django.db import OperationalError
from django.urls import path

from articles.models import Topic
from recovery_site.urls import urlpatterns as site_patterns


def write_then_fail(request):
    Topic.objects.create(name=request.POST["name"], slug="written-before-the-failure")
    raise OperationalError("database is locked")


urlpatterns = [path("admin/test-write-then-fail/", write_then_fail), *site_patterns]
