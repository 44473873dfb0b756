"""One visibility rule: every public read path shows exactly the pages ``Model.objects.live()`` returns.

Articles and condition pages are made in every editorial state through the workflow, each with a word of its
own; search, the sitemap, the feed, the lists, the topic page and the home page must show the live ones and
nothing else, and search must follow a rule added to ``live()`` (it once kept a hand-written copy of it).
"""

import datetime
import os
import re

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles.models import Article
from conditions.models import Condition
from editorial import workflow
from editorial.models import ReviewedContentQuerySet
from pages.models import SitePage
from tests import factories
from tests.articles.test_sitemaps import sitemap_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    """Run only on PostgreSQL (the typo statement); with REQUIRE_POSTGRES=1 anything else is a failure."""
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL.")
        pytest.skip("Typo matching uses pg_trgm (set DATABASE_URL).")


SHARED = "zephyrineq"  # in every page's live text (and every draft's)
STATES = ("draft", "inreview", "approved", "scheduled", "live", "expired", "unpublished", "revised")
# The states whose pages visitors may see, worked out from what each state means (not from live()).
VISIBLE_STATES = {"live", "revised"}
KINDS = {"art": "articles", "con": "conditions"}
# Every link to one of these pages, wherever it appears in a public response.
PAGE_LINK = re.compile(r"/(articles|conditions)/(vis-(?:art|con)-[a-z]+)/")
RESULT_LINK = re.compile(r'<li class="search-hit">.*?<a href="/(articles|conditions)/([^/"]+)/"', re.S)
LATER = datetime.timedelta(hours=2)  # past the expired pages' unpublishing time, before any scheduled publication


def word(kind: str, state: str) -> str:
    """Return the word only this page's live text holds (ending in q, so no word is the start of another)."""
    return f"{kind}{state}q"


def draft_word(kind: str) -> str:
    return f"{kind}newdraftq"


def make_page(kind: str, state: str, topic):
    """Create one page in ``state`` through the workflow, its own word in its summary, the shared one in its body."""
    text = {"summary": f"About {word(kind, state)}.", "body": f"<p>{SHARED} and {word(kind, state)}.</p>"}
    slug = f"vis-{kind}-{state}"
    if kind == "art":
        page = factories.make_article(slug=slug, title=f"Sample article {state}", topic=topic, **text)
    else:
        page = factories.make_condition(slug=slug, name=f"Sample condition {state}", **text)
    editor = factories.make_editor()
    if state == "inreview":
        workflow.submit(page, user=page.draft_updated_by)
    elif state == "approved":
        factories.approve_draft(page)
    elif state == "scheduled":
        workflow.publish(factories.approve_draft(page), user=editor, at=timezone.now() + datetime.timedelta(days=2))
    elif state in ("live", "expired", "unpublished", "revised"):
        factories.publish(page)
    if state == "expired":  # due an hour from now; the requests below come after it, before publish_scheduled
        workflow.unpublish(page, user=editor, at=timezone.now() + datetime.timedelta(hours=1))
    elif state == "unpublished":
        workflow.unpublish(page, user=editor)
    elif state == "revised":  # a newer draft in review: visitors still see the live text
        page.summary = f"About {draft_word(kind)}."
        page.body = f"<p>{SHARED} and {draft_word(kind)}.</p>"
        workflow.save_draft(page, user=page.draft_updated_by)
        workflow.submit(page, user=page.draft_updated_by)
    return page


@pytest.fixture
def site():
    """Every state of both kinds, one live site page and one in draft, and the topic the articles share."""
    topic = factories.make_topic(name="Visibility", slug="visibility")
    pages = {(kind, state): make_page(kind, state, topic) for kind in KINDS for state in STATES}
    factories.publish(factories.make_site_page(kind=SitePage.Kind.EDITORIAL_POLICY))
    factories.make_site_page(kind=SitePage.Kind.ABOUT)
    return pages


def live_links() -> set[tuple[str, str]]:
    """Return (section, slug) of every page live() lets visitors see: the expected set, from the one rule."""
    articles = {("articles", slug) for slug in Article.objects.live().values_list("slug", flat=True)}
    return articles | {("conditions", slug) for slug in Condition.objects.live().values_list("slug", flat=True)}


