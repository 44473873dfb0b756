from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Topic
from conditions.models import Condition
from editorial import public_fields
from editorial.models import Contributor
from editorial.views import DraftPreviewView

# The article's own columns its page shows, and its topic's link.
PAGE_FIELDS = ("title", "slug", "summary", "body", "hero_image", "hero_image_alt", "meta_description")
PAGE_FIELDS += ("topic__name", "topic__slug")


def article_page_queryset():
    """Return live articles with everything the article page shows, in a fixed number of queries."""
    return (
        Article.objects.live()
        # Only what the page shows: the draft and the ~4.5 KB search vector are neither read nor parsed.
        .only(*PAGE_FIELDS, *public_fields.REVIEWED_CONTENT)
        .select_related("topic", "live_reviewed_by")
        .prefetch_related(
            Prefetch("authors", queryset=Contributor.objects.only(*public_fields.BYLINE)),
            "sources",
            Prefetch("conditions", queryset=Condition.objects.live().only("name", "slug", "live_status")),
        )
    )


def article_cards():
    """Return live articles with what a list card shows, leaving out the long body, draft and search document."""
    return Article.objects.live().defer("body", "draft", "search_document").select_related("topic")


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return article_cards()


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return article_page_queryset()


class ArticlePreviewView(DraftPreviewView):
    queryset = Article.objects.select_related("topic", "live_reviewed_by")


class TopicView(ListView):
    template_name = "articles/topic_detail.html"
    paginate_by = 12

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return article_cards().filter(topic=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
