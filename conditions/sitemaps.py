"""The condition section of the sitemap: plain values, paginated by Django's sitemaps framework."""

from django.utils.functional import cached_property

from conditions.models import Condition
from editorial.translations import LanguageAlternatesSitemap, items_in_every_language


class ConditionSitemap(LanguageAlternatesSitemap):
    """Live condition pages in every language, each with its versions in the others (hreflang alternates)."""

    model = Condition
    view_name = "conditions:detail"

    def items(self):
        return self.listed

    @cached_property
    def listed(self) -> list[dict]:
        """The items, read once for the index's count and its date: a site has hundreds of conditions, not
        tens of thousands (the article section pages through a queryset instead)."""
        return list(items_in_every_language(Condition))

    def lastmod(self, condition):
        return condition["last_published_at"]
