from django.contrib.sitemaps import Sitemap

from conditions.models import Condition


class ConditionSitemap(Sitemap):
    def items(self):
        # A list, so the section costs one query rather than a count and a fetch.
        return list(Condition.objects.live().only("slug", "last_published_at").order_by("name", "pk"))

    def lastmod(self, condition):
        return condition.last_published_at
