"""Every public page mounted in recovery_site/urls.py takes at most 8 queries, however much content is live."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
PUBLIC_PAGES = [
    "/",
    "/articles/",
    "/articles/topic/recovery/",
    "/articles/sleep-and-recovery-1/",
    "/conditions/",
    "/conditions/condition-1/",
    "/contributors/sam-writer/",
    "/search/?q=sleep+recovery",
    "/search/?q=sleep+recovery&page=2",
    "/search/?q=slep",
    "/search/?q=zzqx+unheard-of",
    "/no-such-page/",
    "/sitemap.xml",
    "/feeds/articles/",
    "/robots.txt",
    "/contact/",
]


def add_content(first: int, last: int, topic, writer) -> None:
    """Publish articles and condition pages numbered first..last, all by one writer, articles in one topic."""
    for n in range(first, last + 1):
        condition = factories.make_live_condition(name=f"Condition {n}", slug=f"condition-{n}", authors=[writer])
        factories.make_live_article(
            title=f"Sleep and recovery {n}",
            slug=f"sleep-and-recovery-{n}",
            summary="Sleep matters in recovery.",
            body="<p>Sleep and recovery go together.</p>",
            topic=topic,
            authors=[writer],
            conditions=[condition],
            sources=[{"title": f"Source {n}", "publisher": "NIH", "url": "https://www.nih.gov/"}],
        )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_takes_at_most_eight_queries_with_one_page_of_each_kind_live_or_twelve(
    client, path, django_assert_max_num_queries
):
    topic = factories.make_topic(name="Recovery", slug="recovery")
    writer = factories.make_contributor(name="Sam Writer", slug="sam-writer", is_writer=True)
    add_content(1, 1, topic, writer)
    with django_assert_max_num_queries(MAX_QUERIES):
        small = client.get(path)

    add_content(2, 12, topic, writer)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = client.get(path)

    assert small.status_code == large.status_code
    assert small.status_code in (200, 404)
    assert (small.status_code == 404) == (path == "/no-such-page/")
