from collections.abc import Callable
from operator import attrgetter, itemgetter

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from articles.models import Article, Topic
from articles.views import article_cards
from caching import content as content_cache
from conditions.models import Condition
from conditions.views import condition_cards
from editorial.models import Contributor
from pages.models import SitePage
from website import search as site_search
from website import staff_errors
from website.context_processors import site
from website.middleware import path_language
from website.sitemaps import SITEMAPS

SEARCH_PAGE_SIZE = site_search.PAGE_SIZE


LATEST_COUNT = 5
# Condition cards on the home page: two rows; the A-Z page lists them all. Every card costs a picture and a
# link to render, so a home page listing every condition grew with the site (22 ms of CPU at 100 conditions).
HOME_CONDITIONS = 8


def latest_updates(limit: int = LATEST_COUNT) -> list[dict]:
    """Return the live articles and condition pages in the reader's language published or updated most recently."""
    fields = ("slug", "live_status", "first_published_at", "last_published_at")
    language = get_language()
    pages: list[Article | Condition] = [
        *Article.objects.live(language).only("title", *fields).order_by("-last_published_at", "-pk")[:limit],
        *Condition.objects.live(language).only("name", *fields).order_by("-last_published_at", "-pk")[:limit],
    ]
    pages.sort(key=attrgetter("last_published_at"), reverse=True)  # set by every publish, so never empty when live
    return [
        {
            "title": str(page),
            "url": page.get_absolute_url(),
            "kind": gettext("Article") if isinstance(page, Article) else gettext("Condition"),
            "when": page.last_published_at,
            "updated": page.last_published_at != page.first_published_at,
        }
        for page in pages[:limit]
    ]


class HomeView(TemplateView):
    template_name = "website/home.html"

    def get_context_data(self, **kwargs):
        content_cache.shows(content_cache.kind_tag(Article), content_cache.kind_tag(Condition))
        return super().get_context_data(
            featured_articles=list(article_cards()[:4]),
            conditions=list(condition_cards().order_by("-last_published_at", "-pk")[:HOME_CONDITIONS]),
            latest=latest_updates(),
            **kwargs,
        )


def contributor_pages(contributor: Contributor) -> list[dict]:
    """Return the live articles and condition pages this person wrote or medically reviewed, newest first.

    One query per kind: each page says whether they wrote it (an author) and whether they reviewed its live
    version (the reviewer the byline names), so a page they did both for is in both lists.
    """
    pages: list[dict] = []
    kinds: tuple[tuple[type[Article] | type[Condition], str, str], ...] = (
        (Article, gettext("Article"), "title"),
        (Condition, gettext("Condition"), "name"),
    )
    for model, kind, title in kinds:
        written = model.objects.filter(pk=OuterRef("pk"), authors=contributor)
        found = (
            model.objects.live(get_language())
            .annotate(
                wrote=Exists(written),
                reviewed=ExpressionWrapper(Q(live_reviewed_by=contributor), output_field=BooleanField()),
            )
            .filter(Q(wrote=True) | Q(reviewed=True))
            .only(title, "slug", "live_status", "last_published_at")
        )
        pages += [
            {
                "title": str(page),
                "url": page.get_absolute_url(),
                "kind": kind,
                "updated": page.last_published_at,
                "wrote": page.wrote,
                "reviewed": page.reviewed,
            }
            for page in found
        ]
    pages.sort(key=itemgetter("updated"), reverse=True)  # set by every publish, so never empty when live
    return pages


class ContributorView(DetailView):
    queryset = Contributor.objects.select_related("photo").prefetch_related("education", "affiliations")
    template_name = "website/contributor_detail.html"

    def get_context_data(self, **kwargs):
        # Their pages going live or leaving, and their education or affiliations changing, bump this tag.
        content_cache.shows(content_cache.list_tag(self.object))
        pages = contributor_pages(self.object)
        return super().get_context_data(
            written=[page for page in pages if page["wrote"]],
            reviewed=[page for page in pages if page["reviewed"]],
            **kwargs,
        )


