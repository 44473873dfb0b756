"""Public site pages, the corrections log and the staff previews of pages and blocks."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.http import Http404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from articles.models import Article
from caching import content as content_cache
from conditions.models import Condition
from editorial.models import NoteKind, Revision
from editorial.translations import missing_translation, page_context
from editorial.views import DraftPreviewView
from pages.blocks import read_blocks
from pages.models import Block, SitePage

# Pages whose corrections the log lists: the reader-facing ones.
CORRECTED_MODELS = (Article, Condition, SitePage)


def site_facts() -> dict:
    """Return the figures trust pages state, from settings, so the text can never contradict them."""
    intervals = settings.REVIEW_INTERVAL_MONTHS
    return {
        "article_review_months": intervals.get("articles.article", 12),
        "condition_review_months": intervals.get("conditions.condition", 12),
        "retention_days": settings.CONTACT_RETENTION_DAYS,
    }


class SitePageView(DetailView):
    """One live trust page, with the facts its kind states (``pages/facts/<kind>.html``)."""

    kind = ""
    context_object_name = "page"
    template_name = "pages/sitepage_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return missing_translation(request, SitePage.objects.live().filter(kind=self.kind).first())

    def get_object(self, queryset=None):
        live = SitePage.objects.live(get_language()).defer("draft", "search_document")
        page = live.filter(kind=self.kind).first()
        if page is None:
            raise Http404("This page has not been published yet.")
        return page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(facts=site_facts(), **kwargs)
        return {**context, **page_context(self.request, self.object)}


class CorrectionsView(ListView):
    """Every correction published on a live page, newest first."""

    template_name = "pages/corrections.html"
    context_object_name = "corrections"
    # The log shows the newest corrections; older ones stay on their own pages.
    limit = 200

    def get_queryset(self):
        # A publish with a correction bumps its model's tag: the log may gain a line from any page.
        content_cache.shows(*(content_cache.kind_tag(model) for model in CORRECTED_MODELS))
        types = ContentType.objects.get_for_models(*CORRECTED_MODELS).values()
        return (
            Revision.objects.filter(note_kind=NoteKind.CORRECTION, content_type__in=types)
            .exclude(public_note="")
            .only("content_type", "object_id", "published_at", "public_note", "note_kind")
            .prefetch_related(
                GenericPrefetch(
                    "content_object",
                    [
                        Article.objects.live().only("slug", "title", "live_status"),
                        Condition.objects.live().only("slug", "name", "live_status"),
                        SitePage.objects.live().only("kind", "title", "live_status"),
                    ],
                )
            )
            .order_by("-published_at", "-pk")[: self.limit]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A correction of a page that is no longer live is not shown: the page is gone.
        context["corrections"] = [revision for revision in context["corrections"] if revision.content_object]
        return context


class SitePagePreviewView(DraftPreviewView):
    queryset = SitePage.objects.all()
    template_name = "pages/sitepage_detail.html"

    def get_template_names(self):
        return [self.template_name]

    def get_context_object_name(self, obj):
        return "page"

    def get_context_data(self, **kwargs):
        return super().get_context_data(facts=site_facts(), **kwargs)


class BlockPreviewView(DraftPreviewView):
    """Show a block's draft in place on a sample page, the other blocks as they are live."""

    queryset = Block.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = context["object"]
        blocks = read_blocks(draft.language)
        context["site_blocks"] = {**blocks, draft.kind: {"heading": draft.heading, "body": draft.body}}
        return context
