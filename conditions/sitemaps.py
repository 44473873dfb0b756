"""The condition section of the sitemap: plain values, paginated by Django's sitemaps framework."""

from django.contrib.sitemaps import Sitemap
from django.utils.functional import cached_property

from conditions.models import Condition
from editorial.links import slug_url


class ConditionSitemap(Sitemap):
    def items(self):
        return self.listed

    @cached_property
    def listed(self) -> list[dict]:
        """The items, read once for the index's count and its date: a site has hundreds of conditions, not
        tens of thousands (the article section pages through a queryset instead)."""
        return list(Condition.objects.live().order_by("name", "pk").values("slug", "last_published_at"))

    def location(self, condition):
        return slug_url("conditions:detail", condition["slug"])

    def lastmod(self, condition):
        return condition["last_published_at"]
