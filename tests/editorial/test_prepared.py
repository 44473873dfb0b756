"""Prepared queries: the ORM writes a shape's SQL once, later runs only swap in the values."""

import pytest
from django.db.models.functions import JSONObject

from articles.models import Article, ArticleSource
from editorial import prepared
from editorial.prepared import JSONList, LivePageQuery, PreparedQuery, instance
from tests import factories

pytestmark = pytest.mark.django_db


def live_by_slug(slug):
    return Article.objects.live().filter(slug=slug).values("id", "title", "first_published_at")


def test_rows_equal_what_the_orm_returns_converted_values_included():
    article = factories.make_live_article(title="Naltrexone basics")

    rows = PreparedQuery(live_by_slug).rows(article.slug)

    assert rows == list(live_by_slug(article.slug))
    assert rows[0]["first_published_at"] == article.first_published_at  # a datetime, on SQLite too


def test_sql_is_built_once_per_shape_and_reused_with_new_values(django_assert_num_queries):
    first, second = factories.make_live_article(), factories.make_live_article()
    builds = []

    def build(slug):
        builds.append(slug)
        return live_by_slug(slug)

    query = PreparedQuery(build)
    with django_assert_num_queries(2):
        assert [row["id"] for row in query.rows(first.slug)] == [first.pk]
        assert [row["id"] for row in query.rows(second.slug)] == [second.pk]

    assert len(builds) == 1
    assert first.slug not in builds  # built with a stand-in, never with a visitor's value


def test_shapes_with_more_values_are_prepared_separately():
    articles = [factories.make_live_article() for _ in range(3)]
    query = PreparedQuery(lambda *ids: Article.objects.filter(pk__in=ids).order_by("pk").values("id"))

    assert [row["id"] for row in query.rows(articles[0].pk)] == [articles[0].pk]
    assert [row["id"] for row in query.rows(articles[1].pk, articles[2].pk)] == [articles[1].pk, articles[2].pk]


def test_only_so_many_shapes_are_kept_and_others_still_run(monkeypatch):
    monkeypatch.setattr(prepared, "MAX_SHAPES", 1)
    articles = [factories.make_live_article() for _ in range(3)]
    query = PreparedQuery(lambda *ids: Article.objects.filter(pk__in=ids).order_by("pk").values("id"))

    query.rows(articles[0].pk)
    assert [row["id"] for row in query.rows(articles[1].pk, articles[2].pk)] == [articles[1].pk, articles[2].pk]
    assert len(query._compiled) == 1


def test_values_the_orm_rewrites_are_refused_with_a_clear_error():
    query = PreparedQuery(lambda text: Article.objects.filter(title__icontains=text).values("id"))

    with pytest.raises(ValueError, match="changed value"):
        query.rows("naltrexone")


def test_visibility_stays_with_the_queryset_it_was_built_from():
    article = factories.make_article()  # a draft: never live

    assert PreparedQuery(live_by_slug).rows(article.slug) == []


def test_json_list_keeps_the_subquery_order_and_is_empty_without_rows():
    article = factories.make_live_article(sources=[{"title": "B"}, {"title": "A"}])
    bare = factories.make_live_article()

    def sources(article_id):
        items = (
            ArticleSource.objects.filter(article=article_id).order_by("position").values(item=JSONObject(title="title"))
        )
        return Article.objects.filter(pk=article_id).values(items=JSONList(items))

    query = PreparedQuery(sources)
    assert query.rows(article.pk) == [{"items": [{"title": "B"}, {"title": "A"}]}]
    assert query.rows(bare.pk) == [{"items": []}]


def test_instance_loads_the_given_columns_and_defers_the_rest():
    article = factories.make_live_article(title="Kept")

    loaded = instance(Article, {"id": article.pk, "title": "Kept"})

    assert (loaded.pk, loaded.title, loaded._state.adding) == (article.pk, "Kept", False)
    assert "body" in loaded.get_deferred_fields()


def test_live_page_query_returns_none_for_a_page_that_is_not_live():
    page = LivePageQuery(Article, fields=("title",), joined={}, lists={})
    live, draft = factories.make_live_article(title="Shown"), factories.make_article()

    assert page.get(live.slug).title == "Shown"
    assert page.get(draft.slug) is None
    assert page.get("no-such-page") is None
