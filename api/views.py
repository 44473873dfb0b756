"""The read API: read-only viewsets over ``live()`` and nothing else (docs/architecture.md, "The read API").

Read-only by design: no authentication class reads a session, so a signed-in editor gets what anyone gets. A
partner key (api/authentication.py) gives its own rate limit (api/throttling.py) and a private Cache-Control,
never more content.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import Combinable
from django.http import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from articles.models import Article, Topic
from conditions.models import Condition
from editorial.models import Contributor, NoteKind, Revision
from pages.models import SitePage

from . import serializers as api
from .authentication import PartnerKeyAuthentication
from .models import PartnerKey
from .provenance import attach_revisions
from .throttling import AnonymousRate, PartnerKeyRate, RateLimited

# Clients may keep a response this long; the server itself never caches one (every request reads live()).
MAX_AGE_SECONDS = 60
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
ID_PATTERN = r"^[0-9]{1,18}$"
ERRORS = {
    400: OpenApiResponse(
        description="A filter's value is not valid (the body names the parameter and why), or the address holds "
        "a control character."
    ),
    401: OpenApiResponse(
        response=inline_serializer("Unauthorized", {"detail": serializers.CharField()}),
        description="The API key given is unknown or revoked (send none to read anonymously).",
    ),
    404: OpenApiResponse(description="No live item here, or no such page of results."),
    429: OpenApiResponse(
        response=inline_serializer(
            "RateLimited",
            {
                "detail": serializers.CharField(),
                "retry_after": serializers.IntegerField(help_text="Seconds to wait, as the Retry-After header says."),
                "retry_at": serializers.DateTimeField(help_text="When to try again."),
            },
        ),
        description="Too many requests: over the anonymous limit for this address, or over the key's own rate. "
        "The Retry-After header and the body's retry_after say in how many seconds to try again.",
    ),
}


class Pagination(PageNumberPagination):
    page_size = 25


class Filters(serializers.Serializer):
    """The query parameters a list accepts; a bad value is a 400 naming it, never a 500."""

    updated_since = serializers.DateTimeField(
        required=False, help_text="Only items whose live version was published at or after this time (ISO 8601)."
    )


class NoFilters(serializers.Serializer):
    """Lists that take no filter: only the page number."""


class CorrectionFilters(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False, help_text="Only corrections published at or after this time (ISO 8601)."
    )


class ArticleFilters(Filters):
    topic = serializers.SlugField(required=False, help_text="A topic's slug.")
    condition = serializers.SlugField(required=False, help_text="A live condition page's slug.")


def documented(
    serializer: Any,
    filters: Any = None,
    *,
    field: str = "slug",
    description: str = "The item's slug.",
    pattern: str = SLUG_PATTERN,
) -> Callable[[type], type]:
    """Document a list (its filters) and a detail (its path parameter's pattern), each with its error answers."""
    path = OpenApiParameter(field, str, OpenApiParameter.PATH, pattern=pattern, description=description)
    responses = {200: serializer, **ERRORS}
    return extend_schema_view(
        list=extend_schema(parameters=[filters] if filters else [], responses=responses),
        retrieve=extend_schema(parameters=[path], responses=responses),
    )


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """Public, paginated, in a fixed order; ETag and 304 come from ConditionalGetMiddleware on every response."""

    authentication_classes = [PartnerKeyAuthentication]
    throttle_classes = [AnonymousRate, PartnerKeyRate]
    pagination_class = Pagination
    filters = Filters
    lookup_field = "slug"

    def throttled(self, request: Request, wait: float | None) -> None:
        raise RateLimited(wait)

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        """Say who may keep the answer: anyone for an anonymous read, only the partner's client for a keyed one."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (401, 429):
            patch_cache_control(response, private=True, no_store=True)  # about this client, and about now
        elif isinstance(request.auth, PartnerKey):
            patch_cache_control(response, private=True, max_age=MAX_AGE_SECONDS)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        # A shared cache keeps a keyed and an anonymous answer apart (and each key's from another's).
        patch_vary_headers(response, ("Authorization", "X-API-Key"))
        return response

    def filtered(self, queryset: QuerySet) -> QuerySet:
        """Return the queryset narrowed by the validated query parameters."""
        if self.action != "list":
            return queryset
        # A plain dict, so an empty value is checked like any other (a QueryDict's blank means "not given").
        given = self.filters(data=self.request.query_params.dict())
        given.is_valid(raise_exception=True)
        return self.apply_filters(queryset, given.validated_data)

    def apply_filters(self, queryset: QuerySet, values: dict) -> QuerySet:
        if "updated_since" in values:
            queryset = queryset.filter(last_published_at__gte=values["updated_since"])
        return queryset

    def get_queryset(self) -> QuerySet:
        return self.filtered(self.base_queryset())

    def paginate_queryset(self, queryset: QuerySet) -> list:
        return self.prepare(super().paginate_queryset(queryset))

    def get_object(self) -> Model:
        return self.prepare([super().get_object()])[0]

    def prepare(self, items: list) -> list:
        return items


class ReviewedPages(ReadOnly):
    """Live pages with their review provenance: joins and prefetches sized by the page, not the data."""

    def prepare(self, items: list) -> list:
        return attach_revisions(items)


def reviewed(model: Any) -> QuerySet:
    """Return a model's live pages with the reviewer joined and sources prefetched, in a stable order."""
    return (
        model.objects.live()
        .defer("draft", "search_document")
        .select_related("live_reviewed_by")
        .prefetch_related("sources")
        .order_by("-last_published_at", "-pk")
    )


LIVE_CONDITIONS = Prefetch("conditions", queryset=Condition.objects.live().only("name", "slug", "live_status"))


@documented(api.ArticleSerializer, ArticleFilters, description="The article's slug.")
class ArticleViewSet(ReviewedPages):
    """Live articles, the latest update first."""

    serializer_class = api.ArticleSerializer
    filters = ArticleFilters

    def base_queryset(self) -> QuerySet:
        return reviewed(Article).select_related("topic").prefetch_related("authors", LIVE_CONDITIONS)

    def apply_filters(self, queryset: QuerySet, values: dict) -> QuerySet:
        queryset = super().apply_filters(queryset, values)
        if "topic" in values:
            queryset = queryset.filter(topic__slug=values["topic"])
        if "condition" in values:
            queryset = queryset.filter(conditions__in=Condition.objects.live().filter(slug=values["condition"]))
        return queryset


@documented(api.ConditionSerializer, Filters, description="The condition page's slug.")
class ConditionViewSet(ReviewedPages):
    """Live condition pages, the latest update first."""

    serializer_class = api.ConditionSerializer

    def base_queryset(self) -> QuerySet:
        return reviewed(Condition).prefetch_related("authors")


@documented(api.SitePageSerializer, Filters, field="kind", description="The page's kind, e.g. editorial-policy.")
class SitePageViewSet(ReviewedPages):
    """Live site pages (editorial policy, about, privacy, contact details)."""

    serializer_class = api.SitePageSerializer
    lookup_field = "kind"

    def base_queryset(self) -> QuerySet:
        return reviewed(SitePage)


@documented(api.TopicSerializer, description="The topic's slug.")
class TopicViewSet(ReadOnly):
    """Every topic, by name."""

    serializer_class = api.TopicSerializer
    filters = NoFilters

    def base_queryset(self) -> QuerySet:
        return Topic.objects.order_by("name", "pk")


def named_on_live_pages() -> Combinable:
    """Return whether a contributor is an author or the reviewer of a live page (whose byline links to them)."""
    contributor = OuterRef("pk")
    return (
        Exists(Article.objects.live().filter(Q(authors=contributor) | Q(live_reviewed_by=contributor)))
        | Exists(Condition.objects.live().filter(Q(authors=contributor) | Q(live_reviewed_by=contributor)))
        | Exists(SitePage.objects.live().filter(live_reviewed_by=contributor))
    )


@documented(api.ContributorSerializer, description="The contributor's slug.")
class ContributorViewSet(ReadOnly):
    """Writers and reviewers named on a live page, by name: their public profile only."""

    serializer_class = api.ContributorSerializer
    filters = NoFilters

    def base_queryset(self) -> QuerySet:
        return Contributor.objects.filter(named_on_live_pages()).select_related("photo").order_by("name", "pk")


CORRECTED = (Article, Condition, SitePage)


@documented(
    api.CorrectionSerializer, CorrectionFilters, field="id", description="The correction's id.", pattern=ID_PATTERN
)
class CorrectionViewSet(ReadOnly):
    """Corrections published on pages that are live, newest first, as the corrections log lists them."""

    serializer_class = api.CorrectionSerializer
    filters = CorrectionFilters
    lookup_field = "pk"

    def base_queryset(self) -> QuerySet:
        types = ContentType.objects.get_for_models(*CORRECTED)
        on_live_pages = Q()
        for model in CORRECTED:
            on_live_pages |= Q(content_type=types[model], object_id__in=model.objects.live().values("pk"))
        return (
            Revision.objects.filter(on_live_pages, note_kind=NoteKind.CORRECTION)
            .exclude(public_note="")
            .only("content_type", "object_id", "number", "published_at", "public_note", "note_kind")
            .prefetch_related(
                GenericPrefetch("content_object", [model.objects.live().defer("draft", "body") for model in CORRECTED])
            )
            .order_by("-published_at", "-pk")
        )

    def apply_filters(self, queryset: QuerySet, values: dict) -> QuerySet:
        if "since" in values:
            queryset = queryset.filter(published_at__gte=values["since"])
        return queryset
