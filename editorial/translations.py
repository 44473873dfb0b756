"""What readers see of a page's languages: its alternates, the out-of-date notice, the missing-translation page.

A translation is a row of the same model (``language``, ``translation_of``; docs/architecture.md, "Languages"),
so the public views serve it like any live page; this module adds what links the versions of one page.
"""

from typing import Any, cast

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language

from caching import content as content_cache
from editorial.links import slug_url
from editorial.models import ReviewedContent


def address(page: ReviewedContent) -> str:
    """Return a page's public address (every concrete reviewed type has get_absolute_url)."""
    return cast(Any, page).get_absolute_url()


def page_context(request: HttpRequest, page: ReviewedContent) -> dict:
    """Return what a live page's template needs about its languages (one query, two for a translation).

    ``language_alternates``: its live versions as the header's switcher and the hreflang links read them,
    dicts of ``code``, ``name``, ``url`` (the path), ``absolute_url`` and ``is_current``.
    ``translation_notice``: for a translation following an older version of its live source, the dates and
    the address the out-of-date notice gives; else None.
    """
    source_pk = page.source_pk
    # Shown here: the source (its notice, its address) and the list of its translations (a new one joins).
    content_cache.shows(
        f"{content_cache.kind_tag(page)}:{source_pk}", f"list:{content_cache.kind_tag(page)}:{source_pk}"
    )
    versions = page.alternates()
    names = dict(settings.LANGUAGES)
    alternates = [
        {
            "code": version.language,
            "name": names[version.language],
            "url": address(version),
            "absolute_url": request.build_absolute_uri(address(version)),
            "is_current": version.language == page.language,
        }
        for version in versions
    ]
    source = next((version for version in versions if page.is_translation and version.pk == source_pk), None)
    return {"language_alternates": alternates, "translation_notice": translation_notice(page, source)}


def translation_notice(page: ReviewedContent, source: ReviewedContent | None) -> dict | None:
    """Return what the out-of-date notice of a live translation says, or None when it follows the live source."""
    if source is None or not page.is_out_of_date:
        return None
    return {
        "reviewed_at": page.live_reviewed_at or page.last_published_at,
        "source_updated_at": source.last_published_at,
        "source_url": address(source),
    }


def missing_translation(request: HttpRequest, source: ReviewedContent | None) -> HttpResponse:
    """Answer a default-language page's address asked for in another language.

    Its live translation when there is one (a redirect), else a page saying there is none yet that links to
    the original (status 404): never a machine translation. Without a live source, the site's 404.
    """
    language = get_language()
    if source is None or language == settings.LANGUAGE_CODE:
        raise Http404("No such page.")
    translated = source.translation(language)
    if translated is not None:
        return redirect(address(translated))
    context = {"source": source, "source_url": address(source), "noindex": True}
    return render(request, "translation_missing.html", context, status=404)


class LiveInLanguageMixin:
    """For a DetailView of reviewed content by slug: the live page in the address's language.

    The view's queryset filters ``live(get_language())``; a default-language slug under another language's
    prefix answers ``missing_translation``.
    """

    request: HttpRequest
    kwargs: dict

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)  # type: ignore[misc]  # a DetailView's get
        except Http404:
            if get_language() == settings.LANGUAGE_CODE:
                raise
            model = self.get_queryset().model  # type: ignore[attr-defined]  # a DetailView's queryset
            return missing_translation(request, model.objects.live().filter(slug=self.kwargs["slug"]).first())

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]  # a DetailView's context
        return {**context, **page_context(self.request, context["object"])}


class LanguageAlternatesSitemap(Sitemap):
    """A sitemap section of reviewed pages in every language, each entry listing its versions as alternates.

    Subclasses name ``model``, ``view_name`` (reversed with the slug) and read items as value dicts with ``pk``,
    ``slug``, ``language`` and ``translation_of`` (``items_in_every_language``). Each file costs one more query, for the
    versions of the pages it lists; an entry of a page without a translation has no alternates.
    """

    model: type[ReviewedContent]
    view_name = ""

    def location(self, item: dict) -> str:
        with translation.override(item["language"]):
            return slug_url(self.view_name, item["slug"])

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        if not urls:
            return urls
        model = self.model
        groups = {url["item"]["translation_of"] or url["item"]["pk"] for url in urls}
        versions: dict[int, list[dict]] = {}
        rows = model.objects.live_in_every_language().filter(Q(pk__in=groups) | Q(translation_of__in=groups))
        for row in rows.values("pk", "slug", "language", "translation_of"):
            versions.setdefault(row["translation_of"] or row["pk"], []).append(row)
        order = [code for code, _ in settings.LANGUAGES]
        for url in urls:
            item = url["item"]
            group = sorted(
                versions.get(item["translation_of"] or item["pk"], []), key=lambda row: order.index(row["language"])
            )
            if len(group) < 2:
                continue
            base = url["location"][: -len(self.location(item))]
            url["alternates"] = [{"lang_code": row["language"], "location": base + self.location(row)} for row in group]
            if group[0]["language"] == settings.LANGUAGE_CODE:
                url["alternates"].append({"lang_code": "x-default", "location": base + self.location(group[0])})
        return urls


def items_in_every_language(model: type[ReviewedContent]) -> QuerySet:
    """Return the live pages of every language as the sitemap reads them: plain values, by id."""
    return (
        model.objects.live_in_every_language()
        .order_by("pk")
        .values("pk", "slug", "language", "translation_of", "last_published_at")
    )
