"""Content tags (issue 29): each kind of change refreshes the cached pages that show what it touched, and only those.

Every test caches a small site through the real middleware, makes one change the way staff make it, commits
it, and asks each page again: "miss" is a page rendered afresh, "hit" one served from the page cache.
"""

import re

import pytest

from articles.models import Topic
from editorial import workflow
from tests import factories


@pytest.fixture
def site(db, committed):
    """Two topics, three conditions, four articles and their contributors, all live."""
    staff = {
        "writer": factories.make_writer(),
        "reviewer": factories.make_reviewer(),
        "editor": factories.make_editor(),
    }
    author, other_author = factories.make_contributor(name="Dr Ada Byline"), factories.make_contributor()
    recovery, sleep = factories.make_topic(name="Recovery", slug="recovery"), factories.make_topic(slug="sleep")

    def live(make, **kwargs):
        return committed(factories.publish, make(user=staff["writer"], **kwargs), **reviewed(staff))

    crohns, fibro, ms = (live(factories.make_condition, name=name) for name in ("Crohn's", "Fibromyalgia", "MS"))
    pages = {
        "crohns": crohns,
        "fibro": fibro,
        "ms": ms,
        # B is A's neighbour on the same topic, so A's card is among B's related articles.
        "b": live(factories.make_article, title="Article B", topic=recovery, authors=[other_author]),
        "a": live(factories.make_article, title="Article A", topic=recovery, authors=[author], conditions=[crohns]),
        "d": live(factories.make_article, title="Article D", topic=sleep, authors=[other_author], conditions=[fibro]),
    }
    return {"staff": staff, "pages": pages, "author": author, "other_author": other_author, "topics": (recovery, sleep)}


def reviewed(staff):
    return {"reviewer": staff["reviewer"], "editor": staff["editor"]}


def urls_of(site):
    pages, (recovery, sleep) = site["pages"], site["topics"]
    return {
        **{name: page.get_absolute_url() for name, page in pages.items()},
        "topic recovery": recovery.get_absolute_url(),
        "topic sleep": sleep.get_absolute_url(),
        "author": site["author"].get_absolute_url(),
        "other author": site["other_author"].get_absolute_url(),
        "article list": "/articles/",
        "conditions index": "/conditions/",
        "home": "/",
        "feed": "/feeds/articles/",
        "sitemap": "/sitemap.xml",
    }


def cache_all(client, urls):
    for url in urls.values():
        assert client.get(url).status_code == 200, url
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in urls.values())


def refreshed(client, urls) -> set[str]:
    """Return the names of the pages rendered afresh (every other one was a hit)."""
    answers = {name: client.get(url) for name, url in urls.items()}
    return {name for name, response in answers.items() if response.get("X-Page-Cache") != "hit"}