def popular_conditions():
    """Return live condition pages to offer someone who did not find what they looked for, in their language."""
    return Condition.objects.live(get_language()).only("name", "slug")[:8]


@require_GET
def search(request):
    """Show live articles and conditions matching ?q=, best first; any input gets a normal page."""
    results = site_search.find(request.GET.get("q"))
    page_obj = Paginator(results.hits, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    # The pages shown and their costly highlighting, for this page of results only.
    site_search.add_snippets(results, list(page_obj.object_list))
    context = {"results": results, "query": results.query, "page_obj": page_obj, "noindex": True}
    if results.query and not results.hits:
        context["popular_conditions"] = popular_conditions()
    return render(request, "website/search.html", context)


# What the sitemap lists: every live page of these models (a change to any of them bumps its model's tag).
SITEMAP_SHOWS = tuple(content_cache.kind_tag(model) for model in (Article, Topic, Condition, SitePage, Contributor))


@require_GET
def sitemap_index(request):
    """Serve /sitemap.xml, the index of every section's files (Django's sitemaps framework paginates them)."""
    return cached_sitemap(
        request, "index", lambda: sitemap_views.index(request, sections(), sitemap_url_name="sitemap_section")
    )


@require_GET
def sitemap_section(request, section: str):
    """Serve one file of a section (``?p=2`` and on for the next ones)."""
    page = request.GET.get("p", "1")
    if section not in SITEMAPS or not page.isdigit():
        raise Http404("No such sitemap file.")
    return cached_sitemap(
        request, f"{section}:{int(page)}", lambda: sitemap_views.sitemap(request, sections(), section=section)
    )


def sections() -> dict[str, Sitemap | type[Sitemap]]:
    """Return a new instance of each section (they keep what they read), each file of SITEMAP_SECTION_URLS at most."""
    made: dict[str, Sitemap | type[Sitemap]] = {}
    for name, section_class in SITEMAPS.items():
        made[name] = section = section_class()
        section.limit = settings.SITEMAP_SECTION_URLS
    return made


def cached_sitemap(request, name: str, render_file: Callable) -> HttpResponse:
    """Return a sitemap file from the content cache, rendering it once per content state (caching/content.py).

    An empty or unknown file raises Http404 while rendering, so nothing is stored for it.
    """

    def rendered() -> tuple[bytes, str | None]:
        content_cache.shows(*SITEMAP_SHOWS)  # its queries read values, not instances, so say what it lists
        response = render_file()
        response.render()
        return response.content, response.get("Last-Modified")

    key = f"sitemap:{request.scheme}://{get_current_site(request).domain}/{name}"
    body, last_modified = content_cache.get_or_set(key, rendered, settings.PAGE_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


def bad_request(request, exception):
    """Render the plain 400 page without the database: the address that got here may hold what it refuses.

    Refused before the language middleware runs, so in the address's language here.
    """
    with translation.override(path_language(request.path_info)):
        return HttpResponseBadRequest(loader.get_template("400.html").render(site(None)))


def page_not_found(request, exception):
    """Render the helpful 404 page: search box, conditions, contact."""
    context = {"popular_conditions": popular_conditions(), "noindex": True}
    return render(request, "404.html", context, status=404)


@requires_csrf_token
def server_error(request):
    """Render the plain 500 page without the database or context processors, which may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render(site(None)))


def csrf_failure(request, reason=""):
    """Explain a refused form post (expired page, blocked cookies) and offer the phone instead."""
    if staff_errors.is_admin_path(request):
        # Staff need their edit back and a way to sign in again, not the visitors' "open the contact form".
        return staff_errors.csrf_failure_response(request)
    return render(request, "403_csrf.html", {"noindex": True}, status=403)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /articles/preview/",
        "Disallow: /conditions/preview/",
        # On the site's canonical domain, as the sitemap's own addresses are.
        f"Sitemap: {request.scheme}://{get_current_site(request).domain}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    """Tell a load balancer whether this process can reach the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
