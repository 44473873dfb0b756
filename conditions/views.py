from itertools import groupby
from typing import Any, cast

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
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
# How long a condition's box of article cards is kept: its tags, not this, make it current.
ARTICLES_SECONDS = 24 * 3600


def condition_cards():
    """Return the live condition pages in the reader's language with only the columns a card shows."""
    return Condition.objects.live(get_language()).select_related("hero_image").only(*CONDITION_CARD)


def article_cards():
    """Return the live articles as cards, the model reached through the relation (conditions never imports articles)."""
    # The reverse of Article.conditions: the stubs type it as the descriptor, at run time it is the relation.
    article: Any = cast(Any, Condition._meta.get_field("articles")).related_model
    return (
        article.objects.live(get_language())
        .select_related(*public_fields.ARTICLE_CARD_JOINS)
        .only(*public_fields.ARTICLE_CARD)
    )


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
    """One live condition page in the address's language, with its reviewer and authors, and the box of its live
    articles as cards.

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
            )
        )

    def get_context_data(self, **kwargs):
        state = getattr(self.request, "content_state", content_cache.UNKNOWN)
        return super().get_context_data(articles_box=articles_box(self.object, state), **kwargs)


def articles_box(condition: Condition, state: content_cache.State | None = content_cache.UNKNOWN) -> str:
    """Return the box of the condition's live articles as cards, kept in the shared cache under what it shows.

    The cards' tags, recorded as they load, and the condition's list tag, which an article linked to it going
    live or down bumps: so a page missed for another reason (its own edit, a site block) reuses the box
    (docs/performance.md). The key holds the language: its interface strings are translated.
    """
    key = f"conditions:articles:{condition.pk}:{get_language()}"
    box = content_cache.get_or_set(key, lambda: _render_articles(condition), ARTICLES_SECONDS, state=state)
    return mark_safe(box)  # noqa: S308 - the output of our own template


def _render_articles(condition: Condition) -> str:
    content_cache.shows(content_cache.list_tag(condition))
    articles = list(article_cards().filter(conditions=condition))
    return render_to_string("includes/related_articles.html", {"related_articles": articles})


class ConditionPreviewView(DraftPreviewView):
    queryset = Condition.objects.select_related("live_reviewed_by")