def republish(obj, staff, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    workflow.save_draft(obj, user=staff["writer"])
    return factories.publish(obj, **reviewed(staff))


def test_publishing_an_article_refreshes_what_shows_or_lists_it_and_nothing_else(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)

    committed(republish, site["pages"]["a"], site["staff"], summary="A new summary.")

    assert refreshed(client, urls) == {
        "a",
        "b",  # shows A's card among its related articles
        "crohns",  # lists A
        "topic recovery",
        "author",
        "article list",
        "home",
        "feed",
        "sitemap",
    }
    assert "A new summary." in client.get(urls["b"]).content.decode()


def test_a_condition_newly_linked_by_a_publish_refreshes_though_it_never_showed_the_article(
    client, page_cache, site, committed
):
    urls = urls_of(site)
    cache_all(client, urls)
    article = site["pages"]["a"]
    article.set_relation("conditions", [site["pages"]["crohns"], site["pages"]["ms"]])

    committed(republish, article, site["staff"], summary="Now about MS too.")

    assert {"ms", "crohns", "a"} <= refreshed(client, urls)
    assert "Article A" in client.get(urls["ms"]).content.decode()


def test_unpublishing_an_article_removes_it_from_every_page_that_showed_it(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)

    committed(workflow.unpublish, site["pages"]["a"], user=site["staff"]["editor"])

    assert client.get(urls["a"]).status_code == 404
    for name in ("b", "crohns", "topic recovery", "author", "article list", "home", "feed", "sitemap"):
        assert "Article A" not in client.get(urls[name]).content.decode(), name
    assert client.get(urls["d"])["X-Page-Cache"] == "hit"


def test_changing_the_disclaimer_block_refreshes_every_page(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)
    block = factories.make_block(kind="disclaimer", body="<p>The new disclaimer.</p>")

    committed(factories.publish, block, **reviewed(site["staff"]))

    html_pages = {name for name in urls if name not in ("feed", "sitemap")}
    assert refreshed(client, urls) >= html_pages
    assert all("The new disclaimer." in client.get(urls[name]).content.decode() for name in html_pages)


def test_a_contributor_edit_refreshes_the_pages_with_their_name_only(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)
    author = site["author"]
    author.name = "Dr Ada Renamed"

    committed(author.save)

    # The feed names each article's authors; the sitemap lists every contributor's page.
    assert refreshed(client, urls) == {"a", "author", "feed", "sitemap"}
    assert "Dr Ada Renamed" in client.get(urls["a"]).content.decode()


def test_an_education_or_affiliation_change_refreshes_that_profile_only(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)
    author = site["author"]

    committed(author.education.create, degree="Doctor of Pharmacy (PharmD)", institution="Sample University")

    assert refreshed(client, urls) == {"author"}
    assert "Sample University" in client.get(urls["author"]).content.decode()
    membership = committed(author.affiliations.create, name="Sample Society")
    assert refreshed(client, urls) == {"author"}
    committed(membership.delete)
    assert refreshed(client, urls) == {"author"}
    assert "Sample Society" not in client.get(urls["author"]).content.decode()


def test_a_page_going_live_joins_the_profiles_of_its_author_and_reviewer(client, page_cache, site, committed):
    urls = {**urls_of(site), "reviewer": site["staff"]["reviewer"].contributor.get_absolute_url()}
    cache_all(client, urls)
    article = factories.make_article(user=site["staff"]["writer"], title="Article E", authors=[site["other_author"]])

    committed(factories.publish, article, **reviewed(site["staff"]))

    changed = refreshed(client, urls)
    assert {"other author", "reviewer"} <= changed and "author" not in changed
    for name in ("other author", "reviewer"):
        assert "Article E" in client.get(urls[name]).content.decode(), name


def test_a_topic_rename_refreshes_the_pages_that_name_the_topic_only(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)
    recovery = Topic.objects.get(slug="recovery")
    recovery.name = "Staying well"

    committed(recovery.save)

    changed = refreshed(client, urls)
    assert {"a", "b", "topic recovery", "crohns", "article list", "home"} <= changed
    assert changed.isdisjoint({"d", "fibro", "ms", "topic sleep", "conditions index"})
    assert "Staying well" in client.get(urls["b"]).content.decode()


def test_a_publish_leaves_an_unrelated_condition_and_another_articles_page_hits(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)

    committed(republish, site["pages"]["d"], site["staff"], summary="D again.")

    changed = refreshed(client, urls)
    assert "d" in changed and "fibro" in changed
    assert changed.isdisjoint({"a", "b", "crohns", "ms", "topic recovery", "author"})


def test_a_publish_rolled_back_refreshes_nothing(client, page_cache, site, django_capture_on_commit_callbacks):
    urls = urls_of(site)
    cache_all(client, urls)

    with django_capture_on_commit_callbacks(execute=False):  # the transaction never commits
        republish(site["pages"]["a"], site["staff"], summary="Never committed.")

    assert refreshed(client, urls) == set()


def related_box(client, url) -> str:
    """Return the related-articles box of a page, as a visitor gets it."""
    section = re.search(r'<section class="related-articles".*?</section>', client.get(url).content.decode(), re.S)
    return section.group(0) if section else ""


def test_a_new_article_on_the_topic_enters_the_related_box_of_a_cached_article(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)
    staff, (recovery, _) = site["staff"], site["topics"]

    committed(factories.publish, factories.make_article(title="Article E", topic=recovery, user=staff["writer"]),
              **reviewed(staff))  # fmt: skip

    changed = refreshed(client, urls)
    assert {"a", "b"} <= changed  # both on its topic: E is the newest there
    assert changed.isdisjoint({"d", "fibro", "ms", "topic sleep"})
    assert "Article E" in related_box(client, urls["a"]) and "Article E" in related_box(client, urls["b"])


def test_a_new_article_about_a_condition_enters_the_related_box_of_its_cached_articles(
    client, page_cache, site, committed
):
    urls = urls_of(site)
    cache_all(client, urls)
    staff, (_, sleep) = site["staff"], site["topics"]
    crohns = site["pages"]["crohns"]
    assert "Article F" not in related_box(client, urls["a"])

    committed(factories.publish, factories.make_article(title="Article F", topic=sleep, conditions=[crohns],
              user=staff["writer"]), **reviewed(staff))  # fmt: skip

    assert "Article F" in related_box(client, urls["a"])  # A is about Crohn's too


def test_an_unpublished_article_leaves_the_related_box_of_a_cached_article(client, page_cache, site, committed):
    urls = urls_of(site)
    cache_all(client, urls)
    assert "Article A" in related_box(client, urls["b"])

    committed(workflow.unpublish, site["pages"]["a"], user=site["staff"]["editor"])

    assert "Article A" not in related_box(client, urls["b"])


def test_an_article_published_again_keeps_its_place_so_boxes_without_it_stay_cached(
    client, page_cache, committed, settings, db
):
    staff = {
        "writer": factories.make_writer(),
        "reviewer": factories.make_reviewer(),
        "editor": factories.make_editor(),
    }
    topic = factories.make_topic()
    oldest, *newer = [
        committed(
            factories.publish,
            factories.make_article(title=f"Page {n}", topic=topic, user=staff["writer"]),
            **reviewed(staff),
        )  # fmt: skip
        for n in range(5)
    ]
    # Each box shows the three newest others: the oldest page is in none of them.
    urls = {page.title: page.get_absolute_url() for page in newer}
    cache_all(client, urls)
    assert all("Page 0" not in related_box(client, url) for url in urls.values())

    committed(republish, oldest, staff, summary="A correction.")

    assert refreshed(client, urls) == set()
    settings.PAGE_CACHE_SECONDS = 0  # every page and box rendered afresh: the cached ones were still right
    assert all("Page 0" not in related_box(client, url) for url in urls.values())


@pytest.fixture
def roomy_cache(settings, page_cache):
    """Room for 300 pages and their tags where the cache is Django's memory cache (300 entries by default)."""
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("LocMemCache"):
        settings.CACHES = {**settings.CACHES, "default": {**default, "OPTIONS": {"MAX_ENTRIES": 10_000}}}


def test_after_one_publish_nearly_every_other_page_of_a_site_is_still_a_hit(client, roomy_cache, db, committed):
    """The measurement of issue 29 at a small scale: 300 pages; bench/cache_tags.py runs it at 5,000."""
    staff = {
        "writer": factories.make_writer(),
        "reviewer": factories.make_reviewer(),
        "editor": factories.make_editor(),
    }
    topics = [factories.make_topic() for _ in range(20)]
    conditions = [committed(factories.publish, factories.make_condition(), **reviewed(staff)) for _ in range(20)]
    articles = [
        committed(
            factories.publish,
            factories.make_article(topic=topics[n % 20], conditions=[conditions[n % 20]], user=staff["writer"]),
            **reviewed(staff),
        )
        for n in range(240)
    ]
    urls = {f"page {n}": page.get_absolute_url() for n, page in enumerate([*articles, *conditions, *topics])} | {
        "article list": "/articles/",
        "home": "/",
        "conditions index": "/conditions/",
        "feed": "/feeds/articles/",
    }
    assert len(urls) == 284
    cache_all(client, urls)
    published = articles[100]

    committed(republish, published, staff, summary="Updated once.")

    others = {name for name, url in urls.items() if url != published.get_absolute_url()}
    still_hits = others - refreshed(client, urls)
    ratio = len(still_hits) / len(others)
    print(f"after one publish, {len(still_hits)} of {len(others)} other cached pages still hit ({ratio:.1%})")
    # Refreshed: its topic and condition pages, the pages showing its card (at most three related boxes),
    # the list, home and feed: about ten, whatever the size of the site.
    assert len(others) - len(still_hits) <= 12
