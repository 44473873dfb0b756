"""Sitemap sections for articles and topic pages.

Items are lists, not querysets, so a section costs one query rather than a count and a fetch.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from articles.models import Article, Topic


class ArticleSitemap(Sitemap):
    def items(self):
        return list(Article.objects.live().only("slug", "last_published_at").order_by("-last_published_at", "pk"))

    def lastmod(self, article):
        return article.last_published_at


class TopicSitemap(Sitemap):
    """Topic pages that list at least one live article, dated by their newest one."""

    def items(self):
        newest = Article.objects.live().filter(topic=OuterRef("pk")).order_by("-last_published_at")
        topics = Topic.objects.annotate(lastmod=Subquery(newest.values("last_published_at")[:1]))
        return list(topics.filter(lastmod__isnull=False).only("slug").order_by("name"))

    def lastmod(self, topic):
        return topic.lastmod
