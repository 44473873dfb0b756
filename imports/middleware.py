"""Old WordPress addresses reach the imported article, once it is live."""

from django.http import HttpResponsePermanentRedirect

from articles.models import Article
from imports.models import ImportedItem
from website.middleware import has_control_characters


def candidate_paths(path: str) -> list[str]:
    """Return the path with and without its trailing slash: WordPress links may have either."""
    if has_control_characters(path):
        return []  # no imported path has one, and PostgreSQL refuses NUL in a query's text
    bare = path.rstrip("/") or "/"
    return [bare, bare + "/"] if bare != "/" else []


class WordPressRedirectMiddleware:
    """Answer a 404 for an imported item's old path with a 301 to its article, only when that article is live.

    Before publication the old path stays a 404: the draft has no public address yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        paths = candidate_paths(request.path)
        if not paths:
            return response
        item = (
            ImportedItem.objects.filter(old_path__in=paths, article__in=Article.objects.live())
            .select_related("article")
            .only("article__slug")
            .first()
        )
        if item is None or item.article is None:  # the filter above leaves no item without its article
            return response
        return HttpResponsePermanentRedirect(item.article.get_absolute_url())
