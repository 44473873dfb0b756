"""Keep old addresses working: record a slug change at publish, answer the old path with a 301."""

import copy

from django.http import HttpResponsePermanentRedirect

from editorial.models import Revision
from website.models import Redirect


def record_slug_change(page) -> None:
    """Redirect the address the page was last published at to the one it is being published at now."""
    previous = Revision.objects.filter(content_type=page.content_type, object_id=page.pk).order_by("-number").first()
    old_slug = previous.snapshot["fields"].get("slug") if previous else None
    if not old_slug or old_slug == page.slug:
        return
    old_page = copy.copy(page)
    old_page.slug = old_slug
    old_path, new_path = old_page.get_absolute_url(), page.get_absolute_url()
    # The new address is a live page again, and older addresses should reach it in one hop.
    Redirect.objects.filter(old_path=new_path).delete()
    Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})


class RedirectFallbackMiddleware:
    """Answer a 404 for a recorded old path with a permanent redirect to its new path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        redirect = Redirect.objects.filter(old_path=request.path).only("new_path").first()
        if redirect is None:
            return response
        return HttpResponsePermanentRedirect(redirect.new_path)