def named(states) -> set[tuple[str, str]]:
    return {(section, f"vis-{kind}-{state}") for kind, section in KINDS.items() for state in states}


def links(client, url: str) -> set[tuple[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return set(PAGE_LINK.findall(response.content.decode()))


def found(client, query: str) -> set[tuple[str, str]]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200, query
    return set(RESULT_LINK.findall(response.content.decode()))


def test_the_visible_pages_are_the_live_and_revised_ones(site):
    with time_machine.travel(timezone.now() + LATER):
        assert live_links() == named(VISIBLE_STATES)


def test_search_finds_exactly_the_live_pages_by_each_pages_word_and_by_the_shared_word(site, client):
    with time_machine.travel(timezone.now() + LATER):
        expected = live_links()
        assert expected == named(VISIBLE_STATES)  # never vacuous
        assert found(client, SHARED) == expected
        for kind, section in KINDS.items():
            for state in STATES:
                page = (section, f"vis-{kind}-{state}")
                assert found(client, word(kind, state)) == {page} & expected, state
            assert found(client, draft_word(kind)) == set()


def test_sitemap_feed_lists_topic_and_home_show_exactly_the_live_pages(site, client):
    with time_machine.travel(timezone.now() + LATER):
        expected = live_links()
        articles = {link for link in expected if link[0] == "articles"}
        conditions = expected - articles
        assert expected == named(VISIBLE_STATES)
        assert set().union(*(links(client, path) for path in sitemap_files(client))) == expected
        assert links(client, "/feeds/articles/") == articles
        assert links(client, "/articles/") == articles
        assert links(client, "/articles/topic/visibility/") == articles
        assert links(client, "/conditions/") == conditions
        assert links(client, "/") == expected


def test_only_live_pages_open_and_no_hidden_text_reaches_a_public_page(site, client):
    with time_machine.travel(timezone.now() + LATER):
        expected = live_links()
        for (kind, _), page in site.items():
            status = client.get(f"/{KINDS[kind]}/{page.slug}/").status_code
            assert status == (200 if (KINDS[kind], page.slug) in expected else 404), page.slug
        hidden = [word(kind, state) for kind in KINDS for state in set(STATES) - VISIBLE_STATES]
        hidden += [draft_word(kind) for kind in KINDS]
        for url in [
            *sitemap_files(client),
            "/feeds/articles/",
            "/articles/",
            "/conditions/",
            "/",
            f"/search/?q={SHARED}",
        ]:
            html = client.get(url).content.decode()
            assert not [text for text in hidden if text in html], url


def test_site_pages_in_the_sitemap_are_the_live_ones(site, client):
    sitemap = client.get("/sitemap-pages.xml").content.decode()

    assert "/editorial-policy/</loc>" in sitemap
    assert "/about/</loc>" not in sitemap
    assert client.get("/about/").status_code == 404


def test_search_follows_a_rule_added_to_live(site, client, monkeypatch):
    # The regression a second, hand-written copy of the rule let through: live() hides a page, search shows it.
    hidden = site["art", "live"]
    original = ReviewedContentQuerySet.live

    def stricter(queryset, language=None):
        visible = original(queryset, language)
        return visible.exclude(pk=hidden.pk) if queryset.model is Article else visible

    with time_machine.travel(timezone.now() + LATER):
        assert ("articles", hidden.slug) in found(client, SHARED)
        monkeypatch.setattr(ReviewedContentQuerySet, "live", stricter)

        assert found(client, SHARED) == named(VISIBLE_STATES) - {("articles", hidden.slug)}
        assert found(client, word("art", "live")) == set()


@pytest.mark.postgres
def test_typo_search_follows_a_rule_added_to_live(postgres, site, client, monkeypatch):
    # No page holds "artcle": the full-text ranking finds nothing and the trigram match on titles answers.
    hidden = site["art", "live"]
    original = ReviewedContentQuerySet.live

    def stricter(queryset, language=None):
        visible = original(queryset, language)
        return visible.exclude(pk=hidden.pk) if queryset.model is Article else visible

    with time_machine.travel(timezone.now() + LATER):
        assert ("articles", hidden.slug) in found(client, "Sample artcle live")
        monkeypatch.setattr(ReviewedContentQuerySet, "live", stricter)

        assert ("articles", hidden.slug) not in found(client, "Sample artcle live")
