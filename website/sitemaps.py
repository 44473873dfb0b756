"""The site's sitemap: fixed pages and contributors here, content sections from their own apps."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, F, Value
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import ArticleSitemap, TopicSitemap
from conditions.models import Condition
from conditions.sitemaps import ConditionSitemap
from editorial.models import Contributor
from pages.models import SitePage


def live_dates() -> tuple[object, dict[str, object]]:
    """Return when any live article or condition last changed (or None), and each live site page's date by kind.

    One query: a UNION of the three types' publication dates.
    """
    # order_by() clears the models' default ordering, which a UNION does not allow.
    no_kind = Value("", output_field=CharField())
    rows = (
        Article.objects.live()
        .annotate(page_kind=no_kind)
        .values("page_kind", "last_published_at")
        .order_by()
        .union(
            Condition.objects.live().annotate(page_kind=no_kind).values("page_kind", "last_published_at").order_by(),
            SitePage.objects.live().annotate(page_kind=F("kind")).values("page_kind", "last_published_at").order_by(),
        )
    )
    latest, site_pages = None, {}
    for row in rows:
        if row["page_kind"]:
            site_pages[row["page_kind"]] = row["last_published_at"]
        elif row["last_published_at"] and (latest is None or row["last_published_at"] > latest):
            latest = row["last_published_at"]
    return latest, site_pages


class StaticSitemap(Sitemap):
    """Home and the listing pages, which change whenever a page goes live, and the live site pages."""

    def items(self):
        self.latest, self.site_pages = live_dates()
        pages = [f"pages:{kind.replace('-', '_')}" for kind in sorted(self.site_pages)]
        return ["website:home", "articles:list", "conditions:index", *pages]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item.startswith("pages:"):
            return self.site_pages[item.removeprefix("pages:").replace("_", "-")]
        return self.latest


class ContributorSitemap(Sitemap):
    """Profiles of people who wrote or reviewed a live page, dated by their newest one."""

    def items(self):
        self.latest: dict[int, datetime.datetime] = {}
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
