from typing import Any

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Topic
from caching import content as content_cache
from editorial import public_fields
from editorial.models import Contributor
from editorial.views import DraftPreviewView


def article_cards():
    """Return live articles with only the columns a list card shows (topic, reviewer, image)."""
    return Article.objects.live().select_related(*public_fields.ARTICLE_CARD_JOINS).only(*public_fields.ARTICLE_CARD)


def related_articles(article: Article, limit: int = 3):
    """Return other live articles on the same topic or about one of the article's related conditions.

    The conditions are matched through the link table in a subquery, not a join: a join ORed with the
    topic makes PostgreSQL read every article's links before it can stop at ``limit``.
    """
    match = Q(pk__in=[])
    condition_ids = [condition.pk for condition in article.conditions.all()]
    if condition_ids:
        links = Article.conditions.through.objects.filter(condition_id__in=condition_ids)
        match |= Q(pk__in=links.values("article_id"))
    if article.topic_id:
        match |= Q(topic_id=article.topic_id)
    return article_cards().filter(match).exclude(pk=article.pk)[:limit]


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        content_cache.shows(content_cache.kind_tag(Article))  # every live article may enter the list
        return article_cards()


class ArticleDetailView(DetailView):
    """One live article with its topic, reviewer, authors, related conditions and articles: four queries.

    Its sources, public notes, body and key takeaways are read only when the fragments cached under its
    published version are rendered afresh (templates/articles/article_detail.html): three more queries then.
    """

    def get_queryset(self):
        # Reached through the relation: articles and conditions are siblings and never import each other.
        condition: Any = Article._meta.get_field("conditions").related_model  # Condition, with live()
        return (
            Article.objects.live()
            .select_related("topic", *public_fields.PAGE_JOINS)
            .only(*public_fields.ARTICLE_PAGE, *public_fields.REVIEWER)
            .prefetch_related(
                Prefetch("authors", queryset=Contributor.objects.select_related("photo").only(*public_fields.BYLINE)),
                Prefetch("conditions", queryset=condition.objects.live().only("name", "slug", "live_status")),
            )
        )

    def get_context_data(self, **kwargs):
        # Its live conditions are listed: a condition going live or down must reach this page.
        content_cache.shows(content_cache.list_tag(self.object))
        return super().get_context_data(related_articles=related_articles(self.object), **kwargs)


class ArticlePreviewView(DraftPreviewView):
    queryset = Article.objects.select_related("topic", "live_reviewed_by")


class TopicView(ListView):
    template_name = "articles/topic_detail.html"
    paginate_by = 12

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        content_cache.shows(content_cache.list_tag(self.topic))  # an article entering the topic must reach it
        return article_cards().filter(topic=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
