from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article, ArticleSource, Topic
from conditions.models import Condition
from editorial import public_fields
from editorial.models import Contributor
from editorial.prepared import LivePageQuery
from editorial.views import DraftPreviewView, LivePageView

# Everything the article page shows, in one query whose SQL is built once per process.
ARTICLE_PAGE = LivePageQuery(
    Article,
    fields=("title", "slug", "summary", "body", "hero_image", "hero_image_alt", "meta_description")
    + public_fields.REVIEW_FACTS,
    joined={"topic": ("name", "slug"), "live_reviewed_by": public_fields.BYLINE},
    lists={
        "authors": (Contributor.objects.all(), public_fields.BYLINE),
        "sources": (ArticleSource.objects.all(), public_fields.SOURCE),
        "conditions": (Condition.objects.live(), ("name", "slug", "live_status")),
    },
)


def article_cards():
    """Return live articles with what a list card shows, leaving out the long body, draft and search document."""
    return Article.objects.live().defer("body", "draft", "search_document").select_related("topic")


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return article_cards()


class ArticleDetailView(LivePageView):
    model = Article
    page_query = ARTICLE_PAGE


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
