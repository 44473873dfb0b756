from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, ArticleSource, Topic
from conditions.models import Condition
from editorial import public_fields
from editorial.models import Contributor
from editorial.views import DraftPreviewView


def article_cards():
    """Return live articles with what a list card shows, leaving out the long body, draft and search document."""
    return Article.objects.live().defer("body", "draft", "search_document").select_related("topic")


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return article_cards()


class ArticleDetailView(DetailView):
    """One live article with its topic, reviewer, authors, sources and live related conditions: four queries."""

    def get_queryset(self):
        return (
            Article.objects.live()
            .defer("draft", "search_document")
            .select_related("topic", "live_reviewed_by")
            .prefetch_related(
                Prefetch("authors", queryset=Contributor.objects.only(*public_fields.BYLINE)),
                Prefetch("sources", queryset=ArticleSource.objects.only("article", *public_fields.SOURCE)),
                Prefetch("conditions", queryset=Condition.objects.live().only("name", "slug", "live_status")),
            )
        )


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
