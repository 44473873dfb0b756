import contextlib
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from articles.models import Article, Topic
from caching import content as content_cache
from editorial import public_fields
from editorial.models import Contributor
from editorial.translations import LiveInLanguageMixin
from editorial.views import DraftPreviewView


def article_cards():
    """Return the live articles in the reader's language with only the columns a card shows (topic, reviewer, image)."""
    return (
        Article.objects.live(get_language())
        .select_related(*public_fields.ARTICLE_CARD_JOINS)
        .only(*public_fields.ARTICLE_CARD)
    )


# How many of the newest links to each related condition are weighed: enough that a few drafts or withdrawn
# pages among them still leave cards to show.
CONDITION_CANDIDATES = 20


# Newest first by first publication: a correction published again keeps its place in every box, so it refreshes
# only the boxes that show it, not every box of its topic (docs/performance.md, "The related-articles box").
NEWEST_FIRST = ("-first_published_at", "-pk")
RELATED_SECONDS = 24 * 3600


def related_articles(article: Article, limit: int = 3):
    """Return the newest other live articles on the same topic or about one of the article's related conditions.

    Found from the selective side, each through an index and a LIMIT (docs/architecture.md, "Flat to 50,000
    pages"): the topic's newest live articles (index on topic, live status and first publication), and each
    related condition's newest links (index on condition and article; a newer article has a higher id). Only
    those candidates are then read and ordered, so the cost does not grow with the number of live articles:
    ranging over every live article in date order until enough matched read all of them when few did.
    """
    live = Article.objects.live(get_language()).exclude(pk=article.pk)
    candidates = []
    if article.topic_id:
        same_topic = live.filter(topic_id=article.topic_id).order_by(*NEWEST_FIRST)
        candidates.append(same_topic.values("pk")[:limit])
    links = Article.conditions.through.objects.exclude(article_id=article.pk)
    for condition in article.conditions.all():
        about = links.filter(condition_id=condition.pk).order_by("-article_id")
        candidates.append(about.values("article_id")[:CONDITION_CANDIDATES])
    if not candidates:
        return article_cards().none()
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL: one IN over the union
        match = Q(pk__in=candidates[0].union(*candidates[1:], all=True))
    else:  # SQLite (development) cannot LIMIT inside a UNION: one IN for each
        match = Q(pk__in=[])
        for each in candidates:
            match |= Q(pk__in=each)
    return article_cards().filter(match).order_by(*NEWEST_FIRST)[:limit]


def related_box(article: Article, state: content_cache.State | None = content_cache.UNKNOWN) -> str:
    """Return the related-articles box's HTML, kept in the shared cache under the tags of what it shows.

    It shows its cards (each card's own tags, recorded as they load) and the newest of the article's topic and
    conditions: a page newly live in one of them (``newcomers_tag``) may enter it. So a page missed by the page
    cache for another reason (its own edit, a site block) reuses the box, and the box is exact on its own.
    The key holds the language: its interface strings are translated.
    """
    key = f"articles:related:{article.pk}:{get_language()}"
    box = content_cache.get_or_set(key, lambda: _render_related(article), RELATED_SECONDS, state=state)
    return mark_safe(box)  # noqa: S308 - the output of our own template


def _render_related(article: Article) -> str:
    # Loaded before the box: the article (its topic or conditions changing) and its live conditions (one going
    # down, or a condition linked to it going live: the article's list tag) are recorded by hand.
    conditions = list(article.conditions.all())
    content_cache.shows(content_cache.tag(article), content_cache.list_tag(article))
    content_cache.shows(*map(content_cache.tag, conditions))
    newest_of = [*([article.topic] if article.topic_id else []), *conditions]
    content_cache.shows(*(content_cache.newcomers_tag(type(obj), obj.pk) for obj in newest_of))
    return render_to_string("includes/related_articles.html", {"related_articles": list(related_articles(article))})


class LookaheadPaginator(Paginator):
    """A paginator that counts the items only as far as ``LOOKAHEAD`` pages past the page asked for.

    Django's paginator counts every item (``COUNT(*)`` over every live article: a scan that grows with the
    site) to say "page 2 of 4,167". This one counts within a ``LIMIT``, so a list page costs the same at 500
    and at 50,000 articles; when the count stops short (``counted_all`` False) the page says only its number,
    and "Next" is shown whenever a next page exists.
    """

    LOOKAHEAD = 5
    asked = 1  # the page number asked for, once validate_number has seen it

    def validate_number(self, number: Any) -> int:
        # Called before the count is needed: the count reaches past the page asked for.
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            self.asked = min(max(int(number), 1), 10**6)
        return super().validate_number(number)

    @cached_property
    def counted_up_to(self) -> int:
        return (self.asked + self.LOOKAHEAD) * self.per_page + 1

    @cached_property
    def count(self) -> int:
        window: QuerySet = cast(QuerySet, self.object_list)[: self.counted_up_to]
        return window.count()  # SELECT COUNT(*) FROM (... LIMIT n)

    @property
    def counted_all(self) -> bool:
        return self.count < self.counted_up_to


class ArticleListView(ListView):
    paginate_by = 12
    paginator_class = LookaheadPaginator

    def get_queryset(self):
        content_cache.shows(content_cache.kind_tag(Article))  # every live article may enter the list
        return article_cards()


class ArticleDetailView(LiveInLanguageMixin, DetailView):
    """One live article in the address's language, with its topic, reviewer, authors, related conditions and
    articles: four queries.

    Its sources, public notes, body and key takeaways are read only when the fragments cached under its
    published version are rendered afresh (templates/articles/article_detail.html): three more queries then.
    """

    def get_queryset(self):
        # Reached through the relation: articles and conditions are siblings and never import each other.
        condition: Any = Article._meta.get_field("conditions").related_model  # Condition, with live()
        return (
            Article.objects.live(get_language())
            .select_related("topic", *public_fields.PAGE_JOINS)
            .only(*public_fields.ARTICLE_PAGE, *public_fields.REVIEWER)
            .prefetch_related(
                Prefetch("authors", queryset=Contributor.objects.select_related("photo").only(*public_fields.BYLINE)),
                Prefetch("conditions", queryset=condition.objects.live().only("name", "slug", "live_status")),
            )
        )

    def get_context_data(self, **kwargs):
        # Its live conditions are listed: a condition going live or down must reach this page.
        content_cache.shows(content_cache.list_tag(self.object))
        state = getattr(self.request, "content_state", content_cache.UNKNOWN)
        return super().get_context_data(related_box=related_box(self.object, state), **kwargs)


class ArticlePreviewView(DraftPreviewView):
    queryset = Article.objects.select_related("topic", "live_reviewed_by")


class TopicView(ListView):
    template_name = "articles/topic_detail.html"
    paginate_by = 12
    paginator_class = LookaheadPaginator

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        content_cache.shows(content_cache.list_tag(self.topic))  # an article entering the topic must reach it
        return article_cards().filter(topic=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
