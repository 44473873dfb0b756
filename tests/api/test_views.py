"""The read API's endpoints as a partner's client gets them: lists, details, filters, order and errors."""

import datetime

import pytest

from editorial import workflow
from editorial.models import Contributor
from tests import factories
from tests.api.conftest import go_live, republish

pytestmark = pytest.mark.django_db

API = "/api/v1"


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


def test_each_list_and_detail_answers_with_live_items(site, anonymous):
    assert slugs(anonymous.get(f"{API}/articles/")) == ["naltrexone-basics"]
    assert slugs(anonymous.get(f"{API}/conditions/")) == ["opioid-use-disorder"]
    assert slugs(anonymous.get(f"{API}/pages/")) == ["about"]
    assert slugs(anonymous.get(f"{API}/topics/")) == ["medications"]
    assert slugs(anonymous.get(f"{API}/contributors/")) == ["dana-ames", "sam-writer"]
    assert anonymous.get(f"{API}/articles/naltrexone-basics/").json()["title"] == "Naltrexone basics"
    assert anonymous.get(f"{API}/conditions/opioid-use-disorder/").json()["other_names"] == ["OUD"]
    assert anonymous.get(f"{API}/pages/about/").json()["kind"] == "about"
    assert anonymous.get(f"{API}/topics/medications/").json()["url"] == "http://testserver/articles/topic/medications/"
    assert anonymous.get(f"{API}/contributors/sam-writer/").json()["is_writer"] is True


def test_corrections_list_the_notes_of_live_pages_only(site, anonymous):
    gone = site["condition"]
    republish(gone, "Corrected a symptom.", "correction", body="<p>Fixed.</p>")
    workflow.unpublish(gone, user=factories.make_editor())

    corrections = anonymous.get(f"{API}/corrections/").json()["results"]

    assert [(item["text"], item["page_type"], item["page_url"], item["revision"]) for item in corrections] == [
        ("Corrected the starting dose.", "article", "http://testserver/articles/naltrexone-basics/", 2)
    ]
    assert anonymous.get(f"{API}/corrections/{corrections[0]['id']}/").json()["page_title"] == "Naltrexone basics"


def test_articles_filter_by_topic_condition_and_update_time(site, anonymous):
    other = go_live(factories.make_article(title="Sleep", slug="sleep"))
    later = other.last_published_at

    assert slugs(anonymous.get(f"{API}/articles/?topic=medications")) == ["naltrexone-basics"]
    assert slugs(anonymous.get(f"{API}/articles/?condition=opioid-use-disorder")) == ["naltrexone-basics"]
    assert slugs(anonymous.get(f"{API}/articles/?topic=unknown")) == []
    since = (later - datetime.timedelta(microseconds=1)).isoformat()
    assert slugs(anonymous.get(f"{API}/articles/", {"updated_since": since})) == ["sleep"]


def test_a_bad_filter_value_is_a_400_naming_the_parameter(site, anonymous):
    response = anonymous.get(f"{API}/articles/?updated_since=yesterday&topic=a/b")

    assert response.status_code == 400
    assert set(response.json()) == {"updated_since", "topic"}
    assert "format" in response.json()["updated_since"][0].lower()


def test_lists_are_paginated_newest_update_first_with_the_id_breaking_ties(site, anonymous):
    for n in range(26):
        go_live(factories.make_article(title=f"Extra {n}", slug=f"extra-{n}"))

    first = anonymous.get(f"{API}/articles/").json()
    second = anonymous.get(first["next"]).json()

    assert first["count"] == 27
    assert len(first["results"]) == 25
    assert slugs(anonymous.get(f"{API}/articles/"))[:2] == ["extra-25", "extra-24"]
    assert [item["slug"] for item in second["results"]] == ["extra-0", "naltrexone-basics"]
    assert anonymous.get(f"{API}/articles/?page=3").status_code == 404


def test_a_missing_or_hidden_item_is_a_404(site, anonymous):
    assert anonymous.get(f"{API}/articles/secret-draft/").status_code == 404
    assert anonymous.get(f"{API}/articles/withdrawn-piece/").status_code == 404
    assert anonymous.get(f"{API}/conditions/hidden-condition/").status_code == 404
    assert anonymous.get(f"{API}/pages/privacy/").status_code == 404
    assert anonymous.get(f"{API}/corrections/999999/").status_code == 404


def test_the_api_only_reads(site, anonymous):
    response = anonymous.post(f"{API}/articles/", {"title": "x"})

    assert response.status_code in (403, 405)
    assert anonymous.delete(f"{API}/articles/naltrexone-basics/").status_code in (403, 405)


def test_the_schema_is_openapi_3_and_names_every_endpoint(anonymous, db):
    response = anonymous.get(f"{API}/schema/", {"format": "json"})
    schema = response.json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        f"{API}/{name}/{detail}"
        for name, key in (
            ("articles", "{slug}"),
            ("conditions", "{slug}"),
            ("pages", "{kind}"),
            ("topics", "{slug}"),
            ("contributors", "{slug}"),
            ("corrections", "{id}"),
        )
        for detail in ("", f"{key}/")
    }


def test_an_empty_filter_value_is_refused_not_ignored(site, anonymous):
    # Found by schemathesis: a blank ?updated_since= was read as "not given".
    response = anonymous.get(f"{API}/articles/?updated_since=&topic=")

    assert response.status_code == 400
    assert set(response.json()) == {"updated_since", "topic"}


def test_contributors_are_those_named_on_a_live_page_only(site, anonymous):
    policy_reviewer = factories.make_reviewer("policy-reviewer")
    Contributor.objects.filter(user=policy_reviewer).update(slug="policy-reviewer")
    go_live(factories.make_site_page(kind="privacy"), reviewer=policy_reviewer)
    factories.make_contributor(name="Nobody Yet", slug="nobody-yet", is_writer=True)

    listed = slugs(anonymous.get(f"{API}/contributors/"))

    assert listed == ["dana-ames", "policy-reviewer", "sam-writer"]
    assert anonymous.get(f"{API}/contributors/nobody-yet/").status_code == 404
