from itertools import groupby
from typing import Any, cast

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from caching import content as content_cache
from conditions.models import Condition
from editorial import public_fields
from editorial.models import Contributor
from editorial.translations import LiveInLanguageMixin
from editorial.views import DraftPreviewView

# What a condition card shows: name, other names, summary and thumbnail.
CONDITION_CARD = ("language", "name", "slug", "also_known_as", "summary", *public_fields.image_columns("hero_image"))


def condition_cards():
    """Return the live condition pages with only the columns a card shows, the picture joined."""
    return Condition.objects.live().select_related("hero_image").only(*CONDITION_CARD)


def article_cards():
    """Return the live articles as cards, the model reached through the relation (conditions never imports articles)."""
    # The reverse of Article.conditions: the stubs type it as the descriptor, at run time it is the relation.
    article: Any = cast(Any, Condition._meta.get_field("articles")).related_model
    return article.objects.live().select_related(*public_fields.ARTICLE_CARD_JOINS).only(*public_fields.ARTICLE_CARD)


class ConditionIndexView(ListView):
    template_name = "conditions/condition_index.html"

    def get_queryset(self):
        content_cache.shows(content_cache.kind_tag(Condition))
        return condition_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = [
            (letter, list(items)) for letter, items in groupby(context["object_list"], lambda c: c.initial)
        ]
        return context


class ConditionDetailView(LiveInLanguageMixin, DetailView):
    """One live condition page in the address's language, with its reviewer, authors and live related articles
    as cards: three queries.

    Its sources, public notes, body and key takeaways are read only when the fragments cached under its
    published version are rendered afresh (templates/conditions/condition_detail.html): three more queries then.
    """

    def get_queryset(self):
        return (
            Condition.objects.live(get_language())
            .select_related(*public_fields.PAGE_JOINS)
            .only(*public_fields.CONDITION_PAGE, *public_fields.REVIEWER)
            .prefetch_related(
                Prefetch("authors", queryset=Contributor.objects.select_related("photo").only(*public_fields.BYLINE)),
                Prefetch("articles", queryset=article_cards()),
            )
        )

    def get_context_data(self, **kwargs):
        # Its live articles are listed: an article linked to it going live must reach this page.
        content_cache.shows(content_cache.list_tag(self.object))
        return super().get_context_data(**kwargs)


class ConditionPreviewView(DraftPreviewView):
    queryset = Condition.objects.select_related("live_reviewed_by")
