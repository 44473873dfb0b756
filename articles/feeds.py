from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import get_language, gettext

from articles.models import Article
from caching import content as content_cache

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """RSS of the newest live articles in the address's language: /feeds/articles/, /es/feeds/articles/ ..."""

    link = reverse_lazy("articles:list")

    def title(self):
        return gettext("%(site)s: articles") % {"site": settings.SITE_NAME}

    def description(self):
        return gettext("New and updated medically reviewed articles about addiction recovery and related conditions.")

    def items(self):
        content_cache.shows(content_cache.kind_tag(Article))
        return Article.objects.live(get_language()).select_related("topic").prefetch_related("authors")[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return ", ".join(author.display_name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.topic.name] if article.topic else []
