"""Sitemap sections for articles and topic pages.

A section is paginated by Django's sitemaps framework (``SITEMAP_SECTION_URLS`` a file, ``?p=2`` and on, listed by the
sitemap index): its items are a queryset of plain values, so each file costs a ``COUNT`` and one sliced query
whatever the number of articles, and no model instance is built per URL.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.utils.functional import cached_property

from articles.models import Article, Topic
from editorial.translations import LanguageAlternatesSitemap, items_in_every_language


class ArticleSitemap(LanguageAlternatesSitemap):
    """Live articles in every language, each with its versions in the others (hreflang alternates)."""

    model = Article
    view_name = "articles:detail"

    def items(self):
        # By pk: a new article joins the last file, and the files before it keep their contents.
        return items_in_every_language(Article)

    def lastmod(self, article):
        return article["last_published_at"]

    def get_latest_lastmod(self):
        """Return the newest publication (one indexed query; Django's default reads every item)."""
        return Article.objects.live().order_by("-last_published_at").values_list("last_published_at", flat=True).first()


class TopicSitemap(Sitemap):
    """Topic pages that list at least one live article, dated by their newest one."""

    def items(self):
        return self.listed

    @cached_property
    def listed(self) -> list[Topic]:
        """The items, read once for the index's count and its date (Django asks items() for each)."""
        newest = Article.objects.live().filter(topic=OuterRef("pk")).order_by("-last_published_at")
        topics = Topic.objects.annotate(lastmod=Subquery(newest.values("last_published_at")[:1]))
        return list(topics.filter(lastmod__isnull=False).only("slug").order_by("name"))

    def lastmod(self, topic):
        return topic.lastmod
