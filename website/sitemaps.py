"""The site's sitemap: fixed pages and contributors here, content sections from their own apps."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, F, Max, Value
from django.urls import reverse
from django.utils.functional import cached_property

from articles.models import Article
from articles.sitemaps import ArticleSitemap, TopicSitemap
from conditions.models import Condition
from conditions.sitemaps import ConditionSitemap
from editorial.links import slug_url
from editorial.models import Contributor
from pages.models import SitePage


def live_dates() -> tuple[datetime.datetime | None, dict[str, datetime.datetime]]:
    """Return when any live article or condition last changed (or None), and each live site page's date by kind.

    One query, a UNION: the newest date of each content type (an aggregate without grouping, which PostgreSQL
    answers from the live-status index by reading one row) and each live site page's date. It used to read every
    live page's date, a read that grew with the site.
    """
    # order_by() clears the models' default ordering, which a UNION does not allow.
    no_kind = Value("", output_field=CharField())
    rows = (
        Article.objects.live()
        .order_by()
        .annotate(page_kind=no_kind)
        .values("page_kind")
        .annotate(newest=Max("last_published_at"))
        .union(
            Condition.objects.live()
            .order_by()
            .annotate(page_kind=no_kind)
            .values("page_kind")
            .annotate(newest=Max("last_published_at")),
            SitePage.objects.live()
            .order_by()
            .annotate(page_kind=F("kind"), newest=F("last_published_at"))
            .values("page_kind", "newest"),
        )
    )
    latest, site_pages = None, {}
    for row in rows:
        if row["page_kind"]:
            site_pages[row["page_kind"]] = row["newest"]
        elif row["newest"] and (latest is None or row["newest"] > latest):
            latest = row["newest"]
    return latest, site_pages


class StaticSitemap(Sitemap):
    """Home and the listing pages, which change whenever a page goes live, and the live site pages."""

    def items(self):
        return self.listed

    @cached_property
    def listed(self) -> list[str]:
        """The items, read once for the index's count and its date (Django asks items() for each)."""
        self.latest, self.site_pages = live_dates()
        pages = [f"pages:{kind.replace('-', '_')}" for kind in sorted(self.site_pages)]
        return ["website:home", "articles:list", "conditions:index", *pages]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item.startswith("pages:"):
            return self.site_pages[item.removeprefix("pages:").replace("_", "-")]
        return self.latest


def newest_by_contributor() -> dict[int, datetime.datetime]:
    """Return when each contributor's newest live page (written or reviewed) was published, by contributor id.

    One query: a UNION of four aggregates (articles and conditions, by author and by reviewer), each one pass over
    the live pages in the database returning a row per contributor. A subquery per contributor and role was
    cheaper to write but walked every live article for each contributor who had none (2.2 s at 50,000).
    """
    parts = [
        model.objects.live()
        .order_by()
        .values(contributor=F(role))
        .annotate(newest=Max("last_published_at"))
        .filter(contributor__isnull=False)
        for model in (Article, Condition)
        for role in ("authors", "live_reviewed_by")
    ]
    newest: dict[int, datetime.datetime] = {}
    for row in parts[0].union(*parts[1:], all=True):
        if row["contributor"] not in newest or row["newest"] > newest[row["contributor"]]:
            newest[row["contributor"]] = row["newest"]
    return newest


class ContributorSitemap(Sitemap):
    """Profiles of people who wrote or reviewed a live page, dated by their newest one: two queries."""

    def items(self):
        return self.listed

    @cached_property
    def listed(self) -> list[dict]:
        """The items, read once for the index's count and its date (Django asks items() for each)."""
        newest = newest_by_contributor()
        people = Contributor.objects.filter(pk__in=list(newest)).order_by("name", "pk").values("pk", "slug")
        return [{"slug": person["slug"], "lastmod": newest[person["pk"]]} for person in people]

    def location(self, contributor):
        return slug_url("website:contributor", contributor["slug"])

    def lastmod(self, contributor):
        return contributor["lastmod"]


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "conditions": ConditionSitemap,
    "contributors": ContributorSitemap,
}
