"""The site's sitemap: fixed pages and contributors here, content sections from their own apps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import ArticleSitemap, TopicSitemap
from conditions.models import Condition
from conditions.sitemaps import ConditionSitemap
from editorial.models import Contributor


def latest_publish():
    """Return when any live page last changed, or None."""
    # order_by() clears the models' default ordering, which a UNION does not allow.
    dates = (
        Article.objects.live()
        .values("last_published_at")
        .order_by()
        .union(Condition.objects.live().values("last_published_at").order_by())
    )
    return max((row["last_published_at"] for row in dates if row["last_published_at"]), default=None)


class StaticSitemap(Sitemap):
    """Home and the listing pages, which change whenever a page goes live."""

    def items(self):
        self.latest = latest_publish()
        return ["website:home", "articles:list", "conditions:index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest


class ContributorSitemap(Sitemap):
    """Profiles of people who wrote or reviewed a live page, dated by their newest one."""

    def items(self):
        self.latest = {}
        for model in (Article, Condition):
            for author, reviewer, published in model.objects.live().values_list(
                "authors", "live_reviewed_by", "last_published_at"
            ):
                for contributor_id in (author, reviewer):
                    if contributor_id:
                        self.latest[contributor_id] = max(published, self.latest.get(contributor_id, published))
        return list(Contributor.objects.filter(pk__in=self.latest).only("slug").order_by("name", "pk"))

    def lastmod(self, contributor):
        return self.latest[contributor.pk]


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "conditions": ConditionSitemap,
    "contributors": ContributorSitemap,
}
