from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, ArticleSource, Topic
from conditions.models import Condition
from editorial import public_fields
from editorial.models import Contributor
from editorial.views import DraftPreviewView


def article_cards():
    """Return live articles with what a list card shows (topic, reviewer, image), leaving out the long texts."""
    return (
        Article.objects.live()
        .defer("body", "key_takeaways", "draft", "search_document")
        .select_related("topic", "live_reviewed_by")
    )


def related_articles(article: Article, limit: int = 3):
    """Return other live articles on the same topic or about one of the article's related conditions."""
    match = Q(conditions__in=[condition.pk for condition in article.conditions.all()])
    if article.topic_id:
        match |= Q(topic_id=article.topic_id)
    related = Article.objects.filter(match).values("pk")
    return article_cards().filter(pk__in=related).exclude(pk=article.pk)[:limit]


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return article_cards()


class ArticleDetailView(DetailView):
    """One live article with its topic, reviewer, authors, sources, related conditions and articles: five queries."""

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

    def get_context_data(self, **kwargs):
        return super().get_context_data(related_articles=related_articles(self.object), **kwargs)


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
