"""What search engines and link previews read in <head>, and citation markers linked to their sources."""

import re
from html import unescape

import pytest
from django.template import Context, Template

from tests import factories

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


def head_tags(response) -> dict[str, str]:
    """Return title, description, canonical, robots and og:/twitter: values of a page."""
    html = response.content.decode()
    head = html.split("</head>", 1)[0]
    tags = {"title": unescape(re.search(r"<title>(.*?)</title>", head, re.S).group(1))}
    for key, value in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head):
        tags[key] = unescape(value)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', head)
    if canonical:
        tags["canonical"] = canonical.group(1)
    return tags


@pytest.fixture
def site():
    condition = factories.make_live_condition(name="Fibromyalgia", slug="fibromyalgia", summary="Widespread pain.")
    topic = factories.make_topic(name="Medicines", description="How medicines support recovery.")
    article = factories.make_live_article(
        title="What is naltrexone used for?",
        slug="naltrexone",
        summary="How naltrexone helps.",
        meta_description="Naltrexone for opioid and alcohol use disorder.",
        topic=topic,
        conditions=[condition],
    )
    author = article.authors.first() or factories.make_contributor(name="Sample Writer", is_writer=True)
    return {"article": article, "condition": condition, "topic": topic, "contributor": author}


def public_urls(site) -> list[str]:
    return [
        "/",
        "/articles/",
        site["article"].get_absolute_url(),
        site["topic"].get_absolute_url(),
        "/conditions/",
        site["condition"].get_absolute_url(),
        site["contributor"].get_absolute_url(),
        "/contact/",
        "/search/?q=naltrexone",
        "/search/?q=zzqx",
    ]


def test_every_page_type_has_its_own_title_and_a_description(client, site):
    tags = [head_tags(client.get(url)) for url in public_urls(site)]

    titles = [tag["title"] for tag in tags]
    assert len(set(titles)) == len(titles), titles
    assert all(tag["description"].strip() for tag in tags)


def test_every_page_has_open_graph_and_twitter_tags_matching_its_title_and_description(client, site):
    for url in public_urls(site):
        tags = head_tags(client.get(url))
        assert tags["og:title"] == tags["twitter:title"] == tags["title"], url
        assert tags["og:description"] == tags["twitter:description"] == tags["description"], url
        assert tags["og:image"] == tags["twitter:image"] == f"{BASE}/static/img/og-default.png"
        assert tags["og:site_name"] == "Recovery Site"
        assert tags["twitter:card"] == "summary_large_image"


def test_article_head_describes_the_article(client, site):
    tags = head_tags(client.get("/articles/naltrexone/?utm_source=newsletter"))

    assert tags["title"] == "What is naltrexone used for? | Recovery Site"
    assert tags["description"] == "Naltrexone for opioid and alcohol use disorder."
    assert tags["canonical"] == tags["og:url"] == f"{BASE}/articles/naltrexone/"
    assert tags["og:type"] == "article"


def test_condition_description_falls_back_to_its_summary(client, site):
    tags = head_tags(client.get("/conditions/fibromyalgia/"))

    assert tags["description"] == tags["og:description"] == "Widespread pain."
    assert tags["og:type"] == "article"


def test_canonical_address_keeps_only_a_page_number_past_the_first(client, site):
    for _ in range(13):
        factories.make_live_article()

    assert head_tags(client.get("/articles/?page=2&ref=x"))["canonical"] == f"{BASE}/articles/?page=2"
    assert head_tags(client.get("/articles/?page=1"))["canonical"] == f"{BASE}/articles/"
    assert head_tags(client.get("/"))["og:type"] == "website"


@pytest.mark.parametrize("url", ["/search/?q=naltrexone", "/no-such-page/"])
def test_search_results_and_missing_pages_ask_not_to_be_indexed(client, site, url):
    tags = head_tags(client.get(url))

    assert tags["robots"] == "noindex, follow"
    assert "canonical" not in tags


def test_every_page_links_the_article_feed(client, site):
    html = client.get("/").content.decode()

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Recovery Site: articles" href="/feeds/articles/">'
        in html
    )


def render_body(body: str, sources: int) -> str:
    return Template("{% load seo %}{% cite_links body count %}").render(Context({"body": body, "count": sources}))


def test_citation_markers_link_to_their_numbered_sources():
    html = render_body("<p>LDN eased pain [1] and fatigue [2, 3].</p>", 3)

    assert re.findall(r'href="#source-(\d)"', html) == ["1", "2", "3"]
    assert '<sup class="cite">[<a href="#source-1"><span class="visually-hidden">source </span>1</a>]</sup>' in html


def test_markers_without_a_matching_source_or_inside_a_link_stay_plain_text():
    html = render_body('<p>See [4] and <a href="/x/">note [1]</a>, or [1, 9].</p>', 3)

    assert "#source-" not in html
    assert html == '<p>See [4] and <a href="/x/">note [1]</a>, or [1, 9].</p>'


def test_markers_inside_a_tag_stay_as_they_are():
    body = '<p><img src="/m/x.png" alt="Chart [1]"> Results [1].</p>'

    html = render_body(body, 1)

    assert 'alt="Chart [1]"' in html
    assert html.count('href="#source-1"') == 1


def test_article_page_links_markers_to_the_sources_list(client):
    factories.make_live_article(
        slug="cited",
        body="<p>About 60% reported less pain [1].</p>",
        sources=[{"title": "Low-dose naltrexone for fibromyalgia", "publisher": "National Institutes of Health"}],
    )

    html = client.get("/articles/cited/").content.decode()

    assert 'href="#source-1"' in html
    assert 'id="source-1"' in html


def test_condition_page_links_markers_to_the_sources_list(client):
    factories.make_live_condition(
        slug="cited", body="<p>Joint swelling eased [1].</p>", sources=[{"title": "A study", "publisher": "UCSF"}]
    )

    html = client.get("/conditions/cited/").content.decode()

    assert 'href="#source-1"' in html
    assert 'id="source-1"' in html


def test_later_pages_of_a_topic_have_their_own_title(client, site):
    for _ in range(13):
        factories.make_live_article(topic=site["topic"])

    first = head_tags(client.get("/articles/topic/medicines/"))["title"]
    second = head_tags(client.get("/articles/topic/medicines/?page=2"))["title"]

    assert first == "Medicines | Recovery Site"
    assert second == "Medicines (page 2) | Recovery Site"
